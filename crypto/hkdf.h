// HKDF-Extract (RFC 5869 §2.2) and the TLS 1.3 HKDF-Expand-Label (RFC 8446 §7.1), writing into
// caller memory so key derivation never allocates.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/cipher_suite.h"

namespace quasar {

// `out` must be exactly hash_length(hash) bytes. Returns false on failure.
[[nodiscard]] bool hkdf_extract(HashAlgorithm hash, std::span<const uint8_t> salt,
                                std::span<const uint8_t> input_key_material,
                                std::span<uint8_t> out);

// The largest encoded HkdfLabel: length (2), label<7..255>, context<0..255>.
inline constexpr size_t kMaxHkdfLabelLength = 2 + 1 + 255 + 1 + 255;

// RFC 8446 §7.1: writes the HkdfLabel structure
//   uint16 length; opaque label<7..255> = "tls13 " + label; opaque context<0..255>;
// into `out` and returns its size, or 0 if the label or context is too long or `out` too small.
size_t encode_hkdf_label(size_t length, std::string_view label, std::span<const uint8_t> context,
                         std::span<uint8_t> out);

// HKDF-Expand(secret, HkdfLabel, out.size()): fills all of `out`. Returns false if the label or
// context is too long or `out` is empty.
[[nodiscard]] bool hkdf_expand_label(HashAlgorithm hash, std::span<const uint8_t> secret,
                                     std::string_view label, std::span<const uint8_t> context,
                                     std::span<uint8_t> out);

}  // namespace quasar
