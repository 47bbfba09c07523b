// Fuzzes field section decoding (RFC 9204 §4.5) against a dynamic table built from
// encoder stream bytes, with blocked sections resumed as more encoder stream data arrives.
// Input: [capacity selector][blocked streams][encoder stream length] encoder stream bytes,
// then records of [length] bytes, alternately a field section and more encoder stream data.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "qpack/decoder.h"

namespace {

using quasar::qpack::Decoder;
using quasar::qpack::DecoderConfig;
using quasar::qpack::FieldLineSink;

class CountingSink : public FieldLineSink {
 public:
  void on_field_line(std::string_view name, std::string_view value, bool) override {
    bytes += name.size() + value.size() + 32;
  }
  uint64_t bytes = 0;
};

constexpr uint64_t kCapacities[] = {0, 64, 220, 4096};
constexpr uint64_t kMaxSectionSize = 8192;

void check_invariants(const Decoder& decoder) {
  if (decoder.table().size() > decoder.table().capacity() ||
      decoder.table().capacity() > decoder.config().max_table_capacity ||
      decoder.blocked_stream_count() > decoder.config().max_blocked_streams) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  Decoder decoder(DecoderConfig{kCapacities[data[0] % 4], data[1] % 4u, kMaxSectionSize});
  std::span<const uint8_t> rest(data + 3, size - 3);
  const size_t first = std::min<size_t>(data[2], rest.size());
  if (!decoder.on_encoder_stream_data(rest.first(first)).ok()) return 0;
  rest = rest.subspan(first);
  CountingSink sink;
  for (uint64_t record = 0; !rest.empty(); ++record) {
    const size_t length = std::min<size_t>(rest[0], rest.size() - 1);
    const auto bytes = rest.subspan(1, length);
    rest = rest.subspan(1 + length);
    if (record % 2 == 0) {
      if (!decoder.decode_section(record % 6, bytes, sink).ok()) return 0;
    } else {
      if (!decoder.on_encoder_stream_data(bytes).ok()) return 0;
      while (decoder.next_unblocked_stream()) {
        if (!decoder.decode_next_unblocked(sink).ok()) return 0;
      }
    }
    check_invariants(decoder);
    if (record % 5 == 4) decoder.cancel_stream(record % 6);
  }
  std::vector<uint8_t> decoder_stream;
  decoder.flush_decoder_stream(decoder_stream);
  return 0;
}
