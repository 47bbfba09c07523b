// Helpers shared by the stream tests: deterministic payloads.
#pragma once

#include <cstdint>
#include <vector>

namespace quasar::testing {

// Bytes whose value depends on their offset, so a byte in the wrong place is caught.
inline uint8_t pattern_byte(uint64_t offset) {
  return static_cast<uint8_t>((offset * 131 + (offset >> 8) * 7 + 17) & 0xff);
}

inline std::vector<uint8_t> pattern(uint64_t offset, size_t length) {
  std::vector<uint8_t> bytes(length);
  for (size_t i = 0; i < length; ++i) bytes[i] = pattern_byte(offset + i);
  return bytes;
}

}  // namespace quasar::testing
