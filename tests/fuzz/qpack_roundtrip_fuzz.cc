// Round trip of arbitrary header lists through the encoder and the decoder, with the
// encoder stream delivered late and acknowledgements fed back, under varying settings: the
// decoded lists must equal the encoded ones, and the decoder must never reject what the
// encoder produced.
// Input: [settings] then field lines [name length][name][value length][value]; a name
// length of 255 ends a header list.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qpack/decoder.h"
#include "qpack/encoder.h"

namespace {

using namespace quasar::qpack;

struct Line {
  std::string name;
  std::string value;
  bool never_index;
  bool operator==(const Line&) const = default;
};

class CollectingSink : public FieldLineSink {
 public:
  void on_field_line(std::string_view name, std::string_view value, bool never_index) override {
    lines.push_back({std::string(name), std::string(value), never_index});
  }
  std::vector<Line> lines;
};

constexpr uint64_t kCapacities[] = {0, 64, 256, 4096};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t settings = data[0];
  EncoderConfig config;
  config.max_table_capacity = kCapacities[settings & 3];
  config.max_blocked_streams = (settings >> 2) & 1 ? 4 : 0;
  const bool acknowledge = (settings >> 3) & 1;
  const size_t lag = (settings >> 4) & 3;  // sections the encoder stream arrives late by
  config.huffman = (settings >> 6) & 1 ? HuffmanMode::kNever : HuffmanMode::kWhenShorter;
  config.insertion = (settings >> 7) & 1 ? InsertionMode::kAlways : InsertionMode::kAdaptive;
  config.decoder_feedback = acknowledge;
  Encoder encoder(config);
  Decoder decoder(DecoderConfig{config.max_table_capacity, config.max_blocked_streams, 1 << 20});

  // Parse the header lists.
  std::vector<std::vector<Line>> lists(1);
  std::span<const uint8_t> rest(data + 1, size - 1);
  const auto take = [&](size_t n) {
    n = std::min(n, rest.size());
    std::string s(reinterpret_cast<const char*>(rest.data()), n);
    rest = rest.subspan(n);
    return s;
  };
  while (!rest.empty()) {
    const uint8_t name_length = rest[0];
    rest = rest.subspan(1);
    if (name_length == 255) {
      lists.emplace_back();
      continue;
    }
    Line line;
    line.never_index = (name_length & 0x80) != 0;
    line.name = take(name_length & 0x7f);
    const size_t value_length = rest.empty() ? 0 : rest[0];
    if (!rest.empty()) rest = rest.subspan(1);
    line.value = take(value_length);
    lists.back().push_back(std::move(line));
  }

  // Encode every list; deliver each encoder stream chunk `lag` sections late.
  std::deque<std::vector<uint8_t>> in_flight;
  std::vector<CollectingSink> sinks(lists.size());
  std::vector<bool> decoded(lists.size(), false);
  const auto drain_unblocked = [&] {
    while (const auto stream = decoder.next_unblocked_stream()) {
      if (!decoder.decode_next_unblocked(sinks[*stream]).ok()) __builtin_trap();
      decoded[*stream] = true;
    }
  };
  const auto deliver_oldest = [&] {
    if (!decoder.on_encoder_stream_data(in_flight.front()).ok()) __builtin_trap();
    in_flight.pop_front();
    drain_unblocked();
  };
  for (size_t i = 0; i < lists.size(); ++i) {
    std::vector<FieldLine> fields;
    for (const Line& l : lists[i]) fields.push_back({l.name, l.value, l.never_index});
    std::vector<uint8_t> section;
    encoder.encode_section(i, fields, section);
    in_flight.emplace_back();
    encoder.flush_encoder_stream(in_flight.back());
    while (in_flight.size() > lag) deliver_oldest();
    const auto state = decoder.decode_section(i, section, sinks[i]);
    if (!state.ok()) __builtin_trap();
    if (*state == SectionState::kDecoded) decoded[i] = true;
    if (acknowledge) {
      std::vector<uint8_t> decoder_stream;
      decoder.flush_decoder_stream(decoder_stream);
      if (!encoder.on_decoder_stream_data(decoder_stream).ok()) __builtin_trap();
    }
  }
  while (!in_flight.empty()) deliver_oldest();
  for (size_t i = 0; i < lists.size(); ++i) {
    if (!decoded[i] || sinks[i].lines != lists[i]) __builtin_trap();
  }
  return 0;
}
