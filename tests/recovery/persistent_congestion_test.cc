// Persistent congestion: the worked example of RFC 9002 §7.6.3 and the end-to-end response.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/recovery/loss_detection.h"
#include "quic/recovery/persistent_congestion.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::ack;
using test::at_ms;
using test::ms;
using test::RecordingController;
using test::RecordingVisitor;
using test::send;

constexpr auto kApp = PacketNumberSpace::kApplication;

// The RFC 9002 §7.6.3 timeline in seconds: packets 1-7 at t = 0..6, #8 (PTO 1) at 8, #9 (PTO 2)
// at 12; #1 acknowledged at 1.2 and #9 at 12.2, which declares 2-8 lost.
struct RfcExample {
  SentPacketMap map{16};
  std::vector<LostPacketTiming> lost;

  explicit RfcExample(bool ack_packet_5 = false) {
    const double send_times[] = {0, 1, 2, 3, 4, 5, 6, 8, 12};
    for (uint64_t pn = 1; pn <= 9; ++pn) {
      SentPacketParams p;
      p.packet_number = pn;
      p.bytes = 1200;
      p.ack_eliciting = true;
      p.in_flight = true;
      map.add(p, at_ms(1000 * send_times[pn - 1]), {});
    }
    map.mark_acked(*map.find(1));
    if (ack_packet_5) map.mark_acked(*map.find(5));
    map.mark_acked(*map.find(9));
    for (uint64_t pn = 2; pn <= 8; ++pn) {
      if (ack_packet_5 && pn == 5) continue;
      lost.push_back(LostPacketTiming{pn, map.find(pn)->time_sent, true});
    }
  }
};

// The example's PTO period (smoothed_rtt + max(4*rttvar, kGranularity) + max_ack_delay) is 2,
// so the persistent congestion duration is 2 * 3 = 6 seconds. The example presumes an RTT
// estimate from before t = 0 (it uses one for the PTOs), so the first sample predates #1.
const Duration kDuration = ms(6000);
const Instant kFirstSample = at_ms(-500);

TEST_CASE("Persistent congestion: the RFC 9002 example establishes it", "[recovery][pc]") {
  RfcExample ex;
  // 8 - 1 = 7 seconds between the oldest and newest lost packets, nothing acked between.
  CHECK(establishes_persistent_congestion(ex.lost, kDuration, kFirstSample, ex.map));
}

TEST_CASE("Persistent congestion: an acknowledgment in between breaks the period",
          "[recovery][pc]") {
  RfcExample ex(/*ack_packet_5=*/true);
  // Runs 2-4 (2 s) and 6-8 (3 s) are both shorter than 6 s.
  CHECK_FALSE(establishes_persistent_congestion(ex.lost, kDuration, kFirstSample, ex.map));
}

TEST_CASE("Persistent congestion: needs more than the duration", "[recovery][pc]") {
  RfcExample ex;
  CHECK_FALSE(establishes_persistent_congestion(ex.lost, ms(7000), kFirstSample, ex.map));
  CHECK(establishes_persistent_congestion(ex.lost, ms(6999), kFirstSample, ex.map));
}

TEST_CASE("Persistent congestion: only packets sent after the first RTT sample count",
          "[recovery][pc]") {
  RfcExample ex;
  // With the first sample at t = 1.2 (the ACK of #1), #2 (t = 1) no longer counts: 8 - 2 = 6.
  CHECK_FALSE(establishes_persistent_congestion(ex.lost, kDuration, at_ms(1200), ex.map));
}

TEST_CASE("Persistent congestion: only ack-eliciting packets bound the period", "[recovery][pc]") {
  RfcExample ex;
  ex.lost.front().ack_eliciting = false;  // #2
  ex.lost.back().ack_eliciting = false;   // #8
  CHECK_FALSE(establishes_persistent_congestion(ex.lost, kDuration, kFirstSample, ex.map));
}

TEST_CASE("LossDetection declares persistent congestion and resets min_rtt", "[recovery][pc]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  ld.on_handshake_confirmed(at_ms(0));
  send(ld, kApp, 0, at_ms(0));
  REQUIRE(ack(ld, kApp, at_ms(100), {{0, 0}}, v).ok());  // RTT 100 ms
  for (uint64_t pn = 1; pn <= 14; ++pn) send(ld, kApp, pn, at_ms(100.0 + 100.0 * pn));
  send(ld, kApp, 15, at_ms(1600));
  auto r = ack(ld, kApp, at_ms(1700), {{15, 15}}, v);
  REQUIRE(r.ok());
  // 1-14 lost, sent over 1.3 s > 3 * (100 + 4 * rttvar + 25) ms with nothing acknowledged.
  CHECK(r->lost_packets == 14);
  CHECK(r->persistent_congestion);
  CHECK(cc.persistent_congestion == 1);
  CHECK(ld.stats().persistent_congestion == 1);
  CHECK(ld.rtt().min() == ld.rtt().latest());
}

TEST_CASE("LossDetection: no persistent congestion when a packet in between was acked",
          "[recovery][pc]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  send(ld, kApp, 0, at_ms(0));
  REQUIRE(ack(ld, kApp, at_ms(100), {{0, 0}}, v).ok());
  for (uint64_t pn = 1; pn <= 14; ++pn) send(ld, kApp, pn, at_ms(100.0 + 100.0 * pn));
  REQUIRE(ack(ld, kApp, at_ms(850), {{7, 7}}, v).ok());
  send(ld, kApp, 15, at_ms(1600));
  auto r = ack(ld, kApp, at_ms(1700), {{15, 15}}, v);
  REQUIRE(r.ok());
  CHECK(r->lost_packets > 0);
  CHECK_FALSE(r->persistent_congestion);
  CHECK(cc.persistent_congestion == 0);
}

}  // namespace
}  // namespace quasar
