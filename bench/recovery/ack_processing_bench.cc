// The send side of the ACK path: processing ACK frames (3) and the loss detection scan (4),
// with RTT updates and CUBIC callbacks, at 10 000 and 100 000 packets in flight.
#include <algorithm>
#include <array>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "bench/support/alloc_counter.h"
#include "bench_sender.h"

namespace quasar {
namespace {

using bench::BenchSender;

// (3) An ACK frame newly acknowledging the `acked` oldest packets among `in_flight`. The frame
// is cumulative (one range from packet 0), as a peer without losses sends it. The in-flight
// count stays between in_flight and in_flight + refill; refills run with the timer paused.
void BM_AckProcess(benchmark::State& state) {
  const uint64_t acked = static_cast<uint64_t>(state.range(0));
  const uint64_t in_flight = static_cast<uint64_t>(state.range(1));
  const uint64_t refill = std::max(in_flight / 10, 4 * acked);
  BenchSender s;
  s.send(in_flight + refill);
  uint64_t lowest_unacked = 0;
  auto ack_next = [&] {
    const AckRange range{0, lowest_unacked + acked - 1};
    const AckResult r = s.ack(std::span<const AckRange>(&range, 1));
    if (r.newly_acked_packets != acked || !r.rtt_updated) std::abort();
    lowest_unacked += acked;
  };
  auto keep_in_flight = [&] {
    if (s.next_pn - lowest_unacked < in_flight + acked) s.send(refill);
  };
  for (int i = 0; i < 3; ++i) {  // warm up: scratch space grows to this ACK's size
    keep_in_flight();
    ack_next();
  }
  bench::AllocationScope allocs;
  for (auto _ : state) {
    if (s.next_pn - lowest_unacked < in_flight + acked) {
      state.PauseTiming();
      s.send(refill);
      state.ResumeTiming();
    }
    ack_next();
  }
  allocs.report(state);
  state.counters["in_flight"] = static_cast<double>(s.next_pn - lowest_unacked);
  state.counters["ns/packet"] =
      benchmark::Counter(static_cast<double>(state.iterations() * acked),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AckProcess)
    ->ArgNames({"newly_acked", "in_flight"})
    ->ArgsProduct({{1, 64, 1024}, {10000, 100000}});

// (4) The loss detection scan: every ACK leaves one packet behind (lost by the packet
// threshold) and acknowledges the three after it, carrying up to 32 ranges as a peer's ACK
// frames do while it sees losses. Most ranges repeat packets already acknowledged: the walk
// skips them, so the cost depends on ranges and packets newly acknowledged or lost, not on
// the packets in flight.
void BM_LossDetectionScan(benchmark::State& state) {
  const uint64_t in_flight = static_cast<uint64_t>(state.range(0));
  const uint64_t refill = in_flight / 10;
  BenchSender s;
  s.send(in_flight + refill);
  // Every fourth packet is lost: holes at 3, 7, 11, ... The ACK frame reports the newest 32
  // ranges between them.
  std::array<AckRange, 32> ranges;
  uint64_t next_hole = 3;
  uint64_t holes = 0;
  uint64_t lost = 0;
  auto ack_next = [&] {
    // Lose next_hole, acknowledge the three after it.
    ++holes;
    size_t n = 0;
    ranges[n++] = {next_hole + 1, next_hole + 3};
    for (uint64_t h = next_hole; n < ranges.size() && n < holes; h -= 4) {
      ranges[n++] = {h - 3, h - 1};
    }
    const AckResult r = s.ack(std::span<const AckRange>(ranges.data(), n));
    if (r.newly_acked_packets != 3 || r.lost_packets != 1) std::abort();
    lost += r.lost_packets;
    s.queue.drain();
    next_hole += 4;
  };
  // Packets 0-2 first, then the steady pattern.
  const AckRange first{0, 2};
  s.ack(std::span<const AckRange>(&first, 1));
  holes = 1;
  for (int i = 0; i < 64; ++i) ack_next();
  bench::AllocationScope allocs;
  for (auto _ : state) {
    if (s.next_pn - next_hole < in_flight + 4) {
      state.PauseTiming();
      s.send(refill);
      state.ResumeTiming();
    }
    ack_next();
  }
  allocs.report(state);
  state.counters["in_flight"] = static_cast<double>(s.next_pn - next_hole);
  state.counters["ranges"] = static_cast<double>(ranges.size());
  state.SetItemsProcessed(state.iterations());
  benchmark::DoNotOptimize(lost);
}
BENCHMARK(BM_LossDetectionScan)->ArgName("in_flight")->Arg(10000)->Arg(100000);

}  // namespace
}  // namespace quasar
