#include "crypto/hkdf.h"

#include <array>
#include <cstring>

#include <openssl/digest.h>
#include <openssl/hkdf.h>

namespace quasar {
namespace {

const EVP_MD* digest_of(HashAlgorithm hash) {
  return hash == HashAlgorithm::kSha384 ? EVP_sha384() : EVP_sha256();
}

constexpr std::string_view kTls13LabelPrefix = "tls13 ";

}  // namespace

bool hkdf_extract(HashAlgorithm hash, std::span<const uint8_t> salt,
                  std::span<const uint8_t> input_key_material, std::span<uint8_t> out) {
  if (out.size() != hash_length(hash)) return false;
  size_t written = 0;
  return HKDF_extract(out.data(), &written, digest_of(hash), input_key_material.data(),
                      input_key_material.size(), salt.data(), salt.size()) == 1 &&
         written == out.size();
}

size_t encode_hkdf_label(size_t length, std::string_view label, std::span<const uint8_t> context,
                         std::span<uint8_t> out) {
  const size_t full_label_length = kTls13LabelPrefix.size() + label.size();
  const size_t encoded_length = 2 + 1 + full_label_length + 1 + context.size();
  if (length > 0xffff || full_label_length > 255 || context.size() > 255 ||
      out.size() < encoded_length) {
    return 0;
  }
  size_t n = 0;
  out[n++] = static_cast<uint8_t>(length >> 8);
  out[n++] = static_cast<uint8_t>(length);
  out[n++] = static_cast<uint8_t>(full_label_length);
  std::memcpy(&out[n], kTls13LabelPrefix.data(), kTls13LabelPrefix.size());
  n += kTls13LabelPrefix.size();
  if (!label.empty()) std::memcpy(&out[n], label.data(), label.size());
  n += label.size();
  out[n++] = static_cast<uint8_t>(context.size());
  if (!context.empty()) std::memcpy(&out[n], context.data(), context.size());
  return n + context.size();
}

bool hkdf_expand_label(HashAlgorithm hash, std::span<const uint8_t> secret, std::string_view label,
                       std::span<const uint8_t> context, std::span<uint8_t> out) {
  std::array<uint8_t, kMaxHkdfLabelLength> info;
  const size_t info_length = encode_hkdf_label(out.size(), label, context, info);
  if (out.empty() || info_length == 0) return false;
  return HKDF_expand(out.data(), out.size(), digest_of(hash), secret.data(), secret.size(),
                     info.data(), info_length) == 1;
}

}  // namespace quasar
