// The BBRv2 scenarios at full length (the numbers of docs/congestion-control.md) over 10 further
// seeds (label `sim-long`, not part of CI: run with `ctest -L sim-long`, preferably in a
// release build).
#include "tests/sim/bbr_scenarios.h"

namespace quasar::sim::bbr_scenarios {
namespace {

constexpr uint64_t kFirstSeed = 100;
constexpr uint64_t kSeeds = 10;
constexpr Scale kScale = Scale::kFull;

#define QUASAR_FOR_SEEDS(call) \
  for (uint64_t seed = kFirstSeed; seed < kFirstSeed + kSeeds; ++seed) call

TEST_CASE("bbr2 long 1: random loss", "[bbr2]") { QUASAR_FOR_SEEDS(random_loss(seed, kScale)); }
TEST_CASE("bbr2 long 2: deep buffer stays short", "[bbr2]") {
  QUASAR_FOR_SEEDS(deep_buffer(seed, kScale));
}
TEST_CASE("bbr2 long 3: four flows share fairly", "[bbr2]") {
  QUASAR_FOR_SEEDS(four_flows(seed, kScale));
}
TEST_CASE("bbr2 long 4: against CUBIC", "[bbr2]") { QUASAR_FOR_SEEDS(against_cubic(seed, kScale)); }
TEST_CASE("bbr2 long 5: bandwidth halves and doubles", "[bbr2]") {
  QUASAR_FOR_SEEDS(rate_changes(seed, kScale));
}
TEST_CASE("bbr2 long 6: ProbeRTT", "[bbr2]") { QUASAR_FOR_SEEDS(probe_rtt(seed, kScale)); }
TEST_CASE("bbr2 long 7: application-limited", "[bbr2]") {
  QUASAR_FOR_SEEDS(app_limited(seed, kScale));
}
TEST_CASE("bbr2 long 8: long RTT and a blackhole", "[bbr2]") {
  QUASAR_FOR_SEEDS(long_rtt_blackhole(seed, kScale));
}

}  // namespace
}  // namespace quasar::sim::bbr_scenarios
