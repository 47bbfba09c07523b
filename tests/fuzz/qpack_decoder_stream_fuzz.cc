// Fuzzes the encoder's handling of decoder stream instructions (RFC 9204 §4.4) after it has
// sent sections that reference the dynamic table on several streams, then keeps encoding.
// Input: [blocked streams] decoder stream bytes, split in two at a position given by the
// second byte.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "qpack/encoder.h"

namespace {

using quasar::qpack::Encoder;
using quasar::qpack::EncoderConfig;
using quasar::qpack::FieldLine;
using quasar::qpack::InsertionMode;

void encode_some(Encoder& encoder, uint64_t stream_id, int variant) {
  const std::string value = "value-" + std::to_string(variant);
  const FieldLine fields[] = {{":authority", "example.com"},
                              {"x-custom", value},
                              {"user-agent", "quasar-fuzz"},
                              {"cookie", value, true}};
  std::vector<uint8_t> section;
  encoder.encode_section(stream_id, fields, section);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  EncoderConfig config;
  config.max_table_capacity = 256;
  config.max_blocked_streams = data[0] % 8;
  config.insertion = InsertionMode::kAlways;
  Encoder encoder(config);
  for (uint64_t stream = 0; stream < 6; ++stream) encode_some(encoder, stream * 4, stream);
  std::span<const uint8_t> input(data + 2, size - 2);
  const size_t split = std::min<size_t>(data[1], input.size());
  for (const auto part : {input.first(split), input.subspan(split)}) {
    if (!encoder.on_decoder_stream_data(part).ok()) return 0;
    if (encoder.known_received_count() > encoder.table().insert_count() ||
        encoder.blocking_stream_count() > config.max_blocked_streams) {
      __builtin_trap();
    }
    encode_some(encoder, 100 + split, static_cast<int>(split));
  }
  return 0;
}
