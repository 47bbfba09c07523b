// LossDetection: ACK processing, packet- and time-threshold losses, spurious losses, space
// discard and ACK validation (RFC 9002 §6.1, §6.4, Appendix A).
#include <catch2/catch.hpp>

#include <vector>

#include "quic/recovery/loss_detection.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::ack;
using test::at_ms;
using test::ms;
using test::RecordingController;
using test::RecordingVisitor;
using test::send;
using test::SendOptions;

constexpr auto kApp = PacketNumberSpace::kApplication;
constexpr auto kInitial = PacketNumberSpace::kInitial;
constexpr auto kHandshake = PacketNumberSpace::kHandshake;

TEST_CASE("LossDetection visits newly acknowledged packets in ascending order",
          "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 10; ++pn) send(ld, kApp, pn, at_ms(static_cast<double>(pn)));
  CHECK(ld.bytes_in_flight() == 12000);
  auto r = ack(ld, kApp, at_ms(50), {{8, 9}, {2, 5}}, v);
  REQUIRE(r.ok());
  CHECK(v.acked == std::vector<uint64_t>{2, 3, 4, 5, 8, 9});
  CHECK(r->newly_acked_packets == 6);
  CHECK(r->newly_acked_bytes == 7200);
  CHECK(r->largest_newly_acked);
  // 0, 1 (9 >= pn + 3) and 6 (9 >= 6 + 3) are lost by packet threshold; 7 is not.
  CHECK(v.lost == std::vector<uint64_t>{0, 1, 6});
  CHECK(ld.bytes_in_flight() == 1200);
  // The same ACK again changes nothing.
  v.clear();
  auto again = ack(ld, kApp, at_ms(60), {{8, 9}, {2, 5}}, v);
  REQUIRE(again.ok());
  CHECK(again->newly_acked_packets == 0);
  CHECK(v.acked.empty());
}

TEST_CASE("LossDetection takes ranges from any generator, such as a decoder's iterator",
          "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 20; ++pn) send(ld, kApp, pn, at_ms(1));
  // Yields [15, 19], [10, 12], [5, 7], largest first, computed on the fly.
  uint64_t top = 19;
  int produced = 0;
  auto next_range = [&](AckRange& out) {
    if (produced == 3) return false;
    out = AckRange{top - (produced == 0 ? 4 : 2), top};
    top -= (produced == 0 ? 7 : 5);
    ++produced;
    return true;
  };
  ReceivedAck frame{19, ms(1), std::nullopt};
  auto r = ld.on_ack_received(at_ms(30), kApp, frame, next_range, v);
  REQUIRE(r.ok());
  CHECK(v.acked == std::vector<uint64_t>{5, 6, 7, 10, 11, 12, 15, 16, 17, 18, 19});
}

TEST_CASE("ACK Delay decoding applies the exponent and rejects overflow", "[recovery][loss]") {
  CHECK(decode_ack_delay(0, 3) == Duration::zero());
  CHECK(decode_ack_delay(125, 3) == Duration::from_micros(1000));
  CHECK(decode_ack_delay(1000, 0) == Duration::from_micros(1000));
  CHECK(decode_ack_delay(1, 21).is_infinite());
  CHECK(decode_ack_delay(uint64_t{1} << 61, 20).is_infinite());
}

TEST_CASE("LossDetection reports losses to the controller before acknowledgments",
          "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 5; ++pn) send(ld, kApp, pn, at_ms(0));
  REQUIRE(ack(ld, kApp, at_ms(100), {{3, 4}}, v).ok());
  // RFC 9002 Appendix A.7: OnPacketsLost, then OnPacketsAcked, then the per-ACK summary.
  CHECK(cc.calls == std::vector<char>{'l', 'l', 'L', 'a', 'a', 'A'});
  REQUIRE(cc.congestion_events.size() == 1);
  CHECK(cc.congestion_events[0].lost_bytes == 2400);
  CHECK(cc.congestion_events[0].largest_lost_time_sent == at_ms(0));
  REQUIRE(cc.acks.size() == 1);
  CHECK(cc.acks[0].acked_bytes == 2400);
  CHECK(cc.acks[0].prior_bytes_in_flight == 6000);
  CHECK(cc.acks[0].bytes_in_flight == 1200);
  CHECK(cc.acks[0].has_rtt_sample);
  CHECK(cc.acks[0].latest_rtt == ms(100));
  CHECK(cc.acks[0].rate.has_data);
}

TEST_CASE("LossDetection packet threshold then time threshold", "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 5; ++pn) send(ld, kHandshake, pn, at_ms(static_cast<double>(pn)));
  REQUIRE(ack(ld, kHandshake, at_ms(100), {{4, 4}}, v).ok());
  // RTT sample 96 ms; 0 and 1 are 3+ packets below 4; 2 and 3 wait for the time threshold.
  CHECK(v.lost == std::vector<uint64_t>{0, 1});
  const Duration loss_delay = ms(96) * 9 / 8;  // 108 ms
  CHECK(ld.loss_time(kHandshake) == at_ms(2) + loss_delay);
  CHECK(ld.loss_detection_timer() == at_ms(2) + loss_delay);

  v.clear();
  CHECK(ld.on_loss_detection_timeout(at_ms(109), v).action == TimeoutResult::Action::kNone);
  const TimeoutResult t = ld.on_loss_detection_timeout(at_ms(110), v);
  CHECK(t.action == TimeoutResult::Action::kLossDetected);
  CHECK(t.space == kHandshake);
  CHECK(v.lost == std::vector<uint64_t>{2});
  CHECK(ld.loss_detection_timer() == at_ms(3) + loss_delay);
  v.clear();
  ld.on_loss_detection_timeout(at_ms(111), v);
  CHECK(v.lost == std::vector<uint64_t>{3});
  CHECK(ld.bytes_in_flight() == 0);
}

TEST_CASE("LossDetection time threshold uses max(smoothed, latest) and granularity",
          "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  // Build smoothed_rtt = 100 ms, then a packet whose ACK shows latest_rtt = 20 ms.
  send(ld, kApp, 0, at_ms(0));
  REQUIRE(ack(ld, kApp, at_ms(100), {{0, 0}}, v).ok());
  send(ld, kApp, 1, at_ms(200));
  send(ld, kApp, 2, at_ms(290));
  REQUIRE(ack(ld, kApp, at_ms(310), {{2, 2}}, v).ok());
  // latest 20 ms, smoothed 90 ms: the delay is 9/8 * 90 ms, so packet 1 (110 ms old) is lost.
  CHECK(ld.rtt().latest() == ms(20));
  CHECK(v.lost == std::vector<uint64_t>{1});
}

TEST_CASE("LossDetection samples RTT only for a newly acknowledged ack-eliciting largest",
          "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  send(ld, kApp, 0, at_ms(0));
  send(ld, kApp, 1, at_ms(10),
       SendOptions{.bytes = 50, .ack_eliciting = false, .in_flight = false});
  auto r = ack(ld, kApp, at_ms(50), {{0, 1}}, v);
  REQUIRE(r.ok());
  CHECK(r->rtt_updated);
  CHECK(ld.rtt().latest() == ms(40));  // from the largest (1), sent at 10 ms

  // Only a non-ack-eliciting packet newly acknowledged: no sample.
  send(ld, kApp, 2, at_ms(60),
       SendOptions{.bytes = 50, .ack_eliciting = false, .in_flight = false});
  r = ack(ld, kApp, at_ms(500), {{0, 2}}, v);
  REQUIRE(r.ok());
  CHECK_FALSE(r->rtt_updated);
  CHECK(ld.rtt().latest() == ms(40));

  // Largest acknowledged not newly acknowledged: no sample even if a lower packet is new.
  send(ld, kApp, 3, at_ms(600));
  send(ld, kApp, 4, at_ms(601));
  REQUIRE(ack(ld, kApp, at_ms(650), {{4, 4}}, v).ok());
  r = ack(ld, kApp, at_ms(900), {{3, 4}}, v);
  REQUIRE(r.ok());
  CHECK(r->newly_acked_packets == 1);
  CHECK_FALSE(r->rtt_updated);
}

TEST_CASE("LossDetection applies ack delay except in the Initial space", "[recovery][loss]") {
  for (PacketNumberSpace space : {kInitial, kHandshake}) {
    LossDetection ld(Role::kServer, nullptr);
    RecordingVisitor v;
    send(ld, space, 0, at_ms(0));
    REQUIRE(ack(ld, space, at_ms(100), {{0, 0}}, v).ok());
    send(ld, space, 1, at_ms(200));
    REQUIRE(ack(ld, space, at_ms(350), {{1, 1}}, v, ms(20)).ok());
    // 150 ms >= min_rtt + 20 ms, so the delay is subtracted where it applies.
    const Duration adjusted = space == kInitial ? ms(150) : ms(130);
    CHECK(ld.rtt().smoothed() ==
          Duration::from_nanos((7 * ms(100).nanos() + adjusted.nanos()) / 8));
  }
}

TEST_CASE("LossDetection hands the frames of lost and acknowledged packets to the visitor",
          "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  const SentFrame f0[] = {SentFrame::make_stream(0, 0, 1000, false),
                          SentFrame::make_max_data(1 << 20)};
  const SentFrame f1[] = {SentFrame::make_crypto(0, 500)};
  const SentFrame f4[] = {SentFrame::make_ack(17), SentFrame::make_ping()};
  send(ld, kApp, 0, at_ms(0), {}, f0);
  send(ld, kApp, 1, at_ms(1), {}, f1);
  send(ld, kApp, 2, at_ms(2));
  send(ld, kApp, 3, at_ms(3));
  send(ld, kApp, 4, at_ms(4), {}, f4);
  REQUIRE(ack(ld, kApp, at_ms(50), {{3, 4}}, v).ok());
  REQUIRE(v.lost_frames.size() == 3);
  CHECK(v.lost_frames[0].type == SentFrameType::kStream);
  CHECK(v.lost_frames[0].stream.length == 1000);
  CHECK(v.lost_frames[1].type == SentFrameType::kMaxData);
  CHECK(v.lost_frames[2].type == SentFrameType::kCrypto);
  REQUIRE(v.acked_frames.size() == 2);
  CHECK(v.acked_frames[0].ack.largest_acknowledged == 17);
}

TEST_CASE("LossDetection detects spurious losses and raises the packet threshold",
          "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 6; ++pn) send(ld, kApp, pn, at_ms(static_cast<double>(pn)));
  REQUIRE(ack(ld, kApp, at_ms(50), {{3, 5}}, v).ok());
  CHECK(v.lost == std::vector<uint64_t>{0, 1, 2});
  CHECK(ld.packet_threshold() == 3);
  v.clear();
  auto r = ack(ld, kApp, at_ms(55), {{0, 5}}, v);
  REQUIRE(r.ok());
  CHECK(r->spurious_losses == 3);
  CHECK(v.spurious == std::vector<uint64_t>{0, 1, 2});
  CHECK(ld.stats().spurious_losses == 3);
  REQUIRE(cc.spurious.size() == 3);
  CHECK(cc.spurious[0].time_declared_lost == at_ms(50));
  // Packet 0 was lost when 5 was acknowledged: a reordering distance of 6.
  CHECK(ld.packet_threshold() == 6);
  // Spurious losses do not count in bytes in flight again.
  CHECK(ld.bytes_in_flight() == 0);
  CHECK(ld.sent_packets(kApp).tracked() == 0);
}

TEST_CASE("LossDetection raises the time threshold after a spurious time-threshold loss",
          "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  send(ld, kApp, 0, at_ms(0));
  send(ld, kApp, 1, at_ms(200));
  REQUIRE(ack(ld, kApp, at_ms(300), {{1, 1}}, v).ok());
  // RTT 100 ms: packet 0, 300 ms old, is lost by time although only one packet behind.
  CHECK(v.lost == std::vector<uint64_t>{0});
  CHECK(ld.time_threshold() == 9.0 / 8);
  REQUIRE(ack(ld, kApp, at_ms(310), {{0, 1}}, v).ok());
  CHECK(v.spurious == std::vector<uint64_t>{0});
  CHECK(ld.time_threshold() == 10.0 / 8);
  CHECK(ld.packet_threshold() == 3);
}

TEST_CASE("LossDetection forgets lost packets after three PTOs", "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 5; ++pn) send(ld, kApp, pn, at_ms(0));
  REQUIRE(ack(ld, kApp, at_ms(100), {{2, 4}}, v).ok());
  CHECK(v.lost == std::vector<uint64_t>{0, 1});
  CHECK(ld.sent_packets(kApp).tracked() == 5);  // kept for spurious loss detection
  // Still remembered within three PTOs.
  const Duration retention = ld.rtt().pto(kApp) * 3;
  send(ld, kApp, 5, at_ms(100) + retention - ms(100));
  REQUIRE(ack(ld, kApp, at_ms(100) + retention - ms(99), {{5, 5}}, v).ok());
  CHECK(ld.sent_packets(kApp).tracked() == 6);
  // Forgotten well after (the retention follows the current RTT estimate).
  send(ld, kApp, 6, at_ms(100) + retention * 2);
  REQUIRE(ack(ld, kApp, at_ms(100) + retention * 2 + ms(1), {{5, 6}}, v).ok());
  CHECK(ld.sent_packets(kApp).tracked() == 0);
  // A late acknowledgment of a forgotten packet is ignored, not an error.
  auto r = ack(ld, kApp, at_ms(100) + retention * 2 + ms(3), {{5, 6}, {0, 1}}, v);
  REQUIRE(r.ok());
  CHECK(r->spurious_losses == 0);
}

TEST_CASE("LossDetection forgets lost packets far behind the largest acknowledged",
          "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  send(ld, kApp, 0, at_ms(0));
  for (uint64_t pn = 1; pn <= kLostPacketRetentionPackets + 10; ++pn) {
    send(ld, kApp, pn, at_ms(1));
  }
  REQUIRE(ack(ld, kApp, at_ms(2), {{1, 5}}, v).ok());
  REQUIRE(v.lost == std::vector<uint64_t>{0});
  CHECK(ld.sent_packets(kApp).first() == 0);  // kept: within three PTOs and close behind
  const uint64_t top = kLostPacketRetentionPackets + 10;
  REQUIRE(ack(ld, kApp, at_ms(3), {{1, top}}, v).ok());
  // Still within three PTOs, but more than kLostPacketRetentionPackets behind: forgotten.
  CHECK(ld.sent_packets(kApp).tracked() == 0);
}

TEST_CASE("LossDetection discarding a space removes its bytes without declaring loss",
          "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  send(ld, kInitial, 0, at_ms(0));
  send(ld, kInitial, 1, at_ms(1));
  send(ld, kHandshake, 0, at_ms(2), SendOptions{.bytes = 1000});
  CHECK(ld.bytes_in_flight() == 3400);
  const Instant timer_before = ld.loss_detection_timer();
  ld.discard_space(at_ms(3), kInitial);
  CHECK(ld.bytes_in_flight() == 1000);
  CHECK_FALSE(ld.has_ack_eliciting_in_flight(kInitial));
  CHECK(cc.lost.empty());
  CHECK(cc.congestion_events.empty());
  CHECK(v.lost.empty());
  // The PTO now follows the Handshake packet sent at 2 ms.
  CHECK(ld.loss_detection_timer() == at_ms(2) + ld.rtt().pto(kHandshake));
  CHECK(ld.loss_detection_timer() > timer_before);
  // Late ACKs in the discarded space are ignored.
  auto r = ack(ld, kInitial, at_ms(10), {{0, 1}}, v);
  REQUIRE(r.ok());
  CHECK(r->newly_acked_packets == 0);
  // Sending in it is a bug of ours.
  SentPacketParams p;
  p.packet_number = 2;
  CHECK_FALSE(ld.on_packet_sent(at_ms(11), kInitial, p, {}).ok());
}

TEST_CASE("LossDetection: a lost PMTU probe is no congestion signal", "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  send(ld, kApp, 0, at_ms(0), SendOptions{.bytes = 1500, .pmtu_probe = true});
  for (uint64_t pn = 1; pn < 4; ++pn) send(ld, kApp, pn, at_ms(1));
  CHECK(ld.sent_packets(kApp).find(0)->space == kApp);
  auto r = ack(ld, kApp, at_ms(50), {{3, 3}}, v);
  REQUIRE(r.ok());
  // The probe is lost and out of flight, but the controller hears of no loss.
  CHECK(v.lost == std::vector<uint64_t>{0});
  CHECK(r->lost_bytes == 1500);
  CHECK(ld.bytes_in_flight() == 2400);
  CHECK(cc.lost.empty());
  CHECK(cc.congestion_events.empty());
  // Acknowledged late, it is no spurious loss for the controller either.
  REQUIRE(ack(ld, kApp, at_ms(60), {{0, 3}}, v).ok());
  CHECK(v.spurious == std::vector<uint64_t>{0});
  CHECK(cc.spurious.empty());
}

TEST_CASE("LossDetection rejects ACKs of packets never sent", "[recovery][loss]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 3; ++pn) send(ld, kApp, pn, at_ms(0));
  send(ld, kApp, 5, at_ms(1));  // 3 and 4 skipped on purpose (RFC 9000 §21.4)

  auto beyond = ack(ld, kApp, at_ms(10), {{6, 6}}, v);
  REQUIRE_FALSE(beyond.ok());
  CHECK(beyond.error().is(TransportError::kProtocolViolation));
  CHECK(beyond.error().frame_type == 0x02);

  auto skipped = ack(ld, kApp, at_ms(10), {{5, 5}, {0, 3}}, v);
  REQUIRE_FALSE(skipped.ok());
  CHECK(skipped.error().is(TransportError::kProtocolViolation));
  // Nothing changed: the earlier range of that ACK was not processed either.
  CHECK(v.acked.empty());
  CHECK(ld.bytes_in_flight() == 4800);
  CHECK_FALSE(ld.has_largest_acked(kApp));

  auto unordered = ack(ld, kApp, at_ms(10), {{0, 1}, {2, 5}}, v);
  REQUIRE_FALSE(unordered.ok());
  CHECK(unordered.error().is(TransportError::kFrameEncodingError));

  auto fine = ack(ld, kApp, at_ms(10), {{5, 5}, {0, 2}}, v);
  REQUIRE(fine.ok());
  CHECK(v.acked == std::vector<uint64_t>{0, 1, 2, 5});
}

TEST_CASE("LossDetection reports ECN-CE increases to the controller", "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  for (uint64_t pn = 0; pn < 4; ++pn) {
    send(ld, kApp, pn, at_ms(static_cast<double>(pn)), SendOptions{.ecn = Ecn::kEct0});
  }
  auto r = ack(ld, kApp, at_ms(20), {{0, 1}}, v, ms(0), EcnCounts{2, 0, 0});
  REQUIRE(r.ok());
  CHECK(cc.ce.empty());
  r = ack(ld, kApp, at_ms(21), {{0, 3}}, v, ms(0), EcnCounts{3, 0, 1});
  REQUIRE(r.ok());
  CHECK(r->ce_increase == 1);
  CHECK(cc.ce == std::vector<uint64_t>{1});
}

TEST_CASE("LossDetection zero-RTT rejection hands frames back without congestion response",
          "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kClient, &cc);
  RecordingVisitor v;
  const SentFrame stream[] = {SentFrame::make_stream(0, 0, 100, true)};
  send(ld, kApp, 0, at_ms(0), SendOptions{.zero_rtt = true}, stream);
  send(ld, kApp, 1, at_ms(1), SendOptions{.zero_rtt = true}, stream);
  CHECK(ld.bytes_in_flight() == 2400);
  ld.on_zero_rtt_rejected(at_ms(5), v);
  CHECK(v.lost == std::vector<uint64_t>{0, 1});
  CHECK(v.lost_frames.size() == 2);
  CHECK(ld.bytes_in_flight() == 0);
  CHECK(cc.congestion_events.empty());
  CHECK(ld.sent_packets(kApp).tracked() == 0);
}

TEST_CASE("LossDetection Retry hands Initial and 0-RTT frames back and restarts the timers",
          "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kClient, &cc);
  RecordingVisitor v;
  const SentFrame crypto[] = {SentFrame::make_crypto(0, 300)};
  send(ld, kInitial, 0, at_ms(0), {}, crypto);
  send(ld, kApp, 0, at_ms(1), SendOptions{.zero_rtt = true});
  (void)ld.on_loss_detection_timeout(at_ms(999), v);  // one PTO before the Retry arrives
  REQUIRE(ld.pto_count() == 1);
  ld.on_retry_received(at_ms(1000), v);
  CHECK(v.lost == std::vector<uint64_t>{0, 0});
  REQUIRE(v.lost_frames.size() == 1);
  CHECK(v.lost_frames[0].type == SentFrameType::kCrypto);
  CHECK(ld.bytes_in_flight() == 0);
  CHECK(ld.pto_count() == 0);
  CHECK(cc.congestion_events.empty());
  // The client, unsure of address validation, keeps an anti-deadlock timer from now.
  CHECK(ld.loss_detection_timer() == at_ms(1000) + ms(999));
  // The new Initial continues the packet numbers.
  send(ld, kInitial, 1, at_ms(1001), {}, crypto);
  CHECK(ld.loss_detection_timer() == at_ms(1001) + ms(999));
}

TEST_CASE("LossDetection app-limited marking reaches the sampler and the controller",
          "[recovery][loss]") {
  RecordingController cc;
  LossDetection ld(Role::kServer, &cc);
  RecordingVisitor v;
  send(ld, kApp, 0, at_ms(0));
  ld.on_app_limited();
  CHECK(cc.app_limited == 1);
  CHECK(ld.delivery_rate().app_limited());
  send(ld, kApp, 1, at_ms(1));
  REQUIRE(ack(ld, kApp, at_ms(50), {{0, 1}}, v).ok());
  REQUIRE(cc.acked.size() == 2);
  CHECK_FALSE(cc.acked[0].app_limited);
  CHECK(cc.acked[1].app_limited);
}

}  // namespace
}  // namespace quasar
