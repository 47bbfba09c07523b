// Field section prefix and field line representations (RFC 9204 §4.5).
#include "qpack/field_line_representation.h"

#include "qpack/prefix_integer.h"

namespace quasar::qpack {

ParseStatus parse_section_prefix(ByteReader& in, SectionPrefix& out) {
  ParseStatus status = read_prefix_integer(in, 8, out.encoded_required_insert_count);
  if (status != ParseStatus::kOk) return status;
  if (in.empty()) return ParseStatus::kIncomplete;
  out.sign = (in.peek() & 0x80) != 0;
  return read_prefix_integer(in, 7, out.delta_base);
}

void write_section_prefix(std::vector<uint8_t>& out, const SectionPrefix& prefix) {
  append_prefix_integer(out, 0x00, 8, prefix.encoded_required_insert_count);
  append_prefix_integer(out, prefix.sign ? 0x80 : 0x00, 7, prefix.delta_base);
}

size_t section_prefix_size(const SectionPrefix& prefix) {
  return prefix_integer_length(8, prefix.encoded_required_insert_count) +
         prefix_integer_length(7, prefix.delta_base);
}

ParseStatus parse_representation(ByteReader& in, size_t max_string_length, Representation& out) {
  if (in.empty()) return ParseStatus::kIncomplete;
  const uint8_t first = in.peek();
  out.never_index = false;
  out.static_table = false;
  if (first & 0x80) {
    // §4.5.2 '1' T Index (6+)
    out.type = RepresentationType::kIndexed;
    out.static_table = (first & 0x40) != 0;
    return read_prefix_integer(in, 6, out.index);
  }
  if (first & 0x40) {
    // §4.5.4 '01' N T Name Index (4+), value (8+ string)
    out.type = RepresentationType::kLiteralWithNameReference;
    out.never_index = (first & 0x20) != 0;
    out.static_table = (first & 0x10) != 0;
    const ParseStatus status = read_prefix_integer(in, 4, out.index);
    if (status != ParseStatus::kOk) return status;
    return read_string_literal(in, 8, max_string_length, out.value);
  }
  if (first & 0x20) {
    // §4.5.6 '001' N name (4-bit prefix string), value (8+ string)
    out.type = RepresentationType::kLiteralWithLiteralName;
    out.never_index = (first & 0x10) != 0;
    const ParseStatus status = read_string_literal(in, 4, max_string_length, out.name);
    if (status != ParseStatus::kOk) return status;
    return read_string_literal(in, 8, max_string_length, out.value);
  }
  if (first & 0x10) {
    // §4.5.3 '0001' Index (4+)
    out.type = RepresentationType::kIndexedPostBase;
    return read_prefix_integer(in, 4, out.index);
  }
  // §4.5.5 '0000' N Name Index (3+), value (8+ string)
  out.type = RepresentationType::kLiteralWithPostBaseNameReference;
  out.never_index = (first & 0x08) != 0;
  const ParseStatus status = read_prefix_integer(in, 3, out.index);
  if (status != ParseStatus::kOk) return status;
  return read_string_literal(in, 8, max_string_length, out.value);
}

void write_indexed(std::vector<uint8_t>& out, bool static_table, uint64_t index) {
  append_prefix_integer(out, static_table ? 0xc0 : 0x80, 6, index);
}

void write_indexed_post_base(std::vector<uint8_t>& out, uint64_t index) {
  append_prefix_integer(out, 0x10, 4, index);
}

void write_literal_with_name_reference(std::vector<uint8_t>& out, bool never_index,
                                       bool static_table, uint64_t index, std::string_view value,
                                       const StringEncoding& value_encoding) {
  const auto pattern =
      static_cast<uint8_t>(0x40 | (never_index ? 0x20 : 0x00) | (static_table ? 0x10 : 0x00));
  append_prefix_integer(out, pattern, 4, index);
  append_string_literal(out, 0x00, 8, value, value_encoding);
}

void write_literal_with_post_base_name_reference(std::vector<uint8_t>& out, bool never_index,
                                                 uint64_t index, std::string_view value,
                                                 const StringEncoding& value_encoding) {
  append_prefix_integer(out, never_index ? 0x08 : 0x00, 3, index);
  append_string_literal(out, 0x00, 8, value, value_encoding);
}

void write_literal_with_literal_name(std::vector<uint8_t>& out, bool never_index,
                                     std::string_view name, const StringEncoding& name_encoding,
                                     std::string_view value, const StringEncoding& value_encoding) {
  append_string_literal(out, never_index ? 0x30 : 0x20, 4, name, name_encoding);
  append_string_literal(out, 0x00, 8, value, value_encoding);
}

size_t indexed_size(uint64_t index) { return prefix_integer_length(6, index); }
size_t indexed_post_base_size(uint64_t index) { return prefix_integer_length(4, index); }
size_t name_reference_size(uint64_t index) { return prefix_integer_length(4, index); }
size_t post_base_name_reference_size(uint64_t index) { return prefix_integer_length(3, index); }
size_t literal_name_size(const StringEncoding& name) { return string_literal_size(4, name); }

}  // namespace quasar::qpack
