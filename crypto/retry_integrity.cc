#include "crypto/retry_integrity.h"

#include <openssl/aead.h>
#include <openssl/crypto.h>

#include "crypto/version_crypto.h"

namespace quasar {

Result<RetryIntegrityTag, CryptoError> compute_retry_integrity_tag(
    std::span<const uint8_t> pseudo_packet, uint32_t version) {
  const VersionCrypto* constants = version_crypto(version);
  if (constants == nullptr || !constants->has_retry) return Err{CryptoError::kUnsupportedVersion};
  EVP_AEAD_CTX context;
  if (EVP_AEAD_CTX_init(&context, EVP_aead_aes_128_gcm(), constants->retry_key.data(),
                        constants->retry_key.size(), kRetryIntegrityTagLength, nullptr) != 1) {
    return Err{CryptoError::kInternal};
  }
  // The plaintext is empty, so the whole output is the tag.
  RetryIntegrityTag tag{};
  size_t tag_length = 0;
  const int sealed = EVP_AEAD_CTX_seal(&context, tag.data(), &tag_length, tag.size(),
                                       constants->retry_nonce.data(), constants->retry_nonce.size(),
                                       nullptr, 0, pseudo_packet.data(), pseudo_packet.size());
  EVP_AEAD_CTX_cleanup(&context);
  if (sealed != 1 || tag_length != tag.size()) return Err{CryptoError::kInternal};
  return tag;
}

bool verify_retry_integrity_tag(std::span<const uint8_t> pseudo_packet,
                                std::span<const uint8_t> tag, uint32_t version) {
  if (tag.size() != kRetryIntegrityTagLength) return false;
  auto expected = compute_retry_integrity_tag(pseudo_packet, version);
  return expected.ok() && CRYPTO_memcmp(expected->data(), tag.data(), tag.size()) == 0;
}

}  // namespace quasar
