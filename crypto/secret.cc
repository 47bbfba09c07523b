#include "crypto/secret.h"

#include <algorithm>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/mem.h>

namespace quasar {

bool Secret::from_bytes(std::span<const uint8_t> bytes, Secret& out) {
  out.wipe();
  if (bytes.size() > kCapacity) return false;
  if (!bytes.empty()) std::memcpy(out.bytes_.data(), bytes.data(), bytes.size());
  out.length_ = static_cast<uint8_t>(bytes.size());
  return true;
}

Secret Secret::of_length(size_t length) {
  Secret secret;
  secret.length_ = static_cast<uint8_t>(std::min(length, kCapacity));
  return secret;
}

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    bytes_ = other.bytes_;
    length_ = other.length_;
  }
  return *this;
}

void Secret::wipe() {
  OPENSSL_cleanse(bytes_.data(), bytes_.size());
  length_ = 0;
}

bool operator==(const Secret& a, const Secret& b) {
  return a.length_ == b.length_ && CRYPTO_memcmp(a.bytes_.data(), b.bytes_.data(), a.length_) == 0;
}

}  // namespace quasar
