// Decoder stream instructions (RFC 9204 §4.4): parsing and writing.
#pragma once

#include <cstdint>
#include <vector>

#include "qpack/byte_reader.h"

namespace quasar::qpack {

enum class DecoderInstructionType : uint8_t {
  kSectionAcknowledgment,  // §4.4.1
  kStreamCancellation,     // §4.4.2
  kInsertCountIncrement,   // §4.4.3
};

struct DecoderInstruction {
  DecoderInstructionType type = DecoderInstructionType::kSectionAcknowledgment;
  uint64_t value = 0;  // stream ID or increment
};

ParseStatus parse_decoder_instruction(ByteReader& in, DecoderInstruction& out);

void write_section_acknowledgment(std::vector<uint8_t>& out, uint64_t stream_id);
void write_stream_cancellation(std::vector<uint8_t>& out, uint64_t stream_id);
void write_insert_count_increment(std::vector<uint8_t>& out, uint64_t increment);

}  // namespace quasar::qpack
