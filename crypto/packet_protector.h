// PacketProtector: AEAD packet protection with one key in one direction (RFC 9001 §5.3), sealing
// and opening in place in the caller's packet buffer, and counting use against the AEAD limits
// (RFC 9001 §6.6).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/cipher_suite.h"
#include "crypto/crypto_error.h"
#include "quic/base/result.h"

namespace quasar {

class PacketProtector {
 public:
  virtual ~PacketProtector() = default;
  PacketProtector(const PacketProtector&) = delete;
  PacketProtector& operator=(const PacketProtector&) = delete;

  // Encrypts payload_and_tag[0, size - 16) in place with nonce = iv XOR packet_number, `header`
  // (the unprotected header up to and including the packet number) as associated data, and
  // writes the 16-byte tag into the last 16 bytes. Fails with kConfidentialityLimit once this
  // key has sealed its limit: the connection must have updated keys before that.
  Result<void, CryptoError> seal(uint64_t packet_number, std::span<const uint8_t> header,
                                 std::span<uint8_t> payload_and_tag);

  // Decrypts ciphertext_and_tag in place and returns the plaintext length (size - 16). On
  // kAuthenticationFailed the packet is dropped and counts toward the integrity limit.
  Result<size_t, CryptoError> open(uint64_t packet_number, std::span<const uint8_t> header,
                                   std::span<uint8_t> ciphertext_and_tag);

  uint64_t packets_sealed() const { return packets_sealed_; }
  uint64_t failed_opens() const { return failed_opens_; }
  uint64_t confidentiality_limit() const { return confidentiality_limit_; }
  uint64_t integrity_limit() const { return integrity_limit_; }
  // RFC 9001 §6.6: true once three quarters of the confidentiality limit is used, which leaves
  // room for the key update (it needs an acknowledged packet first) to complete in time.
  bool key_update_due() const { return packets_sealed_ >= confidentiality_limit_ / 4 * 3; }
  // Lowers the limits, e.g. to exercise key updates in tests. RFC 9001 Appendix B allows higher
  // limits only with a size bound on packets, which this class does not check.
  void set_usage_limits(uint64_t confidentiality_limit, uint64_t integrity_limit) {
    confidentiality_limit_ = confidentiality_limit;
    integrity_limit_ = integrity_limit;
  }

 protected:
  PacketProtector(uint64_t confidentiality_limit, uint64_t integrity_limit)
      : confidentiality_limit_(confidentiality_limit), integrity_limit_(integrity_limit) {}

  // Implementations transform `payload` in place; the tag is written to or read from `tag`.
  virtual bool seal_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                             std::span<uint8_t> payload,
                             std::span<uint8_t, kAeadTagLength> tag) = 0;
  virtual bool open_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                             std::span<uint8_t> payload,
                             std::span<const uint8_t, kAeadTagLength> tag) = 0;

 private:
  uint64_t packets_sealed_ = 0;
  uint64_t failed_opens_ = 0;
  uint64_t confidentiality_limit_;
  uint64_t integrity_limit_;
};

// RFC 9001 §5.3: the 62-bit packet number, left-padded to the IV size, XORed with the IV.
inline void make_packet_nonce(std::span<const uint8_t, kAeadNonceLength> iv, uint64_t packet_number,
                              std::span<uint8_t, kAeadNonceLength> nonce) {
  for (size_t i = 0; i < kAeadNonceLength; ++i) nonce[i] = iv[i];
  for (size_t i = 0; i < 8; ++i) {
    nonce[kAeadNonceLength - 1 - i] ^= static_cast<uint8_t>(packet_number >> (8 * i));
  }
}

}  // namespace quasar
