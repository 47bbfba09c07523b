// Helpers shared by the crypto tests: hex literals and RFC 9000 §A.3 packet number decoding.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include "quic/base/hex.h"

namespace quasar::test {

// Decodes a hex literal (whitespace ignored); aborts on a typo so a bad vector cannot pass.
inline std::vector<uint8_t> from_hex(std::string_view text) {
  auto bytes = hex_decode(text);
  if (!bytes) std::abort();
  return *bytes;
}

inline std::vector<uint8_t> concat(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  std::vector<uint8_t> out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// RFC 9000 Appendix A.3: the full packet number closest to the next expected one.
inline uint64_t decode_packet_number(uint64_t largest_pn, uint64_t truncated_pn, size_t pn_length) {
  const uint64_t expected = largest_pn + 1;
  const uint64_t window = uint64_t{1} << (8 * pn_length);
  const uint64_t half_window = window / 2;
  const uint64_t mask = window - 1;
  const uint64_t candidate = (expected & ~mask) | truncated_pn;
  if (candidate + half_window <= expected && candidate < (uint64_t{1} << 62) - window) {
    return candidate + window;
  }
  if (candidate > expected + half_window && candidate >= window) return candidate - window;
  return candidate;
}

}  // namespace quasar::test
