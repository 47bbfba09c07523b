// Encoder stream instructions (RFC 9204 §4.3): parsing and writing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "qpack/byte_reader.h"
#include "qpack/string_literal.h"

namespace quasar::qpack {

enum class EncoderInstructionType : uint8_t {
  kSetDynamicTableCapacity,  // §4.3.1
  kInsertWithNameReference,  // §4.3.2
  kInsertWithLiteralName,    // §4.3.3
  kDuplicate,                // §4.3.4
};

struct EncoderInstruction {
  EncoderInstructionType type = EncoderInstructionType::kSetDynamicTableCapacity;
  // Capacity, name index (static, or relative to the insert count) or duplicated index.
  uint64_t index = 0;
  bool static_name = false;  // the T bit of Insert with Name Reference
  EncodedString name;        // Insert with Literal Name
  EncodedString value;       // both inserts
};

// Parses one instruction. String literals longer than `max_string_length` encoded bytes
// are kInvalid. On kIncomplete, `needed` is a lower bound of the instruction's total length
// counted from where the reader started (0 if not known yet).
ParseStatus parse_encoder_instruction(ByteReader& in, size_t max_string_length,
                                      EncoderInstruction& out, size_t& needed);

void write_set_dynamic_table_capacity(std::vector<uint8_t>& out, uint64_t capacity);
void write_insert_with_name_reference(std::vector<uint8_t>& out, bool static_name,
                                      uint64_t name_index, std::string_view value,
                                      const StringEncoding& value_encoding);
void write_insert_with_literal_name(std::vector<uint8_t>& out, std::string_view name,
                                    const StringEncoding& name_encoding, std::string_view value,
                                    const StringEncoding& value_encoding);
void write_duplicate(std::vector<uint8_t>& out, uint64_t relative_index);

// Encoded sizes, for choosing between forms.
size_t insert_with_name_reference_size(uint64_t name_index, const StringEncoding& value);
size_t insert_with_literal_name_size(const StringEncoding& name, const StringEncoding& value);
size_t duplicate_size(uint64_t relative_index);

}  // namespace quasar::qpack
