// ACK frame encode (from a RangeSet) and decode (parse + walk every range), RFC 9000 §19.3,
// with 1, 16 and 256 ranges.
#include <array>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "bench/support/alloc_counter.h"
#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/range_set.h"
#include "quic/base/rng.h"
#include "quic/wire/frame_decoder.h"

namespace quasar {
namespace {

// Received packet numbers with `ranges` ranges: runs of 1-20 packets separated by 1-5 lost ones,
// the pattern of a lossy path a few thousand packets into a connection.
RangeSet received_packets(size_t ranges) {
  SeededRng rng(42);
  RangeSet set;
  uint64_t next = 100000;
  for (size_t i = 0; i < ranges; ++i) {
    const uint64_t end = next + 1 + rng.uniform(20);
    set.add(next, end);
    next = end + 1 + rng.uniform(5);
  }
  return set;
}

void BM_AckEncode(benchmark::State& state) {
  const size_t ranges = static_cast<size_t>(state.range(0));
  const RangeSet received = received_packets(ranges);
  std::array<uint8_t, 4096> out;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    BufferWriter writer(out);
    if (encode_ack_frame(writer, received, 1234, std::nullopt, ranges) != ranges) {
      state.SkipWithError("ranges dropped");
    }
    benchmark::DoNotOptimize(out.data());
  }
  allocs.report(state);
}
BENCHMARK(BM_AckEncode)->Arg(1)->Arg(16)->Arg(256);

void BM_AckDecode(benchmark::State& state) {
  const size_t ranges = static_cast<size_t>(state.range(0));
  const RangeSet received = received_packets(ranges);
  std::array<uint8_t, 4096> out;
  BufferWriter writer(out);
  if (encode_ack_frame(writer, received, 1234, std::nullopt, ranges) != ranges) {
    state.SkipWithError("ranges dropped");
    return;
  }
  const auto encoded = writer.written_span();
  bench::AllocationScope allocs;
  for (auto _ : state) {
    BufferReader reader(encoded);
    Result<Frame> frame = decode_frame(reader);
    if (!frame.ok()) state.SkipWithError("decode failed");
    uint64_t acknowledged = 0;
    for (const AckRange& range : std::get<AckFrame>(*frame).ranges()) {
      acknowledged += range.largest - range.smallest + 1;
    }
    benchmark::DoNotOptimize(acknowledged);
  }
  allocs.report(state);
}
BENCHMARK(BM_AckDecode)->Arg(1)->Arg(16)->Arg(256);

}  // namespace
}  // namespace quasar
