#include "crypto/tls_alert.h"

namespace quasar {

const char* tls_alert_name(uint8_t alert) {
  switch (static_cast<TlsAlert>(alert)) {
    case TlsAlert::kUnexpectedMessage:
      return "unexpected_message";
    case TlsAlert::kBadRecordMac:
      return "bad_record_mac";
    case TlsAlert::kHandshakeFailure:
      return "handshake_failure";
    case TlsAlert::kBadCertificate:
      return "bad_certificate";
    case TlsAlert::kUnsupportedCertificate:
      return "unsupported_certificate";
    case TlsAlert::kCertificateRevoked:
      return "certificate_revoked";
    case TlsAlert::kCertificateExpired:
      return "certificate_expired";
    case TlsAlert::kCertificateUnknown:
      return "certificate_unknown";
    case TlsAlert::kIllegalParameter:
      return "illegal_parameter";
    case TlsAlert::kUnknownCa:
      return "unknown_ca";
    case TlsAlert::kAccessDenied:
      return "access_denied";
    case TlsAlert::kDecodeError:
      return "decode_error";
    case TlsAlert::kDecryptError:
      return "decrypt_error";
    case TlsAlert::kProtocolVersion:
      return "protocol_version";
    case TlsAlert::kInsufficientSecurity:
      return "insufficient_security";
    case TlsAlert::kInternalError:
      return "internal_error";
    case TlsAlert::kMissingExtension:
      return "missing_extension";
    case TlsAlert::kUnsupportedExtension:
      return "unsupported_extension";
    case TlsAlert::kUnrecognizedName:
      return "unrecognized_name";
    case TlsAlert::kCertificateRequired:
      return "certificate_required";
    case TlsAlert::kNoApplicationProtocol:
      return "no_application_protocol";
  }
  return "unknown_alert";
}

QuicError tls_alert_error(uint8_t alert) {
  constexpr uint64_t kCryptoFrameType = 0x06;
  return QuicError{crypto_error_code(alert), kCryptoFrameType, tls_alert_name(alert), false};
}

}  // namespace quasar
