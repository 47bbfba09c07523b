// HyStart++ (RFC 9406): slow start exit on an RTT increase, CSS, and its use by Cubic.
#include <catch2/catch.hpp>

#include "cc_test_support.h"
#include "quic/cc/cubic.h"
#include "quic/cc/hystart_plus_plus.h"

namespace quasar {
namespace {

using test::at_ms;
using test::ms;
using Phase = HyStartPlusPlus::Phase;

// Sends a round of `packets` packets, then acknowledges each with an RTT sample.
struct RoundDriver {
  HyStartPlusPlus& h;
  uint64_t next_pn = 0;
  void round(Duration rtt, int packets = 10) {
    const uint64_t first = next_pn;
    for (int i = 0; i < packets; ++i) h.on_packet_sent(next_pn++);
    for (uint64_t pn = first; pn < next_pn; ++pn) h.on_ack(pn, true, rtt);
  }
};

TEST_CASE("HyStart++ stays in slow start without an RTT increase", "[recovery][cc][hystart]") {
  HyStartPlusPlus h;
  RoundDriver d{h};
  for (int i = 0; i < 20; ++i) d.round(ms(100));
  CHECK(h.phase() == Phase::kSlowStart);
  CHECK(h.rounds() == 20);
  CHECK(h.window_increase(1200, 1200) == 1200);
}

TEST_CASE("HyStart++ enters CSS when the round's minimum RTT rises by RttThresh",
          "[recovery][cc][hystart]") {
  HyStartPlusPlus h;
  RoundDriver d{h};
  d.round(ms(100));
  // RttThresh = clamp(100 ms / 8, 4 ms, 16 ms) = 12.5 ms: 112 ms is not enough.
  d.round(ms(112));
  CHECK(h.phase() == Phase::kSlowStart);
  // Now against 112 ms: RttThresh = 14 ms; then against 125.9 ms: 15.7 ms.
  d.round(ms(125.9));
  CHECK(h.phase() == Phase::kSlowStart);
  d.round(ms(125.9 + 16));
  CHECK(h.phase() == Phase::kConservativeSlowStart);
  // CSS grows at a quarter of the rate (CSS_GROWTH_DIVISOR).
  CHECK(h.window_increase(1200, 1200) == 300);
}

TEST_CASE("HyStart++ needs N_RTT_SAMPLE samples before deciding", "[recovery][cc][hystart]") {
  HyStartPlusPlus seven;
  RoundDriver d7{seven};
  d7.round(ms(100));
  d7.round(ms(200), 7);  // seven samples only
  CHECK(seven.phase() == Phase::kSlowStart);
  HyStartPlusPlus eight;
  RoundDriver d8{eight};
  d8.round(ms(100));
  d8.round(ms(200), 8);
  CHECK(eight.phase() == Phase::kConservativeSlowStart);
  // Thresholds are clamped: 16 ms at most for long RTTs, 4 ms at least for short ones.
  HyStartPlusPlus long_rtt;
  RoundDriver dl{long_rtt};
  dl.round(ms(400));
  dl.round(ms(416));
  CHECK(long_rtt.phase() == Phase::kConservativeSlowStart);
  HyStartPlusPlus short_rtt;
  RoundDriver ds{short_rtt};
  ds.round(ms(8));
  ds.round(ms(11.9));
  CHECK(short_rtt.phase() == Phase::kSlowStart);
  ds.round(ms(11.9 + 4));
  CHECK(short_rtt.phase() == Phase::kConservativeSlowStart);
}

TEST_CASE("HyStart++ leaves CSS for congestion avoidance after CSS_ROUNDS",
          "[recovery][cc][hystart]") {
  HyStartPlusPlus h;
  RoundDriver d{h};
  d.round(ms(100));
  d.round(ms(130));
  REQUIRE(h.phase() == Phase::kConservativeSlowStart);
  for (int i = 0; i < 4; ++i) d.round(ms(130));
  CHECK(h.phase() == Phase::kConservativeSlowStart);
  d.round(ms(130));
  CHECK(h.exited_to_congestion_avoidance());
  CHECK(h.phase() == Phase::kDone);
}

TEST_CASE("HyStart++ resumes slow start when the RTT falls below the CSS baseline",
          "[recovery][cc][hystart]") {
  HyStartPlusPlus h;
  RoundDriver d{h};
  d.round(ms(100));
  d.round(ms(130));
  REQUIRE(h.phase() == Phase::kConservativeSlowStart);
  d.round(ms(120));  // below the 130 ms baseline: the exit was spurious
  CHECK(h.phase() == Phase::kSlowStart);
  CHECK_FALSE(h.exited_to_congestion_avoidance());
}

TEST_CASE("HyStart++ caps growth per ACK when not pacing", "[recovery][cc][hystart]") {
  HyStartPlusPlus unpaced(false);
  CHECK(unpaced.window_increase(20000, 1200) == 8 * 1200);
  HyStartPlusPlus paced(true);
  CHECK(paced.window_increase(20000, 1200) == 20000);
}

// Cubic with HyStart++: packets in rounds, each ACK frame acknowledging one packet.
struct CubicRounds {
  Cubic cc;
  uint64_t next_pn = 0;
  Instant now = at_ms(0);
  // Sends a window's worth of packets and acknowledges them with RTT `rtt`.
  void round(Duration rtt) {
    const uint64_t packets = cc.congestion_window() / 1200;
    const uint64_t first = next_pn;
    for (uint64_t i = 0; i < packets; ++i) {
      cc.on_packet_sent(SentPacketEvent{now, next_pn++, 1200, (i + 1) * 1200});
    }
    const Instant sent = now;
    now = now + rtt;
    for (uint64_t pn = first; pn < next_pn; ++pn) test::ack_one(cc, now, pn, 1200, sent, rtt);
  }
};

TEST_CASE("Cubic exits slow start through HyStart++ on an RTT increase",
          "[recovery][cc][hystart][cubic]") {
  CubicRounds r{Cubic(CongestionControlConfig{})};
  r.round(ms(50));
  r.round(ms(50));
  const uint64_t before_css = r.cc.congestion_window();
  r.round(ms(70));  // +20 ms > RttThresh (50 / 8 = 6.25 -> clamped... 6.25 ms)
  REQUIRE(r.cc.hystart().phase() == Phase::kConservativeSlowStart);
  // In CSS a round adds a quarter of what slow start would.
  const uint64_t css_start = r.cc.congestion_window();
  CHECK(css_start < 2 * before_css);
  r.round(ms(70));
  CHECK(r.cc.congestion_window() == Approx(css_start * 1.25).margin(1200));
  for (int i = 0; i < 5 && r.cc.in_slow_start(); ++i) r.round(ms(70));
  CHECK_FALSE(r.cc.in_slow_start());
  // ssthresh = cwnd at the exit; the rest of that round already grew in avoidance.
  CHECK(r.cc.slow_start_threshold() <= r.cc.congestion_window());
  CHECK(r.cc.congestion_window() - r.cc.slow_start_threshold() < 2 * 1200);
  // RFC 9438 §4.10: congestion avoidance starts flat at that window (K = 0).
  r.round(ms(70));
  CHECK(r.cc.k_seconds() == 0);
  CHECK(r.cc.cwnd_prior() == r.cc.slow_start_threshold());
}

TEST_CASE("Cubic keeps doubling in slow start without an RTT increase",
          "[recovery][cc][hystart][cubic]") {
  CubicRounds r{Cubic(CongestionControlConfig{})};
  for (int i = 0; i < 6; ++i) r.round(ms(50));
  CHECK(r.cc.in_slow_start());
  CHECK(r.cc.hystart().phase() == Phase::kSlowStart);
  CHECK(r.cc.congestion_window() == 12000u << 6);
}

}  // namespace
}  // namespace quasar
