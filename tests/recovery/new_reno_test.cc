// NewReno: RFC 9002 §7 and Appendix B window evolution.
#include <catch2/catch.hpp>

#include "cc_test_support.h"
#include "quic/cc/congestion_controller_factory.h"
#include "quic/cc/new_reno.h"

namespace quasar {
namespace {

using test::ack_one;
using test::at_ms;
using test::lose;
using test::ms;

TEST_CASE("Initial and minimum windows follow RFC 9002 §7.2", "[recovery][cc][newreno]") {
  CHECK(initial_congestion_window(1200) == 12000);
  CHECK(initial_congestion_window(1500) == 14720);
  CHECK(initial_congestion_window(9000) == 18000);
  CHECK(minimum_congestion_window(1200) == 2400);
  NewReno cc;
  CHECK(cc.congestion_window() == 12000);
  CHECK(cc.in_slow_start());
  CHECK_FALSE(cc.in_recovery());
  CHECK(cc.slow_start_threshold() == UINT64_MAX);
}

TEST_CASE("NewReno slow start grows by the bytes acknowledged", "[recovery][cc][newreno]") {
  NewReno cc;
  for (uint64_t pn = 0; pn < 5; ++pn) ack_one(cc, at_ms(100), pn, 1200, at_ms(0));
  CHECK(cc.congestion_window() == 18000);
}

TEST_CASE("NewReno recovery: one reduction per round trip, exit on a later packet",
          "[recovery][cc][newreno]") {
  NewReno cc;
  for (uint64_t pn = 0; pn < 5; ++pn) ack_one(cc, at_ms(100), pn, 1200, at_ms(0));
  lose(cc, at_ms(150), 1200, at_ms(50));
  CHECK(cc.in_recovery());
  CHECK(cc.slow_start_threshold() == 9000);
  CHECK(cc.congestion_window() == 9000);
  CHECK_FALSE(cc.in_slow_start());
  // A loss of a packet sent before the recovery started changes nothing.
  lose(cc, at_ms(160), 1200, at_ms(140));
  CHECK(cc.congestion_window() == 9000);
  // Acknowledging a packet sent before recovery started neither grows nor ends it.
  ack_one(cc, at_ms(170), 10, 1200, at_ms(149));
  CHECK(cc.congestion_window() == 9000);
  CHECK(cc.in_recovery());
  // A packet sent after it ends recovery; congestion avoidance adds one datagram per window.
  for (uint64_t pn = 20; pn < 27; ++pn) ack_one(cc, at_ms(300), pn, 1200, at_ms(200));
  CHECK_FALSE(cc.in_recovery());
  CHECK(cc.congestion_window() == 9000);  // 8400 bytes acknowledged < cwnd
  ack_one(cc, at_ms(300), 27, 1200, at_ms(200));
  CHECK(cc.congestion_window() == 10200);
  // A new loss of a packet sent after the recovery start begins a new period.
  lose(cc, at_ms(400), 1200, at_ms(250));
  CHECK(cc.congestion_window() == 5100);
}

TEST_CASE("NewReno never goes below the minimum window", "[recovery][cc][newreno]") {
  NewReno cc;
  Instant t = at_ms(0);
  for (int i = 0; i < 10; ++i) {
    lose(cc, t + ms(10), 1200, t + ms(5));
    t = t + ms(100);
  }
  CHECK(cc.congestion_window() == 2400);
}

TEST_CASE("NewReno persistent congestion collapses to the minimum window",
          "[recovery][cc][newreno]") {
  NewReno cc;
  lose(cc, at_ms(100), 1200, at_ms(50));
  cc.on_persistent_congestion(at_ms(100));
  CHECK(cc.congestion_window() == 2400);
  CHECK_FALSE(cc.in_recovery());
  CHECK(cc.in_slow_start());  // below ssthresh = 6000: slow start again
  ack_one(cc, at_ms(200), 1, 1200, at_ms(60));
  CHECK(cc.congestion_window() == 3600);
}

TEST_CASE("NewReno does not grow an application-limited window", "[recovery][cc][newreno]") {
  NewReno cc;
  ack_one(cc, at_ms(100), 0, 1200, at_ms(0), ms(100), /*app_limited=*/true);
  CHECK(cc.congestion_window() == 12000);
}

TEST_CASE("NewReno reacts to ECN-CE once per round trip and never undoes it",
          "[recovery][cc][newreno]") {
  NewReno cc;
  cc.on_ecn_ce(at_ms(100), at_ms(90), 1);
  CHECK(cc.congestion_window() == 6000);
  cc.on_ecn_ce(at_ms(110), at_ms(95), 1);
  CHECK(cc.congestion_window() == 6000);
  cc.on_spurious_loss(SpuriousLossEvent{at_ms(120), 1, 1200, at_ms(90), at_ms(100)});
  CHECK(cc.congestion_window() == 6000);
}

TEST_CASE("NewReno undoes a reduction whose losses were all spurious", "[recovery][cc][newreno]") {
  NewReno cc;
  lose(cc, at_ms(100), 2400, at_ms(50));
  CHECK(cc.congestion_window() == 6000);
  cc.on_spurious_loss(SpuriousLossEvent{at_ms(110), 1, 1200, at_ms(50), at_ms(100)});
  CHECK(cc.congestion_window() == 6000);  // one loss still unconfirmed
  cc.on_spurious_loss(SpuriousLossEvent{at_ms(111), 2, 1200, at_ms(50), at_ms(100)});
  CHECK(cc.congestion_window() == 12000);
  CHECK(cc.slow_start_threshold() == UINT64_MAX);
  CHECK_FALSE(cc.in_recovery());
}

TEST_CASE("NewReno pacing rate is gain * cwnd / smoothed_rtt", "[recovery][cc][newreno]") {
  NewReno cc;
  CHECK(cc.pacing_rate().is_infinite());  // no RTT yet
  ack_one(cc, at_ms(100), 0, 1200, at_ms(0), ms(100));
  // Slow start: gain 2. 13200 bytes per 100 ms * 2.
  CHECK(cc.pacing_rate().bits_per_second() == 2 * 13200 * 8 * 10);
  lose(cc, at_ms(200), 1200, at_ms(150));
  CHECK(cc.pacing_rate().bits_per_second() == 6600 * 8 * 10 * 5 / 4);
}

TEST_CASE("NewReno recomputes the initial window when the datagram size changes",
          "[recovery][cc][newreno]") {
  NewReno cc;
  cc.set_max_datagram_size(1500);
  CHECK(cc.max_datagram_size() == 1500);
  CHECK(cc.congestion_window() == 14720);
  for (int i = 0; i < 10; ++i) lose(cc, at_ms(100.0 * i + 10), 1500, at_ms(100.0 * i + 5));
  CHECK(cc.congestion_window() == 3000);
}

TEST_CASE("Factory builds controllers by name", "[recovery][cc]") {
  CongestionControlConfig config;
  auto reno = make_congestion_controller("newreno", config);
  REQUIRE(reno != nullptr);
  CHECK(std::string_view(reno->name()) == "newreno");
  auto cubic = make_congestion_controller("cubic", config);
  REQUIRE(cubic != nullptr);
  CHECK(std::string_view(cubic->name()) == "cubic");
  CHECK(make_congestion_controller("vegas", config) == nullptr);
  CHECK(congestion_controller_names().size() == 4);  // newreno, cubic, bbr2 and its alias bbr
}

}  // namespace
}  // namespace quasar
