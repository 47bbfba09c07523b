// Prefixed integers (RFC 7541 §5.1, used unmodified by RFC 9204 §4.1.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "qpack/byte_reader.h"

namespace quasar::qpack {

// RFC 9204 §4.1.1: decoders must accept integers up to 62 bits; anything larger is refused
// as an implementation limit (RFC 9204 §7.4), which also rules out overflow while decoding.
inline constexpr uint64_t kMaxPrefixInteger = (uint64_t{1} << 62) - 1;

// Bytes needed for `value` with an N-bit prefix (1 <= prefix_bits <= 8).
size_t prefix_integer_length(int prefix_bits, uint64_t value);

// Appends `value` with an N-bit prefix; `pattern` holds the bits above the prefix in the
// first byte (they must not overlap the prefix).
void append_prefix_integer(std::vector<uint8_t>& out, uint8_t pattern, int prefix_bits,
                           uint64_t value);

// Reads an N-bit prefix integer, ignoring the bits above the prefix in the first byte.
// kInvalid when the value exceeds kMaxPrefixInteger or the encoding is longer than any
// 62-bit value needs.
ParseStatus read_prefix_integer(ByteReader& in, int prefix_bits, uint64_t& value);

}  // namespace quasar::qpack
