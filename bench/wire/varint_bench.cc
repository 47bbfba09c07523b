// Variable-length integer encode and decode (RFC 9000 §16).
#include <array>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/support/alloc_counter.h"
#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/rng.h"

namespace quasar {
namespace {

// A mix of values of every encoded length, as found in frames.
std::vector<uint64_t> sample_values() {
  SeededRng rng(1);
  std::vector<uint64_t> values(1024);
  for (auto& v : values) {
    const int bits[] = {6, 14, 30, 62};
    v = rng.next_u64() >> (64 - bits[rng.uniform(4)]);
  }
  return values;
}

void BM_VarintEncode(benchmark::State& state) {
  const auto values = sample_values();
  std::array<uint8_t, 8 * 1024> out;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    BufferWriter w(out);
    for (uint64_t v : values) {
      if (!w.write_varint(v)) state.SkipWithError("buffer full");
    }
    benchmark::DoNotOptimize(out.data());
  }
  allocs.report(state);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
}
BENCHMARK(BM_VarintEncode);

void BM_VarintDecode(benchmark::State& state) {
  const auto values = sample_values();
  std::array<uint8_t, 8 * 1024> out;
  BufferWriter w(out);
  for (uint64_t v : values) (void)w.write_varint(v);
  const auto encoded = w.written_span();
  bench::AllocationScope allocs;
  for (auto _ : state) {
    BufferReader r(encoded);
    uint64_t sum = 0, v = 0;
    while (r.read_varint(v)) sum += v;
    benchmark::DoNotOptimize(sum);
  }
  allocs.report(state);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
}
BENCHMARK(BM_VarintDecode);

}  // namespace
}  // namespace quasar
