// The BBRv2 scenarios in the simulator, shortened for CI (label `sim`), one fixed seed each.
// tests/sim/bbr_scenarios_long_test.cc runs the full-length versions over 10 more seeds.
#include "tests/sim/bbr_scenarios.h"

namespace quasar::sim::bbr_scenarios {
namespace {

constexpr uint64_t kSeed = 1;
constexpr Scale kScale = Scale::kCi;

TEST_CASE("bbr2 scenario 1: random loss", "[bbr2]") { random_loss(kSeed, kScale); }
TEST_CASE("bbr2 scenario 2: deep buffer stays short", "[bbr2]") { deep_buffer(kSeed, kScale); }
TEST_CASE("bbr2 scenario 3: four flows share fairly", "[bbr2]") { four_flows(kSeed, kScale); }
TEST_CASE("bbr2 scenario 4: against CUBIC", "[bbr2]") { against_cubic(kSeed, kScale); }
TEST_CASE("bbr2 scenario 5: bandwidth halves and doubles", "[bbr2]") {
  rate_changes(kSeed, kScale);
}
TEST_CASE("bbr2 scenario 6: ProbeRTT", "[bbr2]") { probe_rtt(kSeed, kScale); }
TEST_CASE("bbr2 scenario 7: application-limited", "[bbr2]") { app_limited(kSeed, kScale); }
TEST_CASE("bbr2 scenario 8: long RTT and a blackhole", "[bbr2]") {
  long_rtt_blackhole(kSeed, kScale);
}

}  // namespace
}  // namespace quasar::sim::bbr_scenarios
