// TLS alerts (RFC 8446 §6) and their QUIC form: CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8).
#pragma once

#include <cstdint>

#include "quic/base/quic_error.h"

namespace quasar {

// The alerts a QUIC handshake can end with.
enum class TlsAlert : uint8_t {
  kUnexpectedMessage = 10,
  kBadRecordMac = 20,
  kHandshakeFailure = 40,
  kBadCertificate = 42,
  kUnsupportedCertificate = 43,
  kCertificateRevoked = 44,
  kCertificateExpired = 45,
  kCertificateUnknown = 46,
  kIllegalParameter = 47,
  kUnknownCa = 48,
  kAccessDenied = 49,
  kDecodeError = 50,
  kDecryptError = 51,
  kProtocolVersion = 70,
  kInsufficientSecurity = 71,
  kInternalError = 80,
  kMissingExtension = 109,
  kUnsupportedExtension = 110,
  kUnrecognizedName = 112,
  kCertificateRequired = 116,
  kNoApplicationProtocol = 120,
};

// "handshake_failure", ... or "unknown_alert"; always a string literal.
const char* tls_alert_name(uint8_t alert);

// The connection error for a TLS alert: CRYPTO_ERROR 0x100 + alert, raised by a CRYPTO frame
// (type 0x06), with the alert's name as the reason.
QuicError tls_alert_error(uint8_t alert);
inline QuicError tls_alert_error(TlsAlert alert) {
  return tls_alert_error(static_cast<uint8_t>(alert));
}
// The same with a more specific reason (a string literal) than the alert's name.
inline QuicError tls_alert_error(TlsAlert alert, const char* reason) {
  QuicError error = tls_alert_error(alert);
  error.reason = reason;
  return error;
}
}  // namespace quasar
