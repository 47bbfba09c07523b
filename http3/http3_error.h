// HTTP/3 error codes (RFC 9114 §8.1, RFC 9204 §6) and Http3Error, the error value carried by
// http3's Result.
#pragma once

#include <cstdint>
#include <string_view>

namespace quasar::http3 {

// RFC 9114 §8.1, and the three QPACK codes of RFC 9204 §6.
enum class Http3ErrorCode : uint64_t {
  kNoError = 0x0100,
  kGeneralProtocolError = 0x0101,
  kInternalError = 0x0102,
  kStreamCreationError = 0x0103,
  kClosedCriticalStream = 0x0104,
  kFrameUnexpected = 0x0105,
  kFrameError = 0x0106,
  kExcessiveLoad = 0x0107,
  kIdError = 0x0108,
  kSettingsError = 0x0109,
  kMissingSettings = 0x010a,
  kRequestRejected = 0x010b,
  kRequestCancelled = 0x010c,
  kRequestIncomplete = 0x010d,
  kMessageError = 0x010e,
  kConnectError = 0x010f,
  kVersionFallback = 0x0110,
  kQpackDecompressionFailed = 0x0200,
  kQpackEncoderStreamError = 0x0201,
  kQpackDecoderStreamError = 0x0202,
};

constexpr uint64_t wire_code(Http3ErrorCode code) { return static_cast<uint64_t>(code); }

// "H3_FRAME_ERROR", "QPACK_DECOMPRESSION_FAILED", ...; "H3_RESERVED" for the reserved codes of
// RFC 9114 §8.1 (0x1f * N + 0x21) and "UNKNOWN" for anything else.
std::string_view http3_error_name(uint64_t code);

// RFC 9114 §8.1: codes of the form 0x1f * N + 0x21 are reserved to exercise the rule that
// unknown codes mean H3_NO_ERROR.
constexpr bool is_reserved_error_code(uint64_t code) {
  return code >= 0x21 && (code - 0x21) % 0x1f == 0;
}

// A connection error detected while processing the peer's input: the code that goes into
// CONNECTION_CLOSE, the HTTP/3 frame type that triggered it (when there is one) and a short
// reason. `reason` always points at a string literal, so errors are cheap to copy.
struct Http3Error {
  uint64_t code = wire_code(Http3ErrorCode::kNoError);
  const char* reason = "";
  uint64_t frame_type = 0;
  bool has_frame_type = false;

  static constexpr Http3Error of(Http3ErrorCode code, const char* reason) {
    return Http3Error{wire_code(code), reason, 0, false};
  }
  static constexpr Http3Error in_frame(Http3ErrorCode code, uint64_t frame_type,
                                       const char* reason) {
    return Http3Error{wire_code(code), reason, frame_type, true};
  }

  bool is(Http3ErrorCode c) const { return code == wire_code(c); }
  std::string_view name() const { return http3_error_name(code); }
};

}  // namespace quasar::http3
