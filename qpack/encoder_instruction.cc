// Encoder stream instructions (RFC 9204 §4.3).
#include "qpack/encoder_instruction.h"

#include "qpack/prefix_integer.h"

namespace quasar::qpack {

ParseStatus parse_encoder_instruction(ByteReader& in, size_t max_string_length,
                                      EncoderInstruction& out, size_t& needed) {
  needed = 0;
  if (in.empty()) return ParseStatus::kIncomplete;
  const size_t start = in.position();
  const uint8_t first = in.peek();
  ParseStatus status;
  size_t end = 0;
  if (first & 0x80) {
    // §4.3.2 '1' T Name Index (6+), then the value (8-bit prefix string).
    out.type = EncoderInstructionType::kInsertWithNameReference;
    out.static_name = (first & 0x40) != 0;
    status = read_prefix_integer(in, 6, out.index);
    if (status != ParseStatus::kOk) return status;
    status = read_string_literal(in, 8, max_string_length, out.value, &end);
  } else if (first & 0x40) {
    // §4.3.3 '01' H Name Length (5+) name, then the value (8-bit prefix string).
    out.type = EncoderInstructionType::kInsertWithLiteralName;
    status = read_string_literal(in, 6, max_string_length, out.name, &end);
    if (status == ParseStatus::kIncomplete && end != 0) needed = end - start + 1;
    if (status != ParseStatus::kOk) return status;
    status = read_string_literal(in, 8, max_string_length, out.value, &end);
  } else if (first & 0x20) {
    // §4.3.1 '001' Capacity (5+).
    out.type = EncoderInstructionType::kSetDynamicTableCapacity;
    status = read_prefix_integer(in, 5, out.index);
  } else {
    // §4.3.4 '000' Index (5+).
    out.type = EncoderInstructionType::kDuplicate;
    status = read_prefix_integer(in, 5, out.index);
  }
  if (status == ParseStatus::kIncomplete && end != 0) needed = end - start;
  return status;
}

void write_set_dynamic_table_capacity(std::vector<uint8_t>& out, uint64_t capacity) {
  append_prefix_integer(out, 0x20, 5, capacity);
}

void write_insert_with_name_reference(std::vector<uint8_t>& out, bool static_name,
                                      uint64_t name_index, std::string_view value,
                                      const StringEncoding& value_encoding) {
  append_prefix_integer(out, static_name ? 0xc0 : 0x80, 6, name_index);
  append_string_literal(out, 0x00, 8, value, value_encoding);
}

void write_insert_with_literal_name(std::vector<uint8_t>& out, std::string_view name,
                                    const StringEncoding& name_encoding, std::string_view value,
                                    const StringEncoding& value_encoding) {
  append_string_literal(out, 0x40, 6, name, name_encoding);
  append_string_literal(out, 0x00, 8, value, value_encoding);
}

void write_duplicate(std::vector<uint8_t>& out, uint64_t relative_index) {
  append_prefix_integer(out, 0x00, 5, relative_index);
}

size_t insert_with_name_reference_size(uint64_t name_index, const StringEncoding& value) {
  return prefix_integer_length(6, name_index) + string_literal_size(8, value);
}

size_t insert_with_literal_name_size(const StringEncoding& name, const StringEncoding& value) {
  return string_literal_size(6, name) + string_literal_size(8, value);
}

size_t duplicate_size(uint64_t relative_index) { return prefix_integer_length(5, relative_index); }

}  // namespace quasar::qpack
