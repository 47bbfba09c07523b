// LossDetection PTO: period, backoff and the handshake special cases (RFC 9002 §6.2,
// Appendix A.8, A.9).
#include <catch2/catch.hpp>

#include "quic/recovery/loss_detection.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::ack;
using test::at_ms;
using test::ms;
using test::RecordingVisitor;
using test::send;
using test::SendOptions;

constexpr auto kApp = PacketNumberSpace::kApplication;
constexpr auto kInitial = PacketNumberSpace::kInitial;
constexpr auto kHandshake = PacketNumberSpace::kHandshake;

// RTT sample of 100 ms in the Handshake space: smoothed 100, rttvar 50, PTO base 300 ms.
void prime_rtt(LossDetection& ld, RecordingVisitor& v) {
  send(ld, kHandshake, 0, at_ms(0));
  REQUIRE(ack(ld, kHandshake, at_ms(100), {{0, 0}}, v).ok());
  REQUIRE(ld.rtt().pto_base() == ms(300));
}

TEST_CASE("PTO before any RTT sample is about one second", "[recovery][pto]") {
  LossDetection ld(Role::kServer, nullptr);
  send(ld, kInitial, 0, at_ms(0));
  CHECK(ld.loss_detection_timer() == at_ms(999));
}

TEST_CASE("PTO fires, asks for two probes and backs off exponentially", "[recovery][pto]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  prime_rtt(ld, v);
  send(ld, kHandshake, 1, at_ms(200));
  CHECK(ld.loss_detection_timer() == at_ms(500));

  TimeoutResult t = ld.on_loss_detection_timeout(at_ms(500), v);
  CHECK(t.action == TimeoutResult::Action::kSendProbes);
  CHECK(t.space == kHandshake);
  CHECK(t.probe_packets == 2);
  CHECK_FALSE(t.anti_deadlock);
  CHECK(ld.pto_count() == 1);
  CHECK(ld.probes_pending(kHandshake) == 2);
  // A PTO declares nothing lost.
  CHECK(v.lost.empty());
  CHECK(ld.bytes_in_flight() == 1200);
  CHECK(ld.loss_detection_timer() == at_ms(200 + 600));

  t = ld.on_loss_detection_timeout(at_ms(800), v);
  CHECK(ld.pto_count() == 2);
  CHECK(ld.loss_detection_timer() == at_ms(200 + 1200));

  // The probes restart the timer from their send time with the backed-off period.
  send(ld, kHandshake, 2, at_ms(810));
  send(ld, kHandshake, 3, at_ms(811));
  CHECK(ld.probes_pending(kHandshake) == 0);
  CHECK(ld.loss_detection_timer() == at_ms(811 + 1200));

  // An acknowledgment resets the backoff (the server's peer validation is implicit).
  REQUIRE(ack(ld, kHandshake, at_ms(900), {{3, 3}}, v).ok());
  CHECK(ld.pto_count() == 0);
}

TEST_CASE("PTO for application data waits for confirmation and adds max_ack_delay",
          "[recovery][pto]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  prime_rtt(ld, v);
  ld.set_peer_max_ack_delay(ms(40));
  send(ld, kApp, 0, at_ms(200));
  CHECK(ld.loss_detection_timer().is_infinite());
  ld.on_handshake_confirmed(at_ms(210));
  CHECK(ld.loss_detection_timer() == at_ms(200 + 300 + 40));
  CHECK(ld.on_loss_detection_timeout(at_ms(540), v).space == kApp);
  // max_ack_delay is backed off too.
  CHECK(ld.loss_detection_timer() == at_ms(200 + 600 + 80));
}

TEST_CASE("PTO picks the earliest space with ack-eliciting packets in flight", "[recovery][pto]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  prime_rtt(ld, v);
  send(ld, kInitial, 0, at_ms(300));
  send(ld, kHandshake, 1, at_ms(250));
  CHECK(ld.loss_detection_timer() == at_ms(550));
  const TimeoutResult t = ld.on_loss_detection_timeout(at_ms(550), v);
  CHECK(t.space == kHandshake);
  // Doubled across spaces: the Initial PTO is now 300 + 600.
  CHECK(ld.loss_detection_timer() == at_ms(250 + 600));
}

TEST_CASE("PTO is not armed for packets that are not ack-eliciting", "[recovery][pto]") {
  LossDetection ld(Role::kServer, nullptr);
  send(ld, kApp, 0, at_ms(0), SendOptions{.ack_eliciting = false, .in_flight = false});
  CHECK(ld.loss_detection_timer().is_infinite());
}

TEST_CASE("Client arms an anti-deadlock PTO until the server validated its address",
          "[recovery][pto]") {
  LossDetection ld(Role::kClient, nullptr);
  RecordingVisitor v;
  send(ld, kInitial, 0, at_ms(0));
  REQUIRE(ack(ld, kInitial, at_ms(100), {{0, 0}}, v).ok());
  // Nothing in flight, but an Initial ACK does not prove address validation.
  CHECK_FALSE(ld.peer_completed_address_validation());
  CHECK(ld.loss_detection_timer() == at_ms(100) + ms(300));
  TimeoutResult t = ld.on_loss_detection_timeout(at_ms(400), v);
  CHECK(t.action == TimeoutResult::Action::kSendProbes);
  CHECK(t.anti_deadlock);
  CHECK(t.space == kInitial);  // no Handshake keys: a padded Initial
  CHECK(t.probe_packets == 1);
  // The client does not reset the backoff on Initial ACKs.
  send(ld, kInitial, 1, at_ms(400));
  REQUIRE(ack(ld, kInitial, at_ms(450), {{1, 1}}, v).ok());
  CHECK(ld.pto_count() == 1);

  ld.on_handshake_keys_available();
  t = ld.on_loss_detection_timeout(ld.loss_detection_timer(), v);
  CHECK(t.anti_deadlock);
  CHECK(t.space == kHandshake);

  // A Handshake ACK ends it: nothing in flight, no timer.
  send(ld, kHandshake, 0, at_ms(2000));
  REQUIRE(ack(ld, kHandshake, at_ms(2050), {{0, 0}}, v).ok());
  CHECK(ld.peer_completed_address_validation());
  CHECK(ld.pto_count() == 0);
  CHECK(ld.loss_detection_timer().is_infinite());
}

TEST_CASE("Server at the amplification limit arms no PTO", "[recovery][pto]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  send(ld, kInitial, 0, at_ms(0));
  ld.set_amplification_limited(at_ms(1), true);
  CHECK(ld.loss_detection_timer().is_infinite());
  CHECK(ld.on_loss_detection_timeout(at_ms(5000), v).action == TimeoutResult::Action::kNone);
  // A datagram from the client unblocks it: the PTO is due (in the past) and runs at once.
  ld.set_amplification_limited(at_ms(5000), false);
  CHECK(ld.loss_detection_timer() == at_ms(999));
  CHECK(ld.on_loss_detection_timeout(at_ms(5000), v).action == TimeoutResult::Action::kSendProbes);
}

TEST_CASE("Loss timer takes precedence over the PTO", "[recovery][pto]") {
  LossDetection ld(Role::kServer, nullptr);
  RecordingVisitor v;
  send(ld, kHandshake, 0, at_ms(0));
  send(ld, kHandshake, 1, at_ms(1));
  REQUIRE(ack(ld, kHandshake, at_ms(100), {{1, 1}}, v).ok());
  CHECK(ld.loss_detection_timer() == ld.loss_time(kHandshake));
  CHECK(ld.loss_detection_timer() == at_ms(0) + ms(99) * 9 / 8);
}

}  // namespace
}  // namespace quasar
