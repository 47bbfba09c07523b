// QPACK error codes (RFC 9204 §6) and QpackError, the error value carried by qpack's Result.
#pragma once

#include <cstdint>
#include <string_view>

namespace quasar::qpack {

// RFC 9204 §6: the three HTTP/3 error codes QPACK defines.
enum class QpackErrorCode : uint64_t {
  kDecompressionFailed = 0x0200,  // a field section could not be decoded
  kEncoderStreamError = 0x0201,   // the decoder could not process an encoder instruction
  kDecoderStreamError = 0x0202,   // the encoder could not process a decoder instruction
};

// "QPACK_DECOMPRESSION_FAILED", "QPACK_ENCODER_STREAM_ERROR" or "QPACK_DECODER_STREAM_ERROR".
std::string_view qpack_error_name(QpackErrorCode code);

// A QPACK protocol error: the RFC's code and a short reason. `reason` always points at a
// string literal, so errors are cheap to copy and never allocate.
struct QpackError {
  QpackErrorCode code = QpackErrorCode::kDecompressionFailed;
  const char* reason = "";

  static constexpr QpackError decompression_failed(const char* reason) {
    return {QpackErrorCode::kDecompressionFailed, reason};
  }
  static constexpr QpackError encoder_stream(const char* reason) {
    return {QpackErrorCode::kEncoderStreamError, reason};
  }
  static constexpr QpackError decoder_stream(const char* reason) {
    return {QpackErrorCode::kDecoderStreamError, reason};
  }

  // The numeric code for CONNECTION_CLOSE / RESET_STREAM.
  uint64_t wire_code() const { return static_cast<uint64_t>(code); }
  std::string_view name() const { return qpack_error_name(code); }
};

}  // namespace quasar::qpack
