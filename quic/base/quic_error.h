// Transport error codes (RFC 9000 §20.1) and QuicError, the error value carried by Result.
#pragma once

#include <cstdint>
#include <string_view>

namespace quasar {

// RFC 9000 §20.1, RFC 9368 §10.2 (VERSION_NEGOTIATION_ERROR).
enum class TransportError : uint64_t {
  kNoError = 0x00,
  kInternalError = 0x01,
  kConnectionRefused = 0x02,
  kFlowControlError = 0x03,
  kStreamLimitError = 0x04,
  kStreamStateError = 0x05,
  kFinalSizeError = 0x06,
  kFrameEncodingError = 0x07,
  kTransportParameterError = 0x08,
  kConnectionIdLimitError = 0x09,
  kProtocolViolation = 0x0a,
  kInvalidToken = 0x0b,
  kApplicationError = 0x0c,
  kCryptoBufferExceeded = 0x0d,
  kKeyUpdateError = 0x0e,
  kAeadLimitReached = 0x0f,
  kNoViablePath = 0x10,
  kVersionNegotiationError = 0x11,
  kCryptoErrorBase = 0x100,  // 0x100 + TLS alert (RFC 9001 §4.8), up to 0x1ff
};

// "FLOW_CONTROL_ERROR", "CRYPTO_ERROR" (for 0x100..0x1ff), or "UNKNOWN" for other codes.
std::string_view transport_error_name(uint64_t code);

// The code for a TLS alert (RFC 9001 §4.8).
constexpr uint64_t crypto_error_code(uint8_t tls_alert) {
  return static_cast<uint64_t>(TransportError::kCryptoErrorBase) + tls_alert;
}

// An error detected while processing input or closing a connection: the code that goes into
// CONNECTION_CLOSE, the frame type that triggered it (0 when none), and a short reason.
// `reason` always points at a string literal, so errors are cheap to copy and never allocate.
struct QuicError {
  uint64_t code = 0;
  uint64_t frame_type = 0;
  const char* reason = "";
  // True for an application error (CONNECTION_CLOSE type 0x1d), false for a transport error.
  bool application = false;

  static constexpr QuicError transport(TransportError code, uint64_t frame_type,
                                       const char* reason) {
    return QuicError{static_cast<uint64_t>(code), frame_type, reason, false};
  }
  static constexpr QuicError app(uint64_t code, const char* reason) {
    return QuicError{code, 0, reason, true};
  }

  bool is(TransportError e) const {
    return !application && code == static_cast<uint64_t>(e);
  }
  friend bool operator==(const QuicError& a, const QuicError& b) {
    return a.code == b.code && a.frame_type == b.frame_type && a.application == b.application;
  }
};

}  // namespace quasar
