#include "crypto/aead_packet_protector.h"

#include <array>
#include <cstring>

#include <openssl/aead.h>
#include <openssl/mem.h>

namespace quasar {
namespace {

const EVP_AEAD* aead_of(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::kAes128GcmSha256:
      return EVP_aead_aes_128_gcm();
    case CipherSuite::kAes256GcmSha384:
      return EVP_aead_aes_256_gcm();
    case CipherSuite::kChaCha20Poly1305Sha256:
      return EVP_aead_chacha20_poly1305();
  }
  return nullptr;
}

class AeadPacketProtector final : public PacketProtector {
 public:
  explicit AeadPacketProtector(CipherSuite suite)
      : PacketProtector(aead_confidentiality_limit(suite), aead_integrity_limit(suite)) {
    EVP_AEAD_CTX_zero(&context_);
  }
  ~AeadPacketProtector() override {
    EVP_AEAD_CTX_cleanup(&context_);
    OPENSSL_cleanse(iv_.data(), iv_.size());
  }

  bool init(CipherSuite suite, std::span<const uint8_t> key, std::span<const uint8_t> iv) {
    std::memcpy(iv_.data(), iv.data(), iv_.size());
    return EVP_AEAD_CTX_init(&context_, aead_of(suite), key.data(), key.size(), kAeadTagLength,
                             nullptr) == 1;
  }

 protected:
  bool seal_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                     std::span<uint8_t> payload, std::span<uint8_t, kAeadTagLength> tag) override {
    std::array<uint8_t, kAeadNonceLength> nonce;
    make_packet_nonce(iv_, packet_number, nonce);
    size_t tag_length = 0;
    // The scatter form writes the tag apart from the ciphertext, so both stay in the caller's
    // buffer without a copy.
    return EVP_AEAD_CTX_seal_scatter(&context_, payload.data(), tag.data(), &tag_length, tag.size(),
                                     nonce.data(), nonce.size(), payload.data(), payload.size(),
                                     nullptr, 0, header.data(), header.size()) == 1 &&
           tag_length == kAeadTagLength;
  }

  bool open_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                     std::span<uint8_t> payload,
                     std::span<const uint8_t, kAeadTagLength> tag) override {
    std::array<uint8_t, kAeadNonceLength> nonce;
    make_packet_nonce(iv_, packet_number, nonce);
    return EVP_AEAD_CTX_open_gather(&context_, payload.data(), nonce.data(), nonce.size(),
                                    payload.data(), payload.size(), tag.data(), tag.size(),
                                    header.data(), header.size()) == 1;
  }

 private:
  EVP_AEAD_CTX context_;
  std::array<uint8_t, kAeadNonceLength> iv_{};
};

}  // namespace

Result<std::unique_ptr<PacketProtector>, CryptoError> make_aead_packet_protector(
    CipherSuite suite, std::span<const uint8_t> key, std::span<const uint8_t> iv) {
  if (key.size() != key_length(suite) || iv.size() != kAeadNonceLength) {
    return Err{CryptoError::kInvalidArgument};
  }
  auto protector = std::make_unique<AeadPacketProtector>(suite);
  if (!protector->init(suite, key, iv)) return Err{CryptoError::kInternal};
  return std::unique_ptr<PacketProtector>(std::move(protector));
}

}  // namespace quasar
