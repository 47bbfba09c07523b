// CryptoError: why a packet-protection or key-derivation call failed. These are local outcomes,
// not connection errors: a packet that fails to open is dropped (RFC 9001 §5.5).
#pragma once

#include <cstdint>

namespace quasar {

enum class CryptoError : uint8_t {
  kUnsupportedVersion,    // no packet protection is defined for this QUIC version
  kInvalidArgument,       // wrong key length, buffer too small, label too long, ...
  kPacketTooShort,        // no room for the header protection sample: drop (RFC 9001 §5.4.2)
  kAuthenticationFailed,  // the AEAD rejected the packet: drop it (RFC 9001 §5.5)
  kKeyUnavailable,        // the keys this packet needs were discarded or never derived
  kConfidentialityLimit,  // this key sealed its limit of packets: update keys (RFC 9001 §6.6)
  kKeyUpdateNotAllowed,   // the previous key update has not completed (RFC 9001 §6.1)
  kInternal,              // BoringSSL failed where it should not
};

constexpr const char* crypto_error_name(CryptoError error) {
  switch (error) {
    case CryptoError::kUnsupportedVersion:
      return "unsupported QUIC version";
    case CryptoError::kInvalidArgument:
      return "invalid argument";
    case CryptoError::kPacketTooShort:
      return "packet too short for the header protection sample";
    case CryptoError::kAuthenticationFailed:
      return "packet authentication failed";
    case CryptoError::kKeyUnavailable:
      return "packet protection key unavailable";
    case CryptoError::kConfidentialityLimit:
      return "confidentiality limit reached for this key";
    case CryptoError::kKeyUpdateNotAllowed:
      return "key update not allowed yet";
    case CryptoError::kInternal:
      return "internal crypto failure";
  }
  return "unknown crypto error";
}

}  // namespace quasar
