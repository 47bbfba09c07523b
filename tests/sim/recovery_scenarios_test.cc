// Loss recovery and congestion control in the simulator, one fixed seed each (label `sim`).
// tests/sim/recovery_scenarios_long_test.cc runs the same scenarios over 20 more seeds.
#include "tests/sim/recovery_scenarios.h"

namespace quasar::sim::scenarios {
namespace {

constexpr uint64_t kSeed = 1;

TEST_CASE("scenario: handshakeloss", "[recovery]") { handshake_damage(kSeed, false); }
TEST_CASE("scenario: handshakecorruption", "[recovery]") { handshake_damage(kSeed, true); }
TEST_CASE("scenario: transferloss", "[recovery]") { transfer_damage(kSeed, false); }
TEST_CASE("scenario: transfercorruption", "[recovery]") { transfer_damage(kSeed, true); }
TEST_CASE("scenario: blackhole", "[recovery]") { blackhole(kSeed); }
TEST_CASE("scenario: longrtt", "[recovery]") { long_rtt(kSeed); }
TEST_CASE("scenario: amplification", "[recovery]") { amplification(kSeed); }
TEST_CASE("scenario: reordering with jitter", "[recovery]") { reordering(kSeed); }
TEST_CASE("scenario: CUBIC utilisation", "[cc]") { utilisation(kSeed, "cubic", 0.90); }
TEST_CASE("scenario: NewReno utilisation", "[cc]") { utilisation(kSeed, "newreno", 0.85); }
TEST_CASE("scenario: two CUBIC flows share fairly", "[cc]") { fairness(kSeed); }
TEST_CASE("scenario: ECN marks and bleaching", "[cc]") { ecn(kSeed); }

}  // namespace
}  // namespace quasar::sim::scenarios
