#include "crypto/packet_key_material.h"

#include "crypto/hkdf.h"
#include "crypto/version_crypto.h"

namespace quasar {

Result<PacketKeyMaterial, CryptoError> derive_packet_key_material(std::span<const uint8_t> secret,
                                                                  CipherSuite suite,
                                                                  uint32_t version) {
  const VersionCrypto* constants = version_crypto(version);
  if (constants == nullptr) return Err{CryptoError::kUnsupportedVersion};
  if (secret.size() != secret_length(suite)) return Err{CryptoError::kInvalidArgument};
  const HashAlgorithm hash = hash_of(suite);
  PacketKeyMaterial material;
  material.key = Secret::of_length(key_length(suite));
  material.iv = Secret::of_length(kAeadNonceLength);
  material.hp = Secret::of_length(key_length(suite));
  if (!hkdf_expand_label(hash, secret, constants->key_label, {}, material.key.mutable_span()) ||
      !hkdf_expand_label(hash, secret, constants->iv_label, {}, material.iv.mutable_span()) ||
      !hkdf_expand_label(hash, secret, constants->hp_label, {}, material.hp.mutable_span())) {
    return Err{CryptoError::kInternal};
  }
  return material;
}

Result<Secret, CryptoError> derive_next_generation_secret(std::span<const uint8_t> secret,
                                                          CipherSuite suite, uint32_t version) {
  const VersionCrypto* constants = version_crypto(version);
  if (constants == nullptr) return Err{CryptoError::kUnsupportedVersion};
  if (secret.size() != secret_length(suite)) return Err{CryptoError::kInvalidArgument};
  Secret next = Secret::of_length(secret.size());
  if (!hkdf_expand_label(hash_of(suite), secret, constants->ku_label, {}, next.mutable_span())) {
    return Err{CryptoError::kInternal};
  }
  return next;
}

}  // namespace quasar
