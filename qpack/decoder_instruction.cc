// Decoder stream instructions (RFC 9204 §4.4).
#include "qpack/decoder_instruction.h"

#include "qpack/prefix_integer.h"

namespace quasar::qpack {

ParseStatus parse_decoder_instruction(ByteReader& in, DecoderInstruction& out) {
  if (in.empty()) return ParseStatus::kIncomplete;
  const uint8_t first = in.peek();
  if (first & 0x80) {
    out.type = DecoderInstructionType::kSectionAcknowledgment;  // '1' Stream ID (7+)
    return read_prefix_integer(in, 7, out.value);
  }
  if (first & 0x40) {
    out.type = DecoderInstructionType::kStreamCancellation;  // '01' Stream ID (6+)
    return read_prefix_integer(in, 6, out.value);
  }
  out.type = DecoderInstructionType::kInsertCountIncrement;  // '00' Increment (6+)
  return read_prefix_integer(in, 6, out.value);
}

void write_section_acknowledgment(std::vector<uint8_t>& out, uint64_t stream_id) {
  append_prefix_integer(out, 0x80, 7, stream_id);
}

void write_stream_cancellation(std::vector<uint8_t>& out, uint64_t stream_id) {
  append_prefix_integer(out, 0x40, 6, stream_id);
}

void write_insert_count_increment(std::vector<uint8_t>& out, uint64_t increment) {
  append_prefix_integer(out, 0x00, 6, increment);
}

}  // namespace quasar::qpack
