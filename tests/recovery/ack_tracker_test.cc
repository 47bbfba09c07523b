// AckTracker: RFC 9000 §13.2 receive-side ACK policies.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/recovery/ack_tracker.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::at_ms;
using test::ms;

constexpr auto kApp = PacketNumberSpace::kApplication;

std::vector<Range> ranges_high_first(const AckTracker& t) {
  return {t.ranges().rbegin(), t.ranges().rend()};
}

TEST_CASE("AckTracker acknowledges every second ack-eliciting packet", "[recovery][ack]") {
  AckTracker t(kApp);
  CHECK(t.on_packet_received(at_ms(0), 0, true, Ecn::kNotEct));
  CHECK_FALSE(t.should_send_ack(at_ms(0)));
  CHECK(t.ack_deadline() == at_ms(25));
  CHECK(t.ack_eliciting_since_last_ack() == 1);
  CHECK(t.on_packet_received(at_ms(1), 1, true, Ecn::kNotEct));
  CHECK(t.should_send_ack(at_ms(1)));
  t.on_ack_sent();
  CHECK(t.ack_eliciting_since_last_ack() == 0);
  CHECK_FALSE(t.should_send_ack(at_ms(1)));
  CHECK(t.ack_deadline().is_infinite());
  CHECK_FALSE(t.has_unacknowledged());
}

TEST_CASE("AckTracker threshold is configurable", "[recovery][ack]") {
  AckTrackerConfig config;
  config.ack_eliciting_threshold = 10;
  AckTracker t(kApp, config);
  for (uint64_t pn = 0; pn < 9; ++pn) {
    t.on_packet_received(at_ms(static_cast<double>(pn)), pn, true, Ecn::kNotEct);
    CHECK_FALSE(t.should_send_ack(at_ms(static_cast<double>(pn))));
  }
  t.on_packet_received(at_ms(9), 9, true, Ecn::kNotEct);
  CHECK(t.should_send_ack(at_ms(9)));
}

TEST_CASE("AckTracker sends a delayed ACK when max_ack_delay expires", "[recovery][ack]") {
  AckTrackerConfig config;
  config.max_ack_delay = ms(20);
  AckTracker t(kApp, config);
  t.on_packet_received(at_ms(100), 0, true, Ecn::kNotEct);
  CHECK(t.ack_deadline() == at_ms(120));
  CHECK_FALSE(t.should_send_ack(at_ms(119)));
  CHECK(t.should_send_ack(at_ms(120)));
}

TEST_CASE("AckTracker does not schedule ACKs for non-ack-eliciting packets", "[recovery][ack]") {
  AckTracker t(kApp);
  for (uint64_t pn = 0; pn < 5; ++pn) t.on_packet_received(at_ms(0), pn, false, Ecn::kCe);
  CHECK_FALSE(t.should_send_ack(at_ms(1000)));
  CHECK(t.ack_deadline().is_infinite());
  // They are still acknowledged by the next ACK frame.
  CHECK(t.has_unacknowledged());
  CHECK(t.ranges().contains(0, 5));
}

TEST_CASE("AckTracker acknowledges out-of-order packets immediately", "[recovery][ack]") {
  AckTracker t(kApp);
  t.on_packet_received(at_ms(0), 0, true, Ecn::kNotEct);
  t.on_ack_sent();
  // A gap: 1 is missing below 2.
  t.on_packet_received(at_ms(1), 2, true, Ecn::kNotEct);
  CHECK(t.should_send_ack(at_ms(1)));
  t.on_ack_sent();
  // 1 fills the gap: below the largest ack-eliciting packet.
  t.on_packet_received(at_ms(2), 1, true, Ecn::kNotEct);
  CHECK(t.should_send_ack(at_ms(2)));
  t.on_ack_sent();
  // In order again: delayed.
  t.on_packet_received(at_ms(3), 3, true, Ecn::kNotEct);
  CHECK_FALSE(t.should_send_ack(at_ms(3)));
}

TEST_CASE("AckTracker: a non-ack-eliciting packet in between is not a gap", "[recovery][ack]") {
  AckTracker t(kApp);
  t.on_packet_received(at_ms(0), 0, true, Ecn::kNotEct);
  t.on_ack_sent();
  t.on_packet_received(at_ms(1), 1, false, Ecn::kNotEct);
  t.on_packet_received(at_ms(2), 2, true, Ecn::kNotEct);
  CHECK_FALSE(t.should_send_ack(at_ms(2)));
}

TEST_CASE("AckTracker acknowledges ECN-CE immediately and counts codepoints", "[recovery][ack]") {
  AckTracker t(kApp);
  t.on_packet_received(at_ms(0), 0, true, Ecn::kEct0);
  t.on_ack_sent();
  t.on_packet_received(at_ms(1), 1, true, Ecn::kCe);
  CHECK(t.should_send_ack(at_ms(1)));
  t.on_packet_received(at_ms(2), 2, false, Ecn::kEct1);
  t.on_packet_received(at_ms(3), 3, false, Ecn::kEct0);
  CHECK(t.has_ecn_counts());
  CHECK(t.ecn_counts() == EcnCounts{2, 1, 1});
  // A duplicate is not counted again.
  CHECK_FALSE(t.on_packet_received(at_ms(4), 3, false, Ecn::kEct0));
  CHECK(t.ecn_counts() == EcnCounts{2, 1, 1});
}

TEST_CASE("AckTracker acknowledges Initial and Handshake packets immediately", "[recovery][ack]") {
  for (PacketNumberSpace space : {PacketNumberSpace::kInitial, PacketNumberSpace::kHandshake}) {
    AckTracker t(space);
    t.on_packet_received(at_ms(0), 0, true, Ecn::kNotEct);
    CHECK(t.should_send_ack(at_ms(0)));
    // RFC 9000 §19.3: ACK Delay is 0 in these spaces.
    CHECK(t.encoded_ack_delay(at_ms(10), 3) == 0);
  }
}

TEST_CASE("AckTracker reports duplicates", "[recovery][ack]") {
  AckTracker t(kApp);
  CHECK(t.on_packet_received(at_ms(0), 7, true, Ecn::kNotEct));
  CHECK(t.is_duplicate(7));
  CHECK_FALSE(t.is_duplicate(6));
  CHECK_FALSE(t.on_packet_received(at_ms(1), 7, true, Ecn::kNotEct));
  CHECK(t.largest_received() == 7);
  CHECK(t.largest_received_time() == at_ms(0));
}

TEST_CASE("AckTracker encodes ack delay from the largest packet's arrival", "[recovery][ack]") {
  AckTracker t(kApp);
  t.on_packet_received(at_ms(10), 5, true, Ecn::kNotEct);
  t.on_packet_received(at_ms(11), 3, true, Ecn::kNotEct);  // reordered: largest time stays
  CHECK(t.ack_delay(at_ms(12)) == ms(2));
  // 2000 us >> 3 = 250.
  CHECK(t.encoded_ack_delay(at_ms(12), 3) == 250);
  CHECK(t.encoded_ack_delay(at_ms(12), 0) == 2000);
  CHECK(decode_ack_delay(250, 3) == ms(2));
}

TEST_CASE("AckTracker bounds its ranges, dropping the oldest", "[recovery][ack]") {
  AckTrackerConfig config;
  config.max_ranges = 3;
  AckTracker t(kApp, config);
  for (uint64_t pn : {0, 2, 4, 6, 8}) t.on_packet_received(at_ms(0), pn, true, Ecn::kNotEct);
  CHECK(ranges_high_first(t) == std::vector<Range>{{8, 9}, {6, 7}, {4, 5}});
  // Below the dropped ranges nothing is accepted again (RFC 9000 §13.2.3).
  CHECK(t.tracked_from() == 3);
  CHECK(t.is_duplicate(1));
  CHECK(t.is_duplicate(2));
  CHECK_FALSE(t.on_packet_received(at_ms(1), 1, true, Ecn::kNotEct));
  // Above the dropped ranges a missing packet is still accepted, and merges.
  CHECK(t.on_packet_received(at_ms(1), 3, true, Ecn::kNotEct));
  CHECK(ranges_high_first(t) == std::vector<Range>{{8, 9}, {6, 7}, {3, 5}});
}

TEST_CASE("AckTracker stops reporting ranges the peer has seen acknowledged", "[recovery][ack]") {
  AckTracker t(kApp);
  for (uint64_t pn = 0; pn < 10; ++pn) {
    if (pn != 4) t.on_packet_received(at_ms(0), pn, true, Ecn::kNotEct);
  }
  CHECK(ranges_high_first(t) == std::vector<Range>{{5, 10}, {0, 4}});
  // RFC 9000 §13.2.4: our ACK with Largest Acknowledged 6 was itself acknowledged.
  t.on_ack_frame_acked(6);
  CHECK(ranges_high_first(t) == std::vector<Range>{{7, 10}});
  CHECK(t.largest_received() == 9);
  // An older ACK frame being acknowledged later changes nothing.
  t.on_ack_frame_acked(2);
  CHECK(ranges_high_first(t) == std::vector<Range>{{7, 10}});
  // What was received below stays known: duplicates of it are refused (RFC 9000 §12.3).
  for (uint64_t pn : {0, 3, 5, 6}) CHECK(t.is_duplicate(pn));
  // A packet that never came is accepted late (e.g. over another path), reported in the next
  // ACK, and refused the second time.
  CHECK_FALSE(t.is_duplicate(4));
  CHECK(t.on_packet_received(at_ms(1), 4, true, Ecn::kNotEct));
  CHECK(ranges_high_first(t) == std::vector<Range>{{7, 10}, {4, 5}});
  CHECK_FALSE(t.on_packet_received(at_ms(1), 4, true, Ecn::kNotEct));
  t.on_ack_frame_acked(9);
  CHECK(ranges_high_first(t).empty());
  CHECK(t.is_duplicate(4));
}

TEST_CASE("AckTracker forgets packet numbers beyond the late-packet window", "[recovery][ack]") {
  AckTracker t(kApp);
  const uint64_t last = 3 * AckTracker::kLatePacketWindow;
  for (uint64_t pn = 1; pn <= last; ++pn) t.on_packet_received(at_ms(0), pn, true, Ecn::kNotEct);
  t.on_ack_frame_acked(last);
  CHECK(t.tracked_from() == last + 1 - AckTracker::kLatePacketWindow);
  // Packet 0 never came, but is too old to tell from a duplicate now.
  CHECK(t.is_duplicate(0));
  CHECK_FALSE(t.on_packet_received(at_ms(1), 0, true, Ecn::kNotEct));
  CHECK(t.is_duplicate(last - 10));
}

TEST_CASE("AckTracker immediate ACK request", "[recovery][ack]") {
  AckTracker t(kApp);
  t.request_immediate_ack();
  t.on_packet_received(at_ms(0), 0, true, Ecn::kNotEct);
  CHECK(t.should_send_ack(at_ms(0)));
  t.on_ack_sent();
  t.on_packet_received(at_ms(1), 1, true, Ecn::kNotEct);
  CHECK_FALSE(t.should_send_ack(at_ms(1)));
}

}  // namespace
}  // namespace quasar
