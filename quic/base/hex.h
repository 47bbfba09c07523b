// Hex encoding and decoding of byte strings, for logs, qlog and test vectors.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quasar {

std::string hex_encode(std::span<const uint8_t> bytes);
// Accepts upper and lower case and ignores whitespace; nullopt on any other character or an
// odd number of digits.
std::optional<std::vector<uint8_t>> hex_decode(std::string_view hex);

}  // namespace quasar
