// A single byte range of a Range request (RFC 9110 §14.1.2), resolved against a file's size.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace quasar::http3 {

// The bytes [first, last] of the representation, both inclusive.
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t length() const { return last - first + 1; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// No range applies, and the whole representation is sent (no Range field, a syntax error, a
// unit other than bytes, or several ranges, which a server may ignore, RFC 9110 §14.2).
struct WholeRepresentation {};
// No byte of the range exists: 416 (Range Not Satisfiable).
struct RangeNotSatisfiable {};

using RangeOutcome = std::variant<WholeRepresentation, ByteRange, RangeNotSatisfiable>;

// `range_field`: the Range field's value, if any; `size`: the representation's length.
RangeOutcome resolve_range(std::optional<std::string_view> range_field, uint64_t size);

}  // namespace quasar::http3
