// StatelessResetToken: the 16-byte token that authenticates a stateless reset (RFC 9000 §10.3).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace quasar {

inline constexpr size_t kStatelessResetTokenLength = 16;
using StatelessResetToken = std::array<uint8_t, kStatelessResetTokenLength>;

// Compares two tokens in constant time (RFC 9000 §10.3.1: a check must not leak how much of a
// guess matched).
inline bool stateless_reset_tokens_equal(const StatelessResetToken& a,
                                         const StatelessResetToken& b) {
  uint8_t difference = 0;
  for (size_t i = 0; i < kStatelessResetTokenLength; ++i) difference |= a[i] ^ b[i];
  return difference == 0;
}

}  // namespace quasar
