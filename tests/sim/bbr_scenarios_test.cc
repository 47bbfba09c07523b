// The BBRv2 scenarios in the simulator, shortened for CI (label `sim`), one fixed seed each.
// tests/sim/bbr_scenarios_long_test.cc runs the full-length versions over 10 more seeds.
#include <vector>

#include "tests/sim/bbr_scenarios.h"
#include "tests/sim/bbr_scenarios_path.h"

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

// One stay in ProbeRTT and the ProbeBW clock (BBR.cycle_stamp, BBR.bw_probe_wait) around it.
struct ProbeRttVisit {
  Instant entered;
  Instant exited;
  bool from_probe_bw = false;
  Instant clock_before;
  Duration wait_before;
  Instant clock_after;
  Instant next_refill = Instant::infinite_future();
};

// 35 s of one flow over a 20 Mbit/s, 40 ms path, with other flows' standing queue adding
// `standing_delay` outside ProbeRTT.
std::vector<ProbeRttVisit> probe_rtt_visits(Duration standing_delay) {
  ModelledPath path(
      {.mbps = 20, .rtt = Duration::from_millis(40), .standing_delay = standing_delay});
  std::vector<ProbeRttVisit> visits;
  bbr2::Mode before = path.cc().mode();
  Instant clock = path.cc().cycle_stamp();
  Duration wait = path.cc().bw_probe_wait();
  path.run(Duration::from_seconds(35), [&] {
    const bbr2::Mode mode = path.cc().mode();
    if (mode == bbr2::Mode::kProbeRtt && before != bbr2::Mode::kProbeRtt) {
      ProbeRttVisit visit;
      visit.entered = path.now();
      visit.from_probe_bw = bbr2::is_probe_bw(before);
      visit.clock_before = clock;
      visit.wait_before = wait;
      visits.push_back(visit);
    }
    if (mode != bbr2::Mode::kProbeRtt && before == bbr2::Mode::kProbeRtt) {
      visits.back().exited = path.now();
      visits.back().clock_after = path.cc().cycle_stamp();
    }
    if (mode == bbr2::Mode::kProbeBwRefill && before != mode && !visits.empty() &&
        visits.back().next_refill.is_infinite()) {
      visits.back().next_refill = path.now();
    }
    before = mode;
    clock = path.cc().cycle_stamp();
    wait = path.cc().bw_probe_wait();
  });
  return visits;
}

// ExitProbeRTT (draft §5.3.4.4) starts a new ProbeBW cycle: the next bandwidth probe comes
// BBR.bw_probe_wait (2-3 s) after ProbeRTT.
TEST_CASE("bbr2: ProbeRTT that found no standing queue restarts the ProbeBW clock", "[bbr2]") {
  const std::vector<ProbeRttVisit> visits = probe_rtt_visits(Duration::zero());
  REQUIRE(visits.size() >= 5);
  for (const ProbeRttVisit& v : visits) {
    if (!v.from_probe_bw || v.exited == Instant()) continue;
    CHECK(v.clock_after == v.exited);
    if (!v.next_refill.is_infinite()) CHECK(v.next_refill - v.exited >= Duration::from_seconds(2));
  }
}

// quasar's departure (probe_rtt.cc): once other flows have kept a queue standing at every
// ProbeRTT for 10 s, ProbeRTT leaves each flow's ProbeBW clock alone, so that flows which left
// ProbeRTT together do not all probe for bandwidth in the same second. Here the other flows'
// queue doubles the RTT; the first ProbeRTT measures the path's own 40 ms, so a standing queue
// is seen from the second on and the clock is kept from the fourth.
TEST_CASE("bbr2: ProbeRTT after a queue stood for 10 s keeps the ProbeBW clock", "[bbr2]") {
  const std::vector<ProbeRttVisit> visits = probe_rtt_visits(Duration::from_millis(40));
  REQUIRE(visits.size() >= 5);
  size_t kept = 0;
  for (size_t i = 0; i < visits.size(); ++i) {
    const ProbeRttVisit& v = visits[i];
    INFO("ProbeRTT " << i << " entered at " << (v.entered - visits[0].entered).millis() << " ms");
    if (!v.from_probe_bw || v.exited == Instant()) continue;
    if (i < 3) {
      CHECK(v.clock_after == v.exited);
      continue;
    }
    ++kept;
    CHECK(v.clock_after == v.clock_before);
    // The probe comes when the cycle's own wait is over (at once if that was during ProbeRTT).
    const Instant due = std::max(v.exited, v.clock_before + v.wait_before);
    REQUIRE_FALSE(v.next_refill.is_infinite());
    CHECK(v.next_refill >= due);
    CHECK(v.next_refill - due < Duration::from_millis(100));
  }
  CHECK(kept >= 2);
}

}  // namespace
}  // namespace quasar::sim::bbr_scenarios
