// (5) Declaring packets lost and queuing their frames for retransmission: each ACK declares
// 64 packets lost at once (a burst loss), hands their STREAM and MAX_STREAM_DATA frames to the
// retransmission queue, and runs CUBIC's loss response. Reported per lost packet.
#include <cstdint>

#include <benchmark/benchmark.h>

#include "bench/support/alloc_counter.h"
#include "bench_sender.h"

namespace quasar {
namespace {

using bench::BenchSender;

void BM_DeclareLostAndQueue(benchmark::State& state) {
  constexpr uint64_t kBurst = 64;
  constexpr uint64_t kInFlight = 10000;
  BenchSender s;
  s.send(kInFlight + 1000);
  uint64_t base = 0;
  uint64_t queued = 0;
  auto lose_burst = [&] {
    // Packets base .. base+63 lost; base+64 .. base+66 acknowledged.
    const AckRange range{base + kBurst, base + kBurst + 2};
    const AckResult r = s.ack(std::span<const AckRange>(&range, 1));
    if (r.lost_packets != kBurst) std::abort();
    queued += s.queue.queued();
    s.queue.drain();  // the connection resent them
    base += kBurst + 3;
  };
  for (int i = 0; i < 8; ++i) lose_burst();
  bench::AllocationScope allocs;
  for (auto _ : state) {
    if (s.next_pn - base < kInFlight + kBurst + 3) {
      state.PauseTiming();
      s.send(1000);
      state.ResumeTiming();
    }
    lose_burst();
  }
  allocs.report(state);
  state.counters["frames/packet"] =
      static_cast<double>(queued) / static_cast<double>((state.iterations() + 8) * kBurst);
  state.SetItemsProcessed(state.iterations() * kBurst);
}
BENCHMARK(BM_DeclareLostAndQueue);

}  // namespace
}  // namespace quasar
