// EcnValidator: RFC 9000 §13.4.2 validation and the Appendix A.4 states.
#include <catch2/catch.hpp>

#include "quic/recovery/ecn_validator.h"

namespace quasar {
namespace {

constexpr auto kApp = PacketNumberSpace::kApplication;

// Sends `n` packets with whatever marking the validator asks for.
void send_marked(EcnValidator& e, int n) {
  for (int i = 0; i < n; ++i) e.on_packet_sent(kApp, e.codepoint_to_send());
}

TEST_CASE("EcnValidator marks the testing packets, then waits", "[recovery][ecn]") {
  EcnValidator e;
  CHECK(e.state() == EcnState::kTesting);
  CHECK(e.codepoint_to_send() == Ecn::kEct0);
  send_marked(e, 9);
  CHECK(e.state() == EcnState::kTesting);
  send_marked(e, 1);
  CHECK(e.state() == EcnState::kUnknown);
  CHECK(e.codepoint_to_send() == Ecn::kNotEct);
}

TEST_CASE("EcnValidator becomes capable on consistent counts", "[recovery][ecn]") {
  EcnValidator e;
  send_marked(e, 10);
  const EcnAckResult r = e.on_ack(kApp, {4, 0}, EcnCounts{4, 0, 0}, true);
  CHECK(r.validated_now);
  CHECK_FALSE(r.failed_now);
  CHECK(e.state() == EcnState::kCapable);
  CHECK(e.codepoint_to_send() == Ecn::kEct0);
}

TEST_CASE("EcnValidator fails when marked packets are acknowledged without counts",
          "[recovery][ecn]") {
  EcnValidator e;
  send_marked(e, 3);
  const EcnAckResult r = e.on_ack(kApp, {3, 0}, std::nullopt, true);
  CHECK(r.failed_now);
  CHECK(e.state() == EcnState::kFailed);
  CHECK(e.codepoint_to_send() == Ecn::kNotEct);
}

TEST_CASE("EcnValidator fails on bleached marks", "[recovery][ecn]") {
  EcnValidator e;
  send_marked(e, 10);
  // Counts are present but the ECT(0) packets arrived unmarked.
  CHECK(e.on_ack(kApp, {5, 0}, EcnCounts{0, 0, 0}, true).failed_now);
  CHECK(e.state() == EcnState::kFailed);
}

TEST_CASE("EcnValidator fails when counts decrease or exceed what was sent", "[recovery][ecn]") {
  {
    EcnValidator e;
    send_marked(e, 10);
    REQUIRE_FALSE(e.on_ack(kApp, {4, 0}, EcnCounts{4, 0, 0}, true).failed_now);
    CHECK(e.on_ack(kApp, {1, 0}, EcnCounts{3, 0, 2}, true).failed_now);
  }
  {
    EcnValidator e;
    send_marked(e, 4);
    CHECK(e.on_ack(kApp, {4, 0}, EcnCounts{5, 0, 0}, true).failed_now);
  }
  {
    EcnValidator e;
    send_marked(e, 4);
    // ECT(1) never sent: remarked by the network.
    CHECK(e.on_ack(kApp, {2, 0}, EcnCounts{2, 1, 0}, true).failed_now);
  }
}

TEST_CASE("EcnValidator ignores reordered ACKs", "[recovery][ecn]") {
  EcnValidator e;
  send_marked(e, 10);
  REQUIRE_FALSE(e.on_ack(kApp, {5, 0}, EcnCounts{5, 0, 0}, true).failed_now);
  // An older ACK with smaller counts does not increase the largest acknowledged.
  const EcnAckResult r = e.on_ack(kApp, {1, 0}, EcnCounts{2, 0, 0}, false);
  CHECK_FALSE(r.failed_now);
  CHECK(e.state() == EcnState::kCapable);
}

TEST_CASE("EcnValidator reports CE increases as congestion signals", "[recovery][ecn]") {
  EcnValidator e;
  send_marked(e, 10);
  CHECK(e.on_ack(kApp, {3, 0}, EcnCounts{2, 0, 1}, true).ce_increase == 1);
  CHECK(e.on_ack(kApp, {2, 0}, EcnCounts{2, 0, 3}, true).ce_increase == 2);
  CHECK(e.on_ack(kApp, {1, 0}, EcnCounts{3, 0, 3}, true).ce_increase == 0);
  CHECK(e.state() == EcnState::kCapable);
  CHECK(e.peer_counts(kApp) == EcnCounts{3, 0, 3});
}

TEST_CASE("EcnValidator fails when every marked test packet is lost", "[recovery][ecn]") {
  EcnValidator e;
  send_marked(e, 10);
  for (int i = 0; i < 9; ++i) e.on_marked_packet_lost();
  CHECK(e.state() == EcnState::kUnknown);
  e.on_marked_packet_lost();
  CHECK(e.state() == EcnState::kFailed);
  e.restart();
  CHECK(e.state() == EcnState::kTesting);
  EcnValidator off(false);
  CHECK(off.codepoint_to_send() == Ecn::kNotEct);
}

}  // namespace
}  // namespace quasar
