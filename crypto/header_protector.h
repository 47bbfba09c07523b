// HeaderProtector: the header protection function of a cipher suite (RFC 9001 §5.4.1), turning a
// 16-byte ciphertext sample into a 5-byte mask. The key never changes on key update.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "crypto/cipher_suite.h"
#include "crypto/crypto_error.h"
#include "quic/base/result.h"

namespace quasar {

using HeaderProtectionMask = std::array<uint8_t, 5>;

class HeaderProtector {
 public:
  virtual ~HeaderProtector() = default;
  virtual HeaderProtectionMask mask(
      std::span<const uint8_t, kHeaderProtectionSampleLength> sample) const = 0;
  // The masks of several samples (each pointing at 16 bytes), e.g. for a batch of packets sent
  // together. Implementations may compute them side by side; by default one at a time.
  virtual void masks(std::span<const uint8_t* const> samples,
                     std::span<HeaderProtectionMask> out) const;
};

// AES-ECB for the AES-GCM suites (RFC 9001 §5.4.3), ChaCha20 for ChaCha20-Poly1305 (§5.4.4).
// `hp_key` must be key_length(suite) bytes.
Result<std::unique_ptr<HeaderProtector>, CryptoError> make_header_protector(
    CipherSuite suite, std::span<const uint8_t> hp_key);

}  // namespace quasar
