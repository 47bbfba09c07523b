// Prefixed integers (RFC 7541 §5.1).
#include "qpack/prefix_integer.h"

#include <cassert>

namespace quasar::qpack {

size_t prefix_integer_length(int prefix_bits, uint64_t value) {
  const uint64_t max_prefix = (uint64_t{1} << prefix_bits) - 1;
  if (value < max_prefix) return 1;
  value -= max_prefix;
  size_t length = 2;
  while (value >= 128) {
    value >>= 7;
    ++length;
  }
  return length;
}

void append_prefix_integer(std::vector<uint8_t>& out, uint8_t pattern, int prefix_bits,
                           uint64_t value) {
  assert(prefix_bits >= 1 && prefix_bits <= 8);
  const uint64_t max_prefix = (uint64_t{1} << prefix_bits) - 1;
  assert((pattern & max_prefix) == 0);
  if (value < max_prefix) {
    out.push_back(static_cast<uint8_t>(pattern | value));
    return;
  }
  out.push_back(static_cast<uint8_t>(pattern | max_prefix));
  value -= max_prefix;
  while (value >= 128) {
    out.push_back(static_cast<uint8_t>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<uint8_t>(value));
}

ParseStatus read_prefix_integer(ByteReader& in, int prefix_bits, uint64_t& value) {
  assert(prefix_bits >= 1 && prefix_bits <= 8);
  if (in.empty()) return ParseStatus::kIncomplete;
  const uint64_t max_prefix = (uint64_t{1} << prefix_bits) - 1;
  uint64_t result = in.read_byte() & max_prefix;
  if (result < max_prefix) {
    value = result;
    return ParseStatus::kOk;
  }
  // Each continuation byte adds 7 bits. A 62-bit value needs at most 9 of them; a tenth,
  // even one carrying only zero bits, is refused so the shift below can never overflow.
  for (int shift = 0; shift <= 56; shift += 7) {
    if (in.empty()) return ParseStatus::kIncomplete;
    const uint8_t byte = in.read_byte();
    result += static_cast<uint64_t>(byte & 0x7f) << shift;
    if (result > kMaxPrefixInteger) return ParseStatus::kInvalid;
    if ((byte & 0x80) == 0) {
      value = result;
      return ParseStatus::kOk;
    }
  }
  return ParseStatus::kInvalid;
}

}  // namespace quasar::qpack
