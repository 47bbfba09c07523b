// RttEstimator: RFC 9002 §5 sample rules and the §6.2.1 PTO period.
#include <catch2/catch.hpp>

#include "quic/recovery/rtt_estimator.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::at_ms;
using test::ms;

TEST_CASE("RttEstimator starts from the initial RTT", "[recovery][rtt]") {
  RttEstimator rtt;
  CHECK_FALSE(rtt.has_sample());
  CHECK(rtt.smoothed() == ms(333));
  CHECK(rtt.variation() == ms(166.5));
  // RFC 9002 §6.2.2: a handshake starts with a PTO of about one second.
  CHECK(rtt.pto(PacketNumberSpace::kInitial) == ms(999));
  CHECK(rtt.pto(PacketNumberSpace::kApplication) == ms(999 + 25));
}

TEST_CASE("RttEstimator first sample resets smoothed and variation, ignoring ack delay",
          "[recovery][rtt]") {
  RttEstimator rtt;
  rtt.update(at_ms(100), ms(100), ms(20), true);
  CHECK(rtt.has_sample());
  CHECK(rtt.first_sample_time() == at_ms(100));
  CHECK(rtt.latest() == ms(100));
  CHECK(rtt.min() == ms(100));
  CHECK(rtt.smoothed() == ms(100));
  CHECK(rtt.variation() == ms(50));
}

TEST_CASE("RttEstimator subtracts a plausible ack delay from later samples", "[recovery][rtt]") {
  RttEstimator rtt;
  rtt.update(at_ms(0), ms(100), ms(0), true);
  rtt.update(at_ms(200), ms(120), ms(10), true);
  // adjusted = 110; rttvar = 3/4*50 + 1/4*|100-110|; smoothed = 7/8*100 + 1/8*110.
  CHECK(rtt.variation() == ms(40));
  CHECK(rtt.smoothed() == ms(101.25));
  CHECK(rtt.latest() == ms(120));
  CHECK(rtt.min() == ms(100));
}

TEST_CASE("RttEstimator caps ack delay at max_ack_delay only after confirmation",
          "[recovery][rtt]") {
  for (bool confirmed : {false, true}) {
    RttEstimator rtt;
    rtt.set_max_ack_delay(ms(25));
    rtt.update(at_ms(0), ms(50), ms(0), confirmed);
    rtt.update(at_ms(300), ms(200), ms(100), confirmed);
    // Before confirmation the whole 100 ms is subtracted, afterwards only 25 ms.
    const Duration adjusted = confirmed ? ms(175) : ms(100);
    const Duration expected_smoothed =
        Duration::from_nanos((7 * ms(50).nanos() + adjusted.nanos()) / 8);
    CHECK(rtt.smoothed() == expected_smoothed);
  }
}

TEST_CASE("RttEstimator never takes a sample below min_rtt and never adjusts min_rtt",
          "[recovery][rtt]") {
  RttEstimator rtt;
  rtt.update(at_ms(0), ms(100), ms(0), true);
  rtt.update(at_ms(100), ms(80), ms(30), true);
  // min_rtt takes the raw sample; 80 < 80 + 30, so the delay is not subtracted.
  CHECK(rtt.min() == ms(80));
  CHECK(rtt.smoothed() == ms(97.5));  // 7/8*100 + 1/8*80
  rtt.update(at_ms(200), ms(90), ms(5), true);
  CHECK(rtt.min() == ms(80));  // 90 minus delay is never used for min_rtt
  CHECK(rtt.smoothed() == Duration::from_nanos((7 * ms(97.5).nanos() + ms(85).nanos()) / 8));
}

TEST_CASE("RttEstimator PTO uses max_ack_delay only for application data", "[recovery][rtt]") {
  RttEstimator rtt;
  rtt.set_max_ack_delay(ms(40));
  rtt.update(at_ms(0), ms(100), ms(0), true);
  CHECK(rtt.pto_base() == ms(300));  // 100 + 4 * 50
  CHECK(rtt.pto(PacketNumberSpace::kInitial) == ms(300));
  CHECK(rtt.pto(PacketNumberSpace::kHandshake) == ms(300));
  CHECK(rtt.pto(PacketNumberSpace::kApplication) == ms(340));
  // RFC 9002 §7.6.1: the persistent congestion duration always includes max_ack_delay.
  CHECK(rtt.persistent_congestion_duration() == ms(1020));
}

TEST_CASE("RttEstimator PTO is at least the timer granularity", "[recovery][rtt]") {
  RttEstimator rtt;
  rtt.update(at_ms(0), Duration::from_micros(10), Duration::zero(), true);
  for (int i = 0; i < 50; ++i) {
    rtt.update(at_ms(i), Duration::from_micros(10), Duration::zero(), true);
  }
  // 4 * rttvar has decayed far below 1 ms: kGranularity takes over.
  CHECK(rtt.pto(PacketNumberSpace::kInitial) == Duration::from_micros(10) + kGranularity);
}

TEST_CASE("RttEstimator persistent congestion restarts min_rtt from the latest sample",
          "[recovery][rtt]") {
  RttEstimator rtt;
  rtt.update(at_ms(0), ms(20), ms(0), true);
  rtt.update(at_ms(100), ms(200), ms(0), true);
  CHECK(rtt.min() == ms(20));
  rtt.on_persistent_congestion();
  CHECK(rtt.min() == ms(200));
  rtt.reset();
  CHECK_FALSE(rtt.has_sample());
  CHECK(rtt.smoothed() == kInitialRtt);
}

}  // namespace
}  // namespace quasar
