// Fuzzes the decoder's handling of encoder stream instructions (RFC 9204 §4.3), delivered in
// chunks of varying size. Input: [capacity selector][chunk pattern] instruction bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "qpack/decoder.h"

namespace {

using quasar::qpack::Decoder;
using quasar::qpack::DecoderConfig;

constexpr uint64_t kCapacities[] = {0, 100, 4096, 65536};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint64_t max_capacity = kCapacities[data[0] % 4];
  Decoder decoder(DecoderConfig{max_capacity, 0, 1024});
  const uint8_t pattern = data[1];
  std::span<const uint8_t> rest(data + 2, size - 2);
  for (size_t i = 0; !rest.empty(); ++i) {
    const size_t chunk = std::min<size_t>(rest.size(), 1 + ((pattern >> (i % 8)) & 1) * 7 + i % 3);
    if (!decoder.on_encoder_stream_data(rest.first(chunk)).ok()) return 0;
    rest = rest.subspan(chunk);
    // The table never outgrows its capacity, nor the capacity its maximum.
    if (decoder.table().size() > decoder.table().capacity() ||
        decoder.table().capacity() > max_capacity) {
      __builtin_trap();
    }
    // Every entry stays readable and accounted for.
    uint64_t total = 0;
    for (uint64_t index = decoder.table().first_index(); index < decoder.table().insert_count();
         ++index) {
      total += decoder.table().entry(index).size();
    }
    if (total != decoder.table().size()) __builtin_trap();
  }
  return 0;
}
