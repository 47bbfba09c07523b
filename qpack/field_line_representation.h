// The encoded field section prefix and field line representations (RFC 9204 §4.5):
// parsing and writing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "qpack/byte_reader.h"
#include "qpack/string_literal.h"

namespace quasar::qpack {

// RFC 9204 §4.5.1: Required Insert Count (8+), then Sign and Delta Base (7+).
struct SectionPrefix {
  uint64_t encoded_required_insert_count = 0;
  bool sign = false;
  uint64_t delta_base = 0;
};

ParseStatus parse_section_prefix(ByteReader& in, SectionPrefix& out);
void write_section_prefix(std::vector<uint8_t>& out, const SectionPrefix& prefix);
size_t section_prefix_size(const SectionPrefix& prefix);

enum class RepresentationType : uint8_t {
  kIndexed,                           // §4.5.2, static or relative index
  kIndexedPostBase,                   // §4.5.3
  kLiteralWithNameReference,          // §4.5.4, static or relative index
  kLiteralWithPostBaseNameReference,  // §4.5.5
  kLiteralWithLiteralName,            // §4.5.6
};

struct Representation {
  RepresentationType type = RepresentationType::kIndexed;
  bool static_table = false;  // the T bit (indexed and literal with name reference)
  bool never_index = false;   // the N bit (literals)
  uint64_t index = 0;         // static, relative or post-base index
  EncodedString name;         // literal with literal name
  EncodedString value;        // literals
};

// Parses one representation. String literals longer than `max_string_length` encoded bytes
// are kInvalid. The caller gives a complete section, so kIncomplete means truncated.
ParseStatus parse_representation(ByteReader& in, size_t max_string_length, Representation& out);

// Writers, one per representation. `index` is static, relative or post-base as named.
void write_indexed(std::vector<uint8_t>& out, bool static_table, uint64_t index);
void write_indexed_post_base(std::vector<uint8_t>& out, uint64_t index);
void write_literal_with_name_reference(std::vector<uint8_t>& out, bool never_index,
                                       bool static_table, uint64_t index, std::string_view value,
                                       const StringEncoding& value_encoding);
void write_literal_with_post_base_name_reference(std::vector<uint8_t>& out, bool never_index,
                                                 uint64_t index, std::string_view value,
                                                 const StringEncoding& value_encoding);
void write_literal_with_literal_name(std::vector<uint8_t>& out, bool never_index,
                                     std::string_view name, const StringEncoding& name_encoding,
                                     std::string_view value, const StringEncoding& value_encoding);

// Sizes of the index part of each form (the value literal is added separately).
size_t indexed_size(uint64_t index);                   // 6-bit prefix
size_t indexed_post_base_size(uint64_t index);         // 4-bit prefix
size_t name_reference_size(uint64_t index);            // 4-bit prefix
size_t post_base_name_reference_size(uint64_t index);  // 3-bit prefix
size_t literal_name_size(const StringEncoding& name);  // 4-bit prefix string

}  // namespace quasar::qpack
