// Cubic: window curve against RFC 9438's formulas, fast convergence, the Reno-friendly
// region, app-limited handling, persistent congestion and undo.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "cc_test_support.h"
#include "quic/cc/cubic.h"

namespace quasar {
namespace {

using test::ack_one;
using test::at_ms;
using test::lose;
using test::ms;

constexpr double kMss = 1200;
constexpr double kC = 0.4;
constexpr double kBeta = 0.7;

CongestionControlConfig config_with_window(uint64_t segments, bool fast_convergence = true) {
  CongestionControlConfig config;
  config.initial_window = segments * 1200;
  config.hystart = false;
  config.fast_convergence = fast_convergence;
  return config;
}

// RFC 9438 Eq. 1 and Eq. 2 in bytes.
double k_of(double w_max, double cwnd_epoch) { return std::cbrt((w_max - cwnd_epoch) / kMss / kC); }
double w_cubic(double t, double k, double w_max) { return kC * std::pow(t - k, 3) * kMss + w_max; }

TEST_CASE("Cubic multiplicative decrease by beta_cubic", "[recovery][cc][cubic]") {
  Cubic cc(config_with_window(100));
  lose(cc, at_ms(1000), 1200, at_ms(990));
  CHECK(cc.congestion_window() == 84000);
  CHECK(cc.slow_start_threshold() == 84000);
  CHECK(cc.w_max() == 120000);
  CHECK(cc.cwnd_prior() == 120000);
  CHECK(cc.in_recovery());
  CHECK(Cubic::kAlpha == Approx(3 * 0.3 / 1.7));
}

TEST_CASE("Cubic window follows W_cubic(t) with K from RFC 9438 Eq. 2", "[recovery][cc][cubic]") {
  Cubic cc(config_with_window(100));
  const Duration rtt = ms(100);
  lose(cc, at_ms(1000), 1200, at_ms(990));
  const double k = k_of(120000, 84000);
  CHECK(k == Approx(std::cbrt(75.0)));

  // ACK clock: every millisecond, one hundredth of the window (one window per RTT).
  // Packets sent after the recovery started (at 1000 ms) are acknowledged from 1101 ms on.
  const Instant epoch = at_ms(1101);
  uint64_t pn = 100;
  bool checked_first = false;
  const double checkpoints[] = {0.5, 1, 2, 3, k, 5};
  size_t next_checkpoint = 0;
  double w_est = 84000;
  int reno_friendly_acks = 0;
  for (int step = 0; step <= 5200; ++step) {
    const Instant now = epoch + ms(step);
    const double before = static_cast<double>(cc.congestion_window());
    const uint64_t bytes = cc.congestion_window() / 100;
    ack_one(cc, now, pn++, bytes, now - rtt, rtt);
    if (!checked_first) {
      // The first ACK after recovery starts the epoch and fixes K.
      REQUIRE(cc.has_epoch());
      CHECK(cc.epoch_start() == epoch);
      CHECK(cc.k_seconds() == Approx(k));
      CHECK(cc.w_cubic(0) == Approx(84000));
      CHECK(cc.w_cubic(k) == Approx(120000));
      checked_first = true;
    }
    const double t = (now - epoch).seconds();
    // RFC 9438 Eq. 4: W_est += alpha_cubic * segments_acked / cwnd.
    w_est += Cubic::kAlpha * static_cast<double>(bytes) / before * kMss;
    double expected;
    if (w_cubic(t, k, 120000) < w_est) {
      // Reno-friendly region (only right at the epoch start on this path).
      expected = std::max(before, w_est);
      ++reno_friendly_acks;
    } else {
      // cwnd += (target - cwnd) / cwnd * bytes, target = W_cubic(t + RTT) in [cwnd, 1.5 cwnd].
      const double target = std::clamp(w_cubic(t + rtt.seconds(), k, 120000), before, 1.5 * before);
      expected = before + (target - before) / before * static_cast<double>(bytes);
    }
    REQUIRE(static_cast<double>(cc.congestion_window()) == Approx(expected).margin(1.0));
    if (next_checkpoint < std::size(checkpoints) && t >= checkpoints[next_checkpoint]) {
      // The window tracks the curve itself within a couple of percent.
      CHECK(static_cast<double>(cc.congestion_window()) ==
            Approx(w_cubic(t, k, 120000)).epsilon(0.02));
      ++next_checkpoint;
    }
  }
  CHECK(next_checkpoint == std::size(checkpoints));
  CHECK(reno_friendly_acks < 100);
  // Convex region after K: above W_max.
  CHECK(cc.congestion_window() > 120000);
}

TEST_CASE("Cubic fast convergence lowers W_max when the window shrinks", "[recovery][cc][cubic]") {
  for (bool fast : {true, false}) {
    Cubic cc(config_with_window(100, fast));
    lose(cc, at_ms(1000), 1200, at_ms(990));
    lose(cc, at_ms(2000), 1200, at_ms(1990));  // a new congestion event before regaining W_max
    CHECK(cc.congestion_window() == static_cast<uint64_t>(84000 * kBeta));
    if (fast) {
      CHECK(cc.w_max() == Approx(84000 * (1 + kBeta) / 2));
    } else {
      CHECK(cc.w_max() == Approx(84000));
    }
  }
}

TEST_CASE("Cubic follows W_est in the Reno-friendly region", "[recovery][cc][cubic]") {
  // A short RTT: Reno's additive increase outpaces the cubic curve.
  Cubic cc(config_with_window(100));
  const Duration rtt = ms(5);
  lose(cc, at_ms(1000), 1200, at_ms(999));
  double w_est = 84000;
  double alpha = 3 * (1 - kBeta) / (1 + kBeta);
  uint64_t pn = 100;
  bool saw_alpha_one = false;
  for (int step = 0; step < 6000; ++step) {
    const Instant now = at_ms(1010) + Duration::from_micros(50 * step);
    const double before = static_cast<double>(cc.congestion_window());
    const uint64_t bytes = cc.congestion_window() / 100;
    ack_one(cc, now, pn++, bytes, now - rtt, rtt);
    // RFC 9438 Eq. 4 in bytes, with alpha = 1 once W_est reaches cwnd_prior.
    w_est += alpha * static_cast<double>(bytes) / before * kMss;
    if (w_est >= 120000) {
      alpha = 1;
      saw_alpha_one = true;
    }
    REQUIRE(cc.w_est() == Approx(w_est));
    const double t = (now - cc.epoch_start()).seconds();
    if (cc.w_cubic(t) < w_est) {
      REQUIRE(static_cast<double>(cc.congestion_window()) == Approx(w_est).margin(1.0));
    }
  }
  CHECK(saw_alpha_one);
  CHECK(static_cast<double>(cc.congestion_window()) > cc.w_cubic(0.3));
}

TEST_CASE("Cubic does not grow while application-limited and keeps idle time out of t",
          "[recovery][cc][cubic]") {
  Cubic cc(config_with_window(100));
  lose(cc, at_ms(1000), 1200, at_ms(990));
  ack_one(cc, at_ms(1100), 1, 1200, at_ms(1050));
  REQUIRE(cc.has_epoch());
  const uint64_t window = cc.congestion_window();
  const Instant epoch = cc.epoch_start();
  for (int i = 1; i <= 10; ++i) {
    ack_one(cc, at_ms(1100 + 100.0 * i), 1 + i, 1200, at_ms(1050 + 100.0 * i), ms(100),
            /*app_limited=*/true);
  }
  CHECK(cc.congestion_window() == window);
  // One second of application-limited ACKs moved the epoch by one second.
  CHECK(cc.epoch_start() == epoch + ms(1000));
}

TEST_CASE("Cubic persistent congestion restarts from the minimum window with K = 0",
          "[recovery][cc][cubic]") {
  Cubic cc(config_with_window(100));
  lose(cc, at_ms(1000), 1200, at_ms(990));
  cc.on_persistent_congestion(at_ms(1000));
  CHECK(cc.congestion_window() == 2400);
  CHECK(cc.in_slow_start());
  uint64_t pn = 10;
  Instant now = at_ms(1100);
  while (cc.in_slow_start()) {
    ack_one(cc, now, pn++, 1200, now - ms(100));
    now = now + ms(1);
  }
  const double start = static_cast<double>(cc.congestion_window());
  ack_one(cc, now, pn++, 1200, now - ms(100));
  CHECK(cc.k_seconds() == 0);
  CHECK(cc.w_max() == Approx(start));
}

TEST_CASE("Cubic undoes a reduction whose losses were spurious", "[recovery][cc][cubic]") {
  Cubic cc(config_with_window(100));
  ack_one(cc, at_ms(500), 1, 1200, at_ms(400));
  const uint64_t window = cc.congestion_window();
  lose(cc, at_ms(1000), 2400, at_ms(990));
  CHECK(cc.congestion_window() < window);
  cc.on_spurious_loss(SpuriousLossEvent{at_ms(1010), 5, 1200, at_ms(990), at_ms(1000)});
  CHECK(cc.congestion_window() < window);
  cc.on_spurious_loss(SpuriousLossEvent{at_ms(1011), 6, 1200, at_ms(990), at_ms(1000)});
  CHECK(cc.congestion_window() == window);
  CHECK(cc.slow_start_threshold() == UINT64_MAX);
  CHECK(cc.w_max() == 0);
  CHECK_FALSE(cc.in_recovery());
  // A loss declared before the episode started does not count toward it.
  lose(cc, at_ms(2000), 1200, at_ms(1990));
  cc.on_spurious_loss(SpuriousLossEvent{at_ms(2010), 7, 1200, at_ms(980), at_ms(1500)});
  CHECK(cc.congestion_window() < window);
}

TEST_CASE("Cubic ECN-CE reduces like a loss", "[recovery][cc][cubic]") {
  Cubic cc(config_with_window(100));
  cc.on_ecn_ce(at_ms(1000), at_ms(990), 2);
  CHECK(cc.congestion_window() == 84000);
  cc.on_ecn_ce(at_ms(1001), at_ms(995), 1);
  CHECK(cc.congestion_window() == 84000);
}

}  // namespace
}  // namespace quasar
