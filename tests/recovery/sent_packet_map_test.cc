// SentPacketMap and SentFrameRing: storage, skip links, frames, growth and reclamation.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/recovery/sent_frame_ring.h"
#include "quic/recovery/sent_packet_map.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::at_ms;

SentPacket& add(SentPacketMap& map, uint64_t pn, std::vector<SentFrame> frames = {}) {
  SentPacketParams p;
  p.packet_number = pn;
  p.bytes = 1000;
  p.ack_eliciting = true;
  p.in_flight = true;
  return map.add(p, at_ms(static_cast<double>(pn)), frames);
}

std::vector<uint64_t> unacked(SentPacketMap& map) {
  std::vector<uint64_t> out;
  for (uint64_t pn = map.next_unacked(0); pn < map.end(); pn = map.next_unacked(pn + 1)) {
    out.push_back(pn);
  }
  return out;
}

TEST_CASE("SentPacketMap finds packets by number and skips unused numbers", "[recovery][map]") {
  SentPacketMap map(16);
  add(map, 0);
  add(map, 1);
  add(map, 3);  // 2 skipped
  REQUIRE(map.find(1) != nullptr);
  CHECK(map.find(1)->packet_number == 1);
  CHECK(map.find(2) == nullptr);
  CHECK(map.find(4) == nullptr);
  CHECK(map.largest_sent() == 3);
  CHECK(unacked(map) == std::vector<uint64_t>{0, 1, 3});
}

TEST_CASE("SentPacketMap walks skip acknowledged and lost packets", "[recovery][map]") {
  SentPacketMap map(16);
  for (uint64_t pn = 0; pn < 10; ++pn) add(map, pn);
  for (uint64_t pn : {1, 2, 3, 7}) map.mark_acked(*map.find(pn));
  map.mark_lost(*map.find(5), at_ms(50), 9);
  CHECK(unacked(map) == std::vector<uint64_t>{0, 4, 5, 6, 8, 9});
  std::vector<uint64_t> outstanding;
  for (uint64_t pn = map.next_outstanding(0); pn < map.end(); pn = map.next_outstanding(pn + 1)) {
    outstanding.push_back(pn);
  }
  CHECK(outstanding == std::vector<uint64_t>{0, 4, 6, 8, 9});
  // A lost packet can still be acknowledged (spuriously lost).
  map.mark_acked(*map.find(5));
  CHECK(unacked(map) == std::vector<uint64_t>{0, 4, 6, 8, 9});
  CHECK(map.acked_between(4, 6));
  CHECK_FALSE(map.acked_between(8, 9));
}

TEST_CASE("SentPacketMap keeps each packet's frames", "[recovery][map]") {
  SentPacketMap map(16, 16);
  for (uint64_t pn = 0; pn < 100; ++pn) {
    add(map, pn,
        {SentFrame::make_stream(4, pn * 100, 100, false), SentFrame::make_max_data(1 << 20),
         SentFrame::make_ack(pn)});
    // Keep only a few packets alive so the ring wraps many times.
    if (pn >= 3) map.mark_acked(*map.find(pn - 3));
    map.reclaim(at_ms(0));
  }
  for (uint64_t pn = 97; pn < 100; ++pn) {
    const auto frames = map.frames(*map.find(pn));
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].type == SentFrameType::kStream);
    CHECK(frames[0].stream.offset == pn * 100);
    CHECK(frames[1].type == SentFrameType::kMaxData);
    CHECK(frames[2].ack.largest_acknowledged == pn);
  }
  // Memory was reused, not grown.
  CHECK(map.frame_ring().capacity() == 16);
  CHECK(map.packet_capacity() == 16);
}

TEST_CASE("SentPacketMap grows without losing packets or frames", "[recovery][map]") {
  SentPacketMap map(16, 16);
  for (uint64_t pn = 0; pn < 1000; ++pn) {
    add(map, pn, {SentFrame::make_crypto(pn, 1)});
  }
  CHECK(map.packet_capacity() >= 1000);
  for (uint64_t pn = 0; pn < 1000; ++pn) {
    const SentPacket* p = map.find(pn);
    REQUIRE(p != nullptr);
    const auto frames = map.frames(*p);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].crypto.offset == pn);
  }
}

TEST_CASE("SentPacketMap reclaims finished packets from the front only", "[recovery][map]") {
  SentPacketMap map(16);
  for (uint64_t pn = 0; pn < 6; ++pn) add(map, pn);
  map.mark_acked(*map.find(0));
  map.mark_lost(*map.find(1), at_ms(10), 5);
  map.mark_acked(*map.find(2));
  map.reclaim(at_ms(5));  // the loss at 10 ms is still remembered
  CHECK(map.first() == 1);
  map.reclaim(at_ms(11));
  CHECK(map.first() == 3);
  CHECK(map.find(1) == nullptr);
  map.clear();
  CHECK(map.tracked() == 0);
  add(map, 6);
  CHECK(map.first() == 6);
}

TEST_CASE("SentFrameRing keeps runs contiguous across the wrap", "[recovery][map]") {
  SentFrameRing ring(16);
  std::vector<SentFrame> five(5, SentFrame::make_ping());
  uint64_t oldest = ring.append(five);
  for (int i = 0; i < 20; ++i) {
    const uint64_t p = ring.append(five);
    CHECK((p & 15) + 5 <= 16);  // never wraps inside a run
    ring.release_before(p);     // keep one run alive
    oldest = p;
  }
  CHECK(ring.capacity() == 16);
  CHECK(ring.run(oldest, 5).size() == 5);
  SentFrame none[1];
  CHECK(ring.append(std::span<const SentFrame>(none, 0)) == ring.end_position());
}

TEST_CASE("SentFrame kinds are retransmitted per RFC 9000 §13.3", "[recovery][map]") {
  CHECK(is_retransmittable(SentFrameType::kStream));
  CHECK(is_retransmittable(SentFrameType::kCrypto));
  CHECK(is_retransmittable(SentFrameType::kMaxStreamData));
  CHECK(is_retransmittable(SentFrameType::kNewConnectionId));
  CHECK(is_retransmittable(SentFrameType::kHandshakeDone));
  CHECK_FALSE(is_retransmittable(SentFrameType::kAck));
  CHECK_FALSE(is_retransmittable(SentFrameType::kDatagram));
  CHECK_FALSE(is_retransmittable(SentFrameType::kPing));
  CHECK_FALSE(is_retransmittable(SentFrameType::kPathChallenge));
  CHECK_FALSE(is_retransmittable(SentFrameType::kPathResponse));
  const SentFrame r = SentFrame::make_reset_stream(8, 3, 1000);
  CHECK(r.reset_stream.stream_id == 8);
  CHECK(r.reset_stream.error_code == 3);
  CHECK(r.reset_stream.final_size == 1000);
  const SentFrame b = SentFrame::make_streams_blocked(true, 7);
  CHECK(b.streams_blocked.bidi);
  CHECK(b.streams_blocked.limit == 7);
}

}  // namespace
}  // namespace quasar
