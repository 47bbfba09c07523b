// Required Insert Count and Base of an encoded field section prefix (RFC 9204 §4.5.1).
#pragma once

#include <cstdint>
#include <optional>

namespace quasar::qpack {

// RFC 9204 §4.5.1.1: the most entries a table of this maximum capacity can hold.
constexpr uint64_t max_entries(uint64_t max_table_capacity) { return max_table_capacity / 32; }

// The Encoded Required Insert Count: zero stays zero, anything else is reduced modulo
// 2 * MaxEntries and offset by one (RFC 9204 §4.5.1.1).
uint64_t encode_required_insert_count(uint64_t required_insert_count, uint64_t max_entries);

// Reconstructs the Required Insert Count from its encoding and the decoder's insert count,
// undoing wrap-around. nullopt for a value no conformant encoder could have produced.
std::optional<uint64_t> decode_required_insert_count(uint64_t encoded, uint64_t max_entries,
                                                     uint64_t total_inserts);

// The Sign bit and Delta Base that express `base` relative to the Required Insert Count
// (RFC 9204 §4.5.1.2).
struct EncodedBase {
  bool sign = false;
  uint64_t delta = 0;
};
EncodedBase encode_base(uint64_t required_insert_count, uint64_t base);

// The Base, or nullopt when Sign is 1 and Delta Base would make it negative.
std::optional<uint64_t> decode_base(uint64_t required_insert_count, bool sign, uint64_t delta);

}  // namespace quasar::qpack
