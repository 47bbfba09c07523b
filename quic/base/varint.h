// QUIC variable-length integers (RFC 9000 §16): sizes, limits, raw encode and decode.
#pragma once

#include <cstddef>
#include <cstdint>

namespace quasar {

// RFC 9000 §16: the largest value a variable-length integer can hold, 2^62 - 1.
inline constexpr uint64_t kMaxVarint = (uint64_t{1} << 62) - 1;

// The minimal number of bytes (1, 2, 4 or 8) that encodes `value`; 0 if it exceeds kMaxVarint.
constexpr size_t varint_size(uint64_t value) {
  if (value < (uint64_t{1} << 6)) return 1;
  if (value < (uint64_t{1} << 14)) return 2;
  if (value < (uint64_t{1} << 30)) return 4;
  if (value <= kMaxVarint) return 8;
  return 0;
}

// The length of a varint from its first byte (the two-bit prefix, RFC 9000 §16).
constexpr size_t varint_length_from_first_byte(uint8_t first) {
  return size_t{1} << (first >> 6);
}

// Writes `value` in exactly `length` bytes (1, 2, 4 or 8) at `out`. The caller checks that the
// value fits (value < 2^(8*length-2)) and that `out` has room.
inline void varint_write_unchecked(uint8_t* out, uint64_t value, size_t length) {
  static constexpr uint8_t kPrefix[9] = {0, 0x00, 0x40, 0, 0x80, 0, 0, 0, 0xc0};
  for (size_t i = length; i-- > 0;) {
    out[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
  out[0] |= kPrefix[length];
}

// The largest value that fits in a varint of `length` bytes.
constexpr uint64_t varint_max_for_length(size_t length) {
  return length >= 8 ? kMaxVarint : (uint64_t{1} << (8 * length - 2)) - 1;
}

}  // namespace quasar
