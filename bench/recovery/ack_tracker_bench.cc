// The receive side of the ACK path: recording packet numbers (1) and building ACK frames (2).
#include <array>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "bench/support/alloc_counter.h"
#include "quic/base/buffer_writer.h"
#include "quic/recovery/ack_tracker.h"

namespace quasar {
namespace {

constexpr auto kApp = PacketNumberSpace::kApplication;

// (1) One received packet number: duplicate check, range update, ECN count and the ACK
// decision; an ACK frame goes out whenever one is due, and every 16th of them is itself
// acknowledged by the peer (RFC 9000 §13.2.4 pruning). Arg: 0 in order, 10 = one gap in every
// ten packets.
void BM_AckTrackerReceive(benchmark::State& state) {
  const uint64_t gap_every = static_cast<uint64_t>(state.range(0));
  AckTracker tracker(kApp);
  uint64_t pn = 0;
  uint64_t acks_sent = 0;
  Instant now = Instant::from_nanos(1'000'000'000);
  auto receive_one = [&] {
    if (gap_every != 0 && pn % gap_every == gap_every - 1) ++pn;  // this one is lost
    if (!tracker.on_packet_received(now, pn, true, Ecn::kEct0)) state.SkipWithError("dup");
    ++pn;
    if (tracker.should_send_ack(now)) {
      tracker.on_ack_sent();
      if (++acks_sent % 16 == 0 && pn > 64) tracker.on_ack_frame_acked(pn - 64);
    }
    now += Duration::from_nanos(500);
  };
  for (int i = 0; i < 10000; ++i) receive_one();  // warm up to steady state
  bench::AllocationScope allocs;
  for (auto _ : state) receive_one();
  allocs.report(state);
  state.counters["ranges"] = static_cast<double>(tracker.ranges().range_count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AckTrackerReceive)->Arg(0)->Arg(10)->ArgName("gap_every");

// RFC 9000 §19.3: the whole ACK (or ACK_ECN) frame written with BufferWriter varints, from
// what AckTracker provides: ranges highest first, the encoded ACK Delay and the ECN counts.
bool encode_ack_frame(BufferWriter& w, const AckTracker& t, Instant now,
                      uint64_t ack_delay_exponent) {
  const RangeSet& ranges = t.ranges();
  auto it = ranges.rbegin();
  const uint64_t largest = it->end - 1;
  const bool ecn = t.has_ecn_counts();
  bool ok = w.write_varint(ecn ? 0x03 : 0x02) && w.write_varint(largest) &&
            w.write_varint(t.encoded_ack_delay(now, ack_delay_exponent)) &&
            w.write_varint(ranges.range_count() - 1) && w.write_varint(largest - it->start);
  uint64_t previous_smallest = it->start;
  for (++it; ok && it != ranges.rend(); ++it) {
    const uint64_t range_largest = it->end - 1;
    ok = w.write_varint(previous_smallest - range_largest - 2) &&  // Gap
         w.write_varint(range_largest - it->start);                // ACK Range Length
    previous_smallest = it->start;
  }
  if (ok && ecn) {
    const EcnCounts& c = t.ecn_counts();
    ok = w.write_varint(c.ect0) && w.write_varint(c.ect1) && w.write_varint(c.ce);
  }
  return ok;
}

// (2) Building an ACK_ECN frame with 1, 32 or 256 ranges.
void BM_AckFrameBuild(benchmark::State& state) {
  const uint64_t range_count = static_cast<uint64_t>(state.range(0));
  AckTrackerConfig config;
  config.max_ranges = 256;
  AckTracker tracker(kApp, config);
  const Instant now = Instant::from_nanos(1'000'000'000);
  uint64_t pn = 1000;
  for (uint64_t r = 0; r < range_count; ++r) {
    for (int i = 0; i < 5; ++i) (void)tracker.on_packet_received(now, pn++, true, Ecn::kEct0);
    pn += 3;  // a gap of three lost packets
  }
  if (tracker.ranges().range_count() != range_count) state.SkipWithError("ranges");
  std::array<uint8_t, 4096> buffer;
  size_t size = 0;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    BufferWriter w(buffer);
    if (!encode_ack_frame(w, tracker, now + Duration::from_micros(800), 3)) {
      state.SkipWithError("encode");
    }
    size = w.written();
    benchmark::DoNotOptimize(buffer.data());
  }
  allocs.report(state);
  state.counters["frame_bytes"] = static_cast<double>(size);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AckFrameBuild)->Arg(1)->Arg(32)->Arg(256)->ArgName("ranges");

}  // namespace
}  // namespace quasar
