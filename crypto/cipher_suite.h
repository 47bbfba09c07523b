// CipherSuite: the TLS 1.3 cipher suites QUIC can protect packets with, their key sizes and AEAD
// usage limits (RFC 9001 §5.3, §6.6), and CipherSuiteSet for restricting negotiation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "quic/base/header_protection_sample.h"

namespace quasar {

// RFC 8446 §B.4 code points. TLS_AES_128_CCM_8_SHA256 is excluded by RFC 9001 §5.3 and
// TLS_AES_128_CCM_SHA256 is not offered by BoringSSL.
enum class CipherSuite : uint16_t {
  kAes128GcmSha256 = 0x1301,
  kAes256GcmSha384 = 0x1302,
  kChaCha20Poly1305Sha256 = 0x1303,
};
inline constexpr CipherSuite kAllCipherSuites[] = {CipherSuite::kAes128GcmSha256,
                                                   CipherSuite::kAes256GcmSha384,
                                                   CipherSuite::kChaCha20Poly1305Sha256};

// RFC 9001 §5.3: every suite QUIC uses has a 12-byte nonce and a 16-byte tag.
inline constexpr size_t kAeadNonceLength = 12;
inline constexpr size_t kAeadTagLength = 16;
// The largest secret (SHA-384) and key (AES-256, ChaCha20) any suite uses.
inline constexpr size_t kMaxSecretLength = 48;
inline constexpr size_t kMaxKeyLength = 32;

enum class HashAlgorithm : uint8_t { kSha256, kSha384 };

constexpr HashAlgorithm hash_of(CipherSuite suite) {
  return suite == CipherSuite::kAes256GcmSha384 ? HashAlgorithm::kSha384 : HashAlgorithm::kSha256;
}
constexpr size_t hash_length(HashAlgorithm hash) {
  return hash == HashAlgorithm::kSha384 ? 48 : 32;
}
// Length of the traffic secrets TLS derives for this suite (the hash length).
constexpr size_t secret_length(CipherSuite suite) { return hash_length(hash_of(suite)); }
// Length of the AEAD key and of the header protection key (RFC 9001 §5.1, §5.4.3, §5.4.4).
constexpr size_t key_length(CipherSuite suite) {
  return suite == CipherSuite::kAes128GcmSha256 ? 16 : 32;
}

// RFC 9001 §6.6: packets that may be protected with one key, and packets failing authentication
// a connection may see before it must close with AEAD_LIMIT_REACHED.
constexpr uint64_t aead_confidentiality_limit(CipherSuite suite) {
  // ChaCha20-Poly1305's limit exceeds the 2^62 packet numbers, so it never binds.
  return suite == CipherSuite::kChaCha20Poly1305Sha256 ? (uint64_t{1} << 62) : (uint64_t{1} << 23);
}
constexpr uint64_t aead_integrity_limit(CipherSuite suite) {
  return suite == CipherSuite::kChaCha20Poly1305Sha256 ? (uint64_t{1} << 36) : (uint64_t{1} << 52);
}

// nullopt for code points QUIC cannot use.
constexpr std::optional<CipherSuite> cipher_suite_from_id(uint16_t id) {
  switch (id) {
    case 0x1301:
      return CipherSuite::kAes128GcmSha256;
    case 0x1302:
      return CipherSuite::kAes256GcmSha384;
    case 0x1303:
      return CipherSuite::kChaCha20Poly1305Sha256;
  }
  return std::nullopt;
}

// The IANA name, e.g. "TLS_AES_128_GCM_SHA256".
constexpr const char* cipher_suite_name(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::kAes128GcmSha256:
      return "TLS_AES_128_GCM_SHA256";
    case CipherSuite::kAes256GcmSha384:
      return "TLS_AES_256_GCM_SHA384";
    case CipherSuite::kChaCha20Poly1305Sha256:
      return "TLS_CHACHA20_POLY1305_SHA256";
  }
  return "unknown";
}

// A set of cipher suites, e.g. the ones a configuration allows.
class CipherSuiteSet {
 public:
  constexpr CipherSuiteSet() = default;
  static constexpr CipherSuiteSet all() {
    CipherSuiteSet set;
    for (CipherSuite suite : kAllCipherSuites) set.add(suite);
    return set;
  }
  static constexpr CipherSuiteSet only(CipherSuite suite) {
    CipherSuiteSet set;
    set.add(suite);
    return set;
  }

  constexpr void add(CipherSuite suite) { bits_ |= bit(suite); }
  constexpr bool contains(CipherSuite suite) const { return (bits_ & bit(suite)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool is_all() const { return bits_ == all().bits_; }
  friend constexpr bool operator==(CipherSuiteSet, CipherSuiteSet) = default;

 private:
  static constexpr uint8_t bit(CipherSuite suite) {
    return static_cast<uint8_t>(1u << (static_cast<uint16_t>(suite) - 0x1301));
  }
  uint8_t bits_ = 0;
};

}  // namespace quasar
