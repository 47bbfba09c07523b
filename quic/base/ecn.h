// Ecn: the two-bit ECN codepoint of an IP packet (RFC 3168), as carried to and from the core.
#pragma once

#include <cstdint>

namespace quasar {

enum class Ecn : uint8_t { kNotEct = 0b00, kEct1 = 0b01, kEct0 = 0b10, kCe = 0b11 };

}  // namespace quasar
