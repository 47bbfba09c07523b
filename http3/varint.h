// QUIC variable-length integers (RFC 9000 §16) as HTTP/3 uses them for frame types, lengths,
// stream types, settings and IDs (RFC 9114 §1.3): sizes, encoding and incremental decoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace quasar::http3 {

// RFC 9000 §16: the largest value a variable-length integer can hold, 2^62 - 1.
inline constexpr uint64_t kMaxVarint = (uint64_t{1} << 62) - 1;

// The minimal number of bytes (1, 2, 4 or 8) that encodes `value`; 0 above kMaxVarint.
constexpr size_t varint_size(uint64_t value) {
  if (value < (uint64_t{1} << 6)) return 1;
  if (value < (uint64_t{1} << 14)) return 2;
  if (value < (uint64_t{1} << 30)) return 4;
  if (value <= kMaxVarint) return 8;
  return 0;
}

// The length of a varint from its first byte (the two-bit prefix).
constexpr size_t varint_length(uint8_t first_byte) { return size_t{1} << (first_byte >> 6); }

// Decodes the varint at the start of `in`. Returns the number of bytes it took, or 0 when `in`
// ends inside it (or is empty). Non-minimal encodings are accepted (RFC 9000 §16).
inline size_t decode_varint(std::span<const uint8_t> in, uint64_t& value) {
  if (in.empty()) return 0;
  const size_t length = varint_length(in[0]);
  if (in.size() < length) return 0;
  uint64_t v = in[0] & 0x3f;
  for (size_t i = 1; i < length; ++i) v = (v << 8) | in[i];
  value = v;
  return length;
}

// Writes `value` minimally at `out`, which has room for varint_size(value) bytes; returns the
// number written. `value` must not exceed kMaxVarint.
inline size_t encode_varint(uint64_t value, uint8_t* out) {
  static constexpr uint8_t kPrefix[9] = {0, 0x00, 0x40, 0, 0x80, 0, 0, 0, 0xc0};
  const size_t length = varint_size(value);
  for (size_t i = length; i-- > 0;) {
    out[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
  out[0] |= kPrefix[length];
  return length;
}

// Appends `value`, minimally encoded, to `out`.
inline void append_varint(std::vector<uint8_t>& out, uint64_t value) {
  uint8_t bytes[8];
  const size_t n = encode_varint(value, bytes);
  out.insert(out.end(), bytes, bytes + n);
}

}  // namespace quasar::http3
