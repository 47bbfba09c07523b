// The loss recovery and congestion control scenarios over 20 further seeds (label `sim-long`,
// not part of CI: run with `ctest -L sim-long`).
#include "tests/sim/recovery_scenarios.h"

namespace quasar::sim::scenarios {
namespace {

constexpr uint64_t kFirstSeed = 100;
constexpr uint64_t kSeeds = 20;

#define QUASAR_FOR_SEEDS(call) \
  for (uint64_t seed = kFirstSeed; seed < kFirstSeed + kSeeds; ++seed) call

TEST_CASE("long: handshakeloss", "[recovery]") { QUASAR_FOR_SEEDS(handshake_damage(seed, false)); }
TEST_CASE("long: handshakecorruption", "[recovery]") {
  QUASAR_FOR_SEEDS(handshake_damage(seed, true));
}
TEST_CASE("long: transferloss", "[recovery]") { QUASAR_FOR_SEEDS(transfer_damage(seed, false)); }
TEST_CASE("long: transfercorruption", "[recovery]") {
  QUASAR_FOR_SEEDS(transfer_damage(seed, true));
}
TEST_CASE("long: blackhole", "[recovery]") { QUASAR_FOR_SEEDS(blackhole(seed)); }
TEST_CASE("long: longrtt", "[recovery]") { QUASAR_FOR_SEEDS(long_rtt(seed)); }
TEST_CASE("long: amplification", "[recovery]") { QUASAR_FOR_SEEDS(amplification(seed)); }
TEST_CASE("long: reordering with jitter", "[recovery]") { QUASAR_FOR_SEEDS(reordering(seed)); }
TEST_CASE("long: CUBIC utilisation", "[cc]") { QUASAR_FOR_SEEDS(utilisation(seed, "cubic", 0.90)); }
TEST_CASE("long: NewReno utilisation", "[cc]") {
  QUASAR_FOR_SEEDS(utilisation(seed, "newreno", 0.85));
}
TEST_CASE("long: two CUBIC flows share fairly", "[cc]") { QUASAR_FOR_SEEDS(fairness(seed)); }
TEST_CASE("long: ECN marks and bleaching", "[cc]") { QUASAR_FOR_SEEDS(ecn(seed)); }

}  // namespace
}  // namespace quasar::sim::scenarios
