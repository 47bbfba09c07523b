// Bbr2's model pieces on their own: the min_rtt and ProbeRTT filter, the max_bw cycle filter,
// the ACK aggregation estimate, the round counter and the factory names
// (draft-ietf-ccwg-bbr §5.5).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string_view>

#include "quic/cc/bbr2/bbr2.h"
#include "quic/cc/bbr2/extra_acked_filter.h"
#include "quic/cc/bbr2/max_bw_filter.h"
#include "quic/cc/bbr2/min_rtt_filter.h"
#include "quic/cc/bbr2/round_counter.h"
#include "quic/cc/congestion_controller_factory.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::at_ms;
using test::ms;

TEST_CASE("Bbr2 MinRttFilter: lower samples win, the 5 s window expires into ProbeRTT",
          "[recovery][bbr2]") {
  bbr2::MinRttFilter f;
  f.start(at_ms(0));
  CHECK(f.min_rtt().is_infinite());
  f.update(at_ms(10), true, ms(50));
  CHECK(f.min_rtt() == ms(50));
  f.update(at_ms(20), true, ms(60));
  CHECK(f.min_rtt() == ms(50));
  f.update(at_ms(30), false, ms(10));  // no RTT sample on this ACK
  CHECK(f.min_rtt() == ms(50));
  f.update(at_ms(40), true, ms(45));
  CHECK(f.min_rtt() == ms(45));
  CHECK(f.min_rtt_stamp() == at_ms(40));
  // 5 s later the ProbeRTT estimate has expired; the next sample replaces it even if higher.
  f.update(at_ms(5000), true, ms(70));
  CHECK_FALSE(f.probe_rtt_expired());
  f.update(at_ms(5041), true, ms(70));
  CHECK(f.probe_rtt_expired());
  CHECK(f.probe_rtt_min_delay() == ms(70));
  CHECK(f.min_rtt() == ms(45));  // the 10 s window still holds the 45 ms sample
  // After 10 s the min_rtt takes the latest 5 s minimum.
  f.update(at_ms(10041), true, ms(80));
  CHECK(f.min_rtt() == ms(70));
  CHECK(f.min_rtt_stamp() == at_ms(5041));
  f.restart_probe_rtt_interval(at_ms(10100));
  f.update(at_ms(10200), true, ms(90));
  CHECK_FALSE(f.probe_rtt_expired());
}

TEST_CASE("Bbr2 MaxBwFilter: the max of this and the previous ProbeBW cycle", "[recovery][bbr2]") {
  bbr2::MaxBwFilter f;
  f.update(Bandwidth::from_mbps(10));
  f.update(Bandwidth::from_mbps(8));
  CHECK(f.best() == Bandwidth::from_mbps(10));
  f.advance();
  f.update(Bandwidth::from_mbps(5));
  CHECK(f.best() == Bandwidth::from_mbps(10));  // still within two cycles
  f.advance();
  CHECK(f.best() == Bandwidth::from_mbps(5));  // the 10 Mbit/s sample expired
  // A cycle without samples keeps the estimate rather than forgetting it.
  f.advance();
  f.advance();
  CHECK(f.best() == Bandwidth::from_mbps(5));
}

TEST_CASE("Bbr2 ExtraAckedFilter: data acknowledged beyond the estimate, capped at cwnd",
          "[recovery][bbr2]") {
  bbr2::ExtraAckedFilter f;
  f.restart_interval(at_ms(0));
  const Bandwidth bw = Bandwidth::from_mbps(8);  // 1000 bytes per ms
  // ACKs at the expected rate: no aggregation.
  f.update(at_ms(1), bw, 1000, 100'000, 1, true);
  f.update(at_ms(2), bw, 1000, 100'000, 1, true);
  CHECK(f.extra_acked() <= 1000);
  // A silence, then a burst of 20 000 bytes at once: 20 000 - 1000 * elapsed extra.
  f.update(at_ms(12), bw, 20'000, 100'000, 2, true);
  CHECK(f.extra_acked() >= 10'000);
  CHECK(f.extra_acked() <= 20'000);
  // The cwnd caps the sample.
  bbr2::ExtraAckedFilter capped;
  capped.restart_interval(at_ms(0));
  capped.update(at_ms(1), bw, 50'000, 5'000, 1, true);
  CHECK(capped.extra_acked() == 5'000);
  // In Startup the window is a single round: the old burst is forgotten two rounds later.
  bbr2::ExtraAckedFilter startup;
  startup.restart_interval(at_ms(0));
  startup.update(at_ms(1), bw, 30'000, 100'000, 1, false);
  CHECK(startup.extra_acked() >= 29'000);
  startup.update(at_ms(100), bw, 1000, 100'000, 3, false);
  CHECK(startup.extra_acked() <= 1000);
}

TEST_CASE("Bbr2 RoundCounter: a round ends with the ACK of data sent after it began",
          "[recovery][bbr2]") {
  bbr2::RoundCounter r;
  CHECK(r.update(0, 1000));  // the first ACK starts round 1
  CHECK(r.round_count() == 1);
  CHECK_FALSE(r.update(500, 2000));  // sent before C.delivered reached 1000
  CHECK(r.update(1000, 3000));
  CHECK(r.round_count() == 2);
  r.start_round(10'000);
  CHECK_FALSE(r.update(3000, 11'000));
  CHECK(r.update(10'000, 12'000));
  CHECK(r.round_count() == 3);
}

TEST_CASE("Bbr2: initial state per OnInit", "[recovery][bbr2]") {
  Bbr2 bbr;
  CHECK(bbr.mode() == bbr2::Mode::kStartup);
  CHECK(bbr.state_name() == "startup");
  CHECK(bbr.in_slow_start());
  CHECK(bbr.pacing_gain() == Approx(2.77));
  CHECK(bbr.cwnd_gain() == Approx(2.0));
  CHECK(bbr.congestion_window() == initial_congestion_window(1200));
  // InitPacingRate before any RTT sample: 2.77 * InitialCwnd / 1 ms.
  CHECK(bbr.pacing_rate().mbps() ==
        Approx(2.77 * initial_congestion_window(1200) * 8 / 1e3).epsilon(0.01));
  CHECK(bbr.bandwidth_estimate().is_zero());
  CHECK(bbr.min_rtt_estimate() == Duration::zero());
  CHECK(bbr.model().inflight_longterm() == bbr2::kInfiniteBytes);
  CHECK(bbr.send_quantum() >= 2 * 1200);
}

TEST_CASE("Bbr2: persistent congestion collapses the window; recovery restores it",
          "[recovery][bbr2]") {
  Bbr2 bbr;
  const uint64_t before = bbr.congestion_window();
  bbr.on_packet_sent(SentPacketEvent{at_ms(0), 0, 1200, 1200});
  bbr.on_packet_lost(LostPacketEvent{0, 1200, at_ms(0), {}});
  bbr.on_congestion_event(LossEvent{at_ms(3000), 1200, at_ms(0), 0});
  bbr.on_persistent_congestion(at_ms(3000));
  CHECK(bbr.congestion_window() == minimum_congestion_window(1200));
  CHECK(bbr.in_recovery());
  // A packet sent after the collapse is acknowledged: recovery ends with the saved window.
  DeliveryRateSampler sampler;
  PacketDeliveryState state = sampler.on_packet_sent(at_ms(3001), 0, 1200);
  bbr.on_packet_sent(SentPacketEvent{at_ms(3001), 1, 1200, 1200});
  sampler.begin_ack();
  sampler.on_packet_acked(at_ms(3050), 1, at_ms(3001), 1200, state);
  AckEvent ack;
  ack.now = at_ms(3050);
  ack.acked_bytes = 1200;
  ack.prior_bytes_in_flight = 1200;
  ack.bytes_in_flight = 0;
  ack.has_rtt_sample = true;
  ack.latest_rtt = ack.smoothed_rtt = ack.min_rtt = ms(49);
  ack.rate = sampler.end_ack(Duration::zero());
  bbr.on_packet_acked(AckedPacketEvent{1, 1200, at_ms(3001), false});
  bbr.on_ack(ack);
  CHECK_FALSE(bbr.in_recovery());
  CHECK(bbr.congestion_window() >= before);
}

TEST_CASE("Bbr2: the factory knows bbr2 and its alias bbr", "[recovery][bbr2]") {
  auto bbr = make_congestion_controller("bbr2");
  REQUIRE(bbr != nullptr);
  CHECK(std::string_view(bbr->name()) == "bbr2");
  auto alias = make_congestion_controller("bbr");
  REQUIRE(alias != nullptr);
  CHECK(std::string_view(alias->name()) == "bbr2");
  const auto names = congestion_controller_names();
  CHECK(std::find(names.begin(), names.end(), "bbr2") != names.end());
  CHECK(std::find(names.begin(), names.end(), "bbr") != names.end());
  CHECK(make_congestion_controller("bbr3") == nullptr);
}

}  // namespace
}  // namespace quasar
