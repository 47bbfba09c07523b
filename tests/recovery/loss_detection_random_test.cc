// LossDetection and SentPacketMap against simple reference models, over random send and ACK
// sequences: every packet is acknowledged or declared lost at most once, bytes in flight always
// equal the outstanding in-flight packets, and the skip-link walks match a linear scan.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <vector>

#include "quic/base/rng.h"
#include "quic/recovery/loss_detection.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::at_ms;
using test::ms;
using test::RecordingController;

constexpr auto kApp = PacketNumberSpace::kApplication;

struct CheckingVisitor : SentPacketVisitor {
  std::set<uint64_t> acked;
  std::set<uint64_t> lost;
  bool duplicate_report = false;
  bool spurious_without_loss = false;
  uint64_t spurious = 0;

  void on_packet_acked(PacketNumberSpace, const SentPacket& p, std::span<const SentFrame> frames,
                       bool was_declared_lost) override {
    if (!acked.insert(p.packet_number).second) duplicate_report = true;
    if (was_declared_lost && lost.count(p.packet_number) == 0) spurious_without_loss = true;
    if (was_declared_lost) ++spurious;
    if (frames.size() != 1 || frames[0].stream.offset != p.packet_number) duplicate_report = true;
  }
  void on_packet_lost(PacketNumberSpace, const SentPacket& p,
                      std::span<const SentFrame> frames) override {
    if (!lost.insert(p.packet_number).second) duplicate_report = true;
    if (acked.count(p.packet_number) != 0) duplicate_report = true;
    if (frames.size() != 1 || frames[0].stream.offset != p.packet_number) duplicate_report = true;
  }
};

TEST_CASE("LossDetection random sequences keep their invariants", "[recovery][loss][random]") {
  uint64_t total_lost = 0;
  uint64_t total_spurious = 0;
  uint64_t total_rejected = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SeededRng rng(seed);
    RecordingController cc;
    LossDetection ld(Role::kServer, &cc);
    ld.on_handshake_confirmed(at_ms(0));
    CheckingVisitor v;
    std::map<uint64_t, uint32_t> sizes;  // every packet sent, with its in-flight size (0: none)
    uint64_t next_pn = 0;
    double t = 0;
    for (int step = 0; step < 400; ++step) {
      t += 1 + static_cast<double>(rng.uniform(5));
      const uint64_t sends = rng.uniform(6);
      for (uint64_t i = 0; i < sends; ++i) {
        if (rng.chance(0.05)) ++next_pn;  // skip a packet number now and then
        const bool in_flight = !rng.chance(0.1);
        const SentFrame frame[] = {SentFrame::make_stream(0, next_pn, 10, false)};
        test::send(ld, kApp, next_pn, at_ms(t),
                   test::SendOptions{.bytes = static_cast<uint32_t>(100 + rng.uniform(1100)),
                                     .ack_eliciting = in_flight,
                                     .in_flight = in_flight},
                   frame);
        sizes[next_pn] = in_flight ? ld.sent_packets(kApp).find(next_pn)->bytes : 0;
        ++next_pn;
      }
      if (next_pn == 0 || !rng.chance(0.6)) {
        if (ld.loss_detection_timer() <= at_ms(t + 50)) {
          (void)ld.on_loss_detection_timeout(ld.loss_detection_timer(), v);
        }
        continue;
      }
      // An ACK of a few random ranges of sent packet numbers, largest first.
      std::vector<AckRange> ranges;
      uint64_t top = next_pn - 1 - rng.uniform(std::min<uint64_t>(next_pn, 4));
      while (ranges.size() < 5) {
        const uint64_t length = rng.uniform(6);
        const uint64_t bottom = top >= length ? top - length : 0;
        ranges.push_back({bottom, top});
        if (bottom < 2) break;
        const uint64_t gap = 2 + rng.uniform(6);
        if (bottom < gap) break;
        top = bottom - gap;
      }
      // Drop ranges that touch a skipped number (that would be a protocol violation).
      bool touches_skipped = false;
      for (const AckRange& r : ranges) {
        for (uint64_t pn = r.smallest; pn <= r.largest; ++pn) {
          if (sizes.count(pn) == 0) touches_skipped = true;
        }
      }
      std::vector<AckRange> list(ranges.begin(), ranges.end());
      AckRangeSpan span(list);
      ReceivedAck frame{list.front().largest, ms(static_cast<double>(rng.uniform(10))), {}};
      auto r = ld.on_ack_received(at_ms(t), kApp, frame, span, v);
      if (touches_skipped) {
        // Either rejected, or the skipped number was older than the ones remembered.
        if (!r.ok()) {
          CHECK(r.error().is(TransportError::kProtocolViolation));
          ++total_rejected;
        }
      } else {
        REQUIRE(r.ok());
      }

      // Bytes in flight: every in-flight packet neither acknowledged nor lost.
      uint64_t expected_in_flight = 0;
      for (const auto& [pn, size] : sizes) {
        if (v.acked.count(pn) == 0 && v.lost.count(pn) == 0) expected_in_flight += size;
      }
      REQUIRE(ld.bytes_in_flight() == expected_in_flight);
      REQUIRE_FALSE(v.duplicate_report);
      REQUIRE_FALSE(v.spurious_without_loss);
    }
    CHECK(v.acked.size() + v.lost.size() > 0);
    total_lost += v.lost.size();
    total_spurious += v.spurious;
  }
  // The sequences did exercise losses, spurious losses and rejected ACKs.
  CHECK(total_lost > 100);
  CHECK(total_spurious > 10);
  CHECK(total_rejected > 0);
}

TEST_CASE("SentPacketMap walks match a linear scan", "[recovery][map][random]") {
  SeededRng rng(7);
  SentPacketMap map(16, 16);
  std::map<uint64_t, SentPacketState> model;
  uint64_t pn = 0;
  for (int step = 0; step < 5000; ++step) {
    const uint64_t op = rng.uniform(10);
    if (op < 4 || model.empty()) {
      pn += 1 + (rng.chance(0.1) ? 1 : 0);
      SentPacketParams p;
      p.packet_number = pn;
      p.in_flight = true;
      map.add(p, at_ms(step), {});
      model[pn] = SentPacketState::kOutstanding;
    } else {
      // Pick a random tracked packet and acknowledge it or declare it lost.
      auto it = model.lower_bound(map.first() + rng.uniform(pn - map.first() + 1));
      if (it == model.end()) continue;
      SentPacket* p = map.find(it->first);
      REQUIRE(p != nullptr);
      if (p->state == SentPacketState::kAcked) continue;
      if (op < 8) {
        map.mark_acked(*p);
        it->second = SentPacketState::kAcked;
      } else if (p->state == SentPacketState::kOutstanding) {
        map.mark_lost(*p, at_ms(step), pn);
        it->second = SentPacketState::kLost;
      }
    }
    if (rng.chance(0.1)) {
      map.reclaim(at_ms(step - 100));
      // Forgotten packets leave the model too.
      for (auto m = model.begin(); m != model.end() && m->first < map.first();) {
        m = model.erase(m);
      }
    }
    // Compare both walks from a random start with the model.
    const uint64_t from = map.first() + rng.uniform(pn - map.first() + 2);
    uint64_t expected_unacked = map.end();
    uint64_t expected_outstanding = map.end();
    for (auto m = model.lower_bound(from); m != model.end(); ++m) {
      if (expected_unacked == map.end() && m->second != SentPacketState::kAcked) {
        expected_unacked = m->first;
      }
      if (expected_outstanding == map.end() && m->second == SentPacketState::kOutstanding) {
        expected_outstanding = m->first;
      }
    }
    REQUIRE(map.next_unacked(from) == expected_unacked);
    REQUIRE(map.next_outstanding(from) == expected_outstanding);
  }
}

}  // namespace
}  // namespace quasar
