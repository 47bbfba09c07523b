// Test doubles for the recovery tests: a visitor and a congestion controller that record what
// they are told, and helpers to send packets and deliver ACK frames.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "quic/cc/congestion_controller.h"
#include "quic/recovery/loss_detection.h"

namespace quasar::test {

inline Instant at_ms(double ms) {
  return Instant::from_nanos(static_cast<int64_t>(ms * 1e6)) + Duration::from_seconds(1000);
}
inline Duration ms(double v) { return Duration::from_nanos(static_cast<int64_t>(v * 1e6)); }

struct RecordingVisitor : SentPacketVisitor {
  std::vector<uint64_t> acked;
  std::vector<uint64_t> lost;
  std::vector<uint64_t> spurious;
  std::vector<SentFrame> acked_frames;
  std::vector<SentFrame> lost_frames;

  void on_packet_acked(PacketNumberSpace, const SentPacket& p, std::span<const SentFrame> frames,
                       bool was_declared_lost) override {
    acked.push_back(p.packet_number);
    if (was_declared_lost) spurious.push_back(p.packet_number);
    acked_frames.insert(acked_frames.end(), frames.begin(), frames.end());
  }
  void on_packet_lost(PacketNumberSpace, const SentPacket& p,
                      std::span<const SentFrame> frames) override {
    lost.push_back(p.packet_number);
    lost_frames.insert(lost_frames.end(), frames.begin(), frames.end());
  }
  void clear() { *this = RecordingVisitor{}; }
};

struct RecordingController : CongestionController {
  std::vector<SentPacketEvent> sent;
  std::vector<AckedPacketEvent> acked;
  std::vector<AckEvent> acks;
  std::vector<LostPacketEvent> lost;
  std::vector<LossEvent> congestion_events;
  std::vector<SpuriousLossEvent> spurious;
  std::vector<uint64_t> ce;
  int persistent_congestion = 0;
  int app_limited = 0;
  // The order of calls, to check RFC 9002's "losses before acknowledgments".
  std::vector<char> calls;

  const char* name() const override { return "recording"; }
  void on_packet_sent(const SentPacketEvent& e) override { sent.push_back(e); }
  void on_packet_acked(const AckedPacketEvent& e) override {
    acked.push_back(e);
    calls.push_back('a');
  }
  void on_ack(const AckEvent& e) override {
    acks.push_back(e);
    calls.push_back('A');
  }
  void on_packet_lost(const LostPacketEvent& e) override {
    lost.push_back(e);
    calls.push_back('l');
  }
  void on_congestion_event(const LossEvent& e) override {
    congestion_events.push_back(e);
    calls.push_back('L');
  }
  void on_persistent_congestion(Instant) override { ++persistent_congestion; }
  void on_ecn_ce(Instant, Instant, uint64_t increase) override { ce.push_back(increase); }
  void on_spurious_loss(const SpuriousLossEvent& e) override { spurious.push_back(e); }
  void on_app_limited(uint64_t) override { ++app_limited; }
  void set_max_datagram_size(uint64_t) override {}
  uint64_t congestion_window() const override { return 12000; }
  Bandwidth pacing_rate() const override { return Bandwidth::infinite(); }
  bool in_slow_start() const override { return true; }
  bool in_recovery() const override { return false; }
  uint64_t slow_start_threshold() const override { return UINT64_MAX; }
  uint64_t max_datagram_size() const override { return 1200; }
};

struct SendOptions {
  uint32_t bytes = 1200;
  bool ack_eliciting = true;
  bool in_flight = true;
  Ecn ecn = Ecn::kNotEct;
  bool zero_rtt = false;
  bool pmtu_probe = false;
};

inline void send(LossDetection& ld, PacketNumberSpace space, uint64_t pn, Instant now,
                 SendOptions o = {}, std::span<const SentFrame> frames = {}) {
  SentPacketParams p;
  p.packet_number = pn;
  p.bytes = o.bytes;
  p.ack_eliciting = o.ack_eliciting;
  p.in_flight = o.in_flight;
  p.ecn = o.ecn;
  p.is_zero_rtt = o.zero_rtt;
  p.is_pmtu_probe = o.pmtu_probe;
  const Status s = ld.on_packet_sent(now, space, p, frames);
  if (!s.ok()) throw std::runtime_error(s.error().reason);
}

// Delivers an ACK frame whose ranges are given largest first as {smallest, largest}.
inline Result<AckResult> ack(LossDetection& ld, PacketNumberSpace space, Instant now,
                             std::initializer_list<AckRange> ranges, SentPacketVisitor& visitor,
                             Duration ack_delay = Duration::zero(),
                             std::optional<EcnCounts> ecn = std::nullopt) {
  std::vector<AckRange> list(ranges);
  AckRangeSpan span(list);
  ReceivedAck frame;
  frame.largest_acknowledged = list.empty() ? 0 : list.front().largest;
  frame.ack_delay = ack_delay;
  frame.ecn = ecn;
  return ld.on_ack_received(now, space, frame, span, visitor);
}

}  // namespace quasar::test
