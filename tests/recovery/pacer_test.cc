// Pacer: rate, burst and release timing (RFC 9002 §7.7).
#include <catch2/catch.hpp>

#include "quic/cc/pacer.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::at_ms;
using test::ms;

TEST_CASE("Pacing rate is gain * cwnd / smoothed_rtt", "[recovery][pacer]") {
  // 12000 bytes per 100 ms = 960 kbit/s; with N = 1.25, 1.2 Mbit/s.
  CHECK(window_pacing_rate(12000, ms(100), 1.25).bits_per_second() == 1200000);
  CHECK(window_pacing_rate(12000, ms(100), 2.0).bits_per_second() == 1920000);
  CHECK(window_pacing_rate(12000, Duration::zero(), 1.25).is_infinite());
}

TEST_CASE("Pacer lets a burst of ten datagrams go, then spaces packets at the rate",
          "[recovery][pacer]") {
  Pacer pacer(1200);
  const Bandwidth rate = Bandwidth::from_bits_per_second(1200000);  // 1200 bytes per 8 ms
  CHECK(pacer.burst_bytes() == 12000);
  Instant now = at_ms(0);
  for (int i = 0; i < 10; ++i) {
    REQUIRE(pacer.can_send(now, rate, 1200));
    pacer.on_packet_sent(now, rate, 1200);
  }
  CHECK_FALSE(pacer.can_send(now, rate, 1200));
  const Instant next = pacer.next_send_time(now, rate, 1200);
  CHECK(next > now + ms(7.99));
  CHECK(next <= now + ms(8.01));
  CHECK_FALSE(pacer.can_send(next - ms(0.1), rate, 1200));
  CHECK(pacer.can_send(next, rate, 1200));
  // Steady state: one datagram per 8 ms.
  now = next;
  pacer.on_packet_sent(now, rate, 1200);
  CHECK((pacer.next_send_time(now, rate, 1200) - now).nanos() ==
        Approx(ms(8).nanos()).epsilon(0.001));
}

TEST_CASE("Pacer refills while idle but never beyond the burst", "[recovery][pacer]") {
  Pacer pacer(1200);
  const Bandwidth rate = Bandwidth::from_bits_per_second(1200000);
  for (int i = 0; i < 10; ++i) pacer.on_packet_sent(at_ms(0), rate, 1200);
  CHECK(pacer.tokens(at_ms(0), rate) == 0);
  CHECK(pacer.tokens(at_ms(40), rate) == 6000);
  CHECK(pacer.tokens(at_ms(10000), rate) == 12000);
  // A packet that arrives when the bucket has room leaves at once: no timer needed.
  CHECK(pacer.next_send_time(at_ms(40), rate, 1200) == at_ms(40));
}

TEST_CASE("Pacer never blocks at an infinite rate and releases whole batches",
          "[recovery][pacer]") {
  Pacer pacer(1200);
  for (int i = 0; i < 100; ++i) {
    CHECK(pacer.can_send(at_ms(0), Bandwidth::infinite(), 1200));
    pacer.on_packet_sent(at_ms(0), Bandwidth::infinite(), 1200);
  }
  Pacer batched(1200);
  batched.set_release_quantum(4 * 1200);
  const Bandwidth rate = Bandwidth::from_bits_per_second(1200000);
  for (int i = 0; i < 10; ++i) batched.on_packet_sent(at_ms(0), rate, 1200);
  // It waits for four datagrams' worth (32 ms) instead of waking every 8 ms.
  const Instant next = batched.next_send_time(at_ms(0), rate, 1200);
  CHECK((next - at_ms(0)).nanos() == Approx(ms(32).nanos()).epsilon(0.001));
}

TEST_CASE("Pacer burst follows the datagram size", "[recovery][pacer]") {
  Pacer pacer(1200, 4);
  CHECK(pacer.burst_bytes() == 4800);
  pacer.set_max_datagram_size(1500);
  CHECK(pacer.burst_bytes() == 6000);
  // A packet larger than the whole bucket still leaves once the bucket is full.
  const Bandwidth rate = Bandwidth::from_bits_per_second(1200000);
  pacer.on_packet_sent(at_ms(0), rate, 6000);
  CHECK((pacer.next_send_time(at_ms(0), rate, 9000) - at_ms(0)).nanos() ==
        Approx(ms(40).nanos()).epsilon(0.001));
}

}  // namespace
}  // namespace quasar
