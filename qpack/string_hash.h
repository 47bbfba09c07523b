// A fast 64-bit hash of byte strings, for the encoder's table and history lookups.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace quasar::qpack {

// Word-at-a-time multiply-xorshift hash. Not cryptographic: the tables it feeds are bounded
// by the dynamic table capacity, so colliding inputs cost time only within that bound.
inline uint64_t hash_string(std::string_view s, uint64_t seed) {
  constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ull;
  uint64_t h = seed ^ (s.size() * kMultiplier);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t word = 0;
    std::memcpy(&word, p, n);
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
  }
  h = (h ^ (h >> 32)) * kMultiplier;
  return h ^ (h >> 29);
}

// Hashes of a field line: of its name alone, and of name and value together.
struct FieldHashes {
  uint64_t name = 0;
  uint64_t field = 0;
};

inline FieldHashes hash_field(std::string_view name, std::string_view value) {
  const uint64_t name_hash = hash_string(name, 0x51afd7ed558ccd00ull);
  return {name_hash, hash_string(value, name_hash)};
}

}  // namespace quasar::qpack
