#include "crypto/stateless_reset_token.h"

#include <cstring>

#include <openssl/crypto.h>
#include <openssl/digest.h>
#include <openssl/hmac.h>
#include <openssl/mem.h>

namespace quasar {

StatelessResetTokenGenerator::StatelessResetTokenGenerator(std::span<const uint8_t> static_key)
    : key_(static_key.begin(), static_key.end()) {}

StatelessResetTokenGenerator::~StatelessResetTokenGenerator() {
  OPENSSL_cleanse(key_.data(), key_.size());
}

StatelessResetToken StatelessResetTokenGenerator::token_for(
    const ConnectionId& connection_id) const {
  StatelessResetToken token{};
  if (!valid()) return token;
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned digest_length = 0;
  if (HMAC(EVP_sha256(), key_.data(), key_.size(), connection_id.data(), connection_id.size(),
           digest, &digest_length) != nullptr &&
      digest_length >= token.size()) {
    std::memcpy(token.data(), digest, token.size());
  }
  OPENSSL_cleanse(digest, sizeof(digest));
  return token;
}

}  // namespace quasar
