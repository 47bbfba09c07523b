// SentPacketMap: ring storage and the skip links (a union-find "next live element" structure).
#include "quic/recovery/sent_packet_map.h"

#include <bit>

namespace quasar {

namespace {
bool awaiting_ack(SentPacketState s) {
  return s == SentPacketState::kOutstanding || s == SentPacketState::kLost;
}
}  // namespace

SentPacketMap::SentPacketMap(size_t initial_packets, size_t initial_frames)
    : slots_(std::bit_ceil(initial_packets < 16 ? size_t{16} : initial_packets)),
      mask_(slots_.size() - 1),
      frames_(initial_frames) {}

SentPacket& SentPacketMap::add(const SentPacketParams& params, Instant time_sent,
                               std::span<const SentFrame> frames) {
  const uint64_t pn = params.packet_number;
  if (first_ == end_) {
    // Nothing tracked: start the window at this packet, however far ahead it is.
    first_ = end_ = pn;
  }
  if (pn - first_ >= slots_.size()) grow(static_cast<size_t>(pn - first_ + 1));
  // Numbers skipped since the last packet: never sent, so never acknowledgeable.
  for (uint64_t skipped = end_; skipped < pn; ++skipped) {
    Slot& s = slot(skipped);
    s.packet = SentPacket{};
    s.packet.packet_number = skipped;
    s.packet.state = SentPacketState::kSkipped;
    s.skip_unacked = s.skip_outstanding = pn;
  }
  Slot& s = slot(pn);
  s.packet = SentPacket{};
  SentPacket& p = s.packet;
  p.packet_number = pn;
  p.time_sent = time_sent;
  p.bytes = params.bytes;
  p.ack_eliciting = params.ack_eliciting;
  p.in_flight = params.in_flight;
  p.is_pmtu_probe = params.is_pmtu_probe;
  p.is_zero_rtt = params.is_zero_rtt;
  p.ecn = params.ecn;
  p.state = SentPacketState::kOutstanding;
  p.first_frame = frames_.append(frames);
  p.frame_count = static_cast<uint32_t>(frames.size());
  s.skip_unacked = s.skip_outstanding = pn + 1;
  end_ = pn + 1;
  has_sent_ = true;
  return p;
}

SentPacket* SentPacketMap::find(uint64_t pn) {
  if (pn < first_ || pn >= end_) return nullptr;
  SentPacket& p = slot(pn).packet;
  return p.state == SentPacketState::kSkipped ? nullptr : &p;
}

const SentPacket* SentPacketMap::find(uint64_t pn) const {
  if (pn < first_ || pn >= end_) return nullptr;
  const SentPacket& p = slot(pn).packet;
  return p.state == SentPacketState::kSkipped ? nullptr : &p;
}

uint64_t SentPacketMap::follow(uint64_t from, bool outstanding_only) {
  uint64_t pn = from < first_ ? first_ : from;
  if (pn >= end_) return end_;
  auto live = [&](const Slot& s) {
    return outstanding_only ? s.packet.state == SentPacketState::kOutstanding
                            : awaiting_ack(s.packet.state);
  };
  uint64_t found = pn;
  while (found < end_ && !live(slot(found))) {
    const Slot& s = slot(found);
    found = outstanding_only ? s.skip_outstanding : s.skip_unacked;
  }
  if (found > end_) found = end_;
  // Path compression: every finished slot on the way now points straight at the result.
  while (pn < found) {
    Slot& s = slot(pn);
    uint64_t& link = outstanding_only ? s.skip_outstanding : s.skip_unacked;
    const uint64_t next = link;
    link = found;
    pn = next;
  }
  return found;
}

uint64_t SentPacketMap::next_unacked(uint64_t from) { return follow(from, false); }
uint64_t SentPacketMap::next_outstanding(uint64_t from) { return follow(from, true); }

void SentPacketMap::mark_acked(SentPacket& packet) {
  Slot& s = slot(packet.packet_number);
  if (packet.state == SentPacketState::kOutstanding) s.skip_outstanding = packet.packet_number + 1;
  packet.state = SentPacketState::kAcked;
  s.skip_unacked = packet.packet_number + 1;
}

void SentPacketMap::mark_lost(SentPacket& packet, Instant now, uint64_t largest_acked) {
  packet.state = SentPacketState::kLost;
  packet.time_declared_lost = now;
  packet.largest_acked_when_lost = largest_acked;
  slot(packet.packet_number).skip_outstanding = packet.packet_number + 1;
}

bool SentPacketMap::acked_between(uint64_t low, uint64_t high) const {
  for (uint64_t pn = (low + 1 < first_ ? first_ : low + 1); pn < high && pn < end_; ++pn) {
    if (slot(pn).packet.state == SentPacketState::kAcked) return true;
  }
  return false;
}

void SentPacketMap::reclaim(Instant forget_lost_before, uint64_t forget_lost_below) {
  while (first_ < end_) {
    const SentPacket& p = slot(first_).packet;
    const bool finished =
        p.state == SentPacketState::kAcked || p.state == SentPacketState::kSkipped ||
        (p.state == SentPacketState::kLost &&
         (p.time_declared_lost < forget_lost_before || p.packet_number < forget_lost_below));
    if (!finished) break;
    ++first_;
  }
  if (first_ == end_) {
    frames_.clear();
  } else {
    frames_.release_before(slot(first_).packet.first_frame);
  }
}

void SentPacketMap::clear() {
  first_ = end_;
  frames_.clear();
}

void SentPacketMap::grow(size_t needed) {
  size_t capacity = slots_.size() * 2;
  while (capacity < needed) capacity *= 2;
  std::vector<Slot> bigger(capacity);
  const uint64_t new_mask = capacity - 1;
  for (uint64_t pn = first_; pn < end_; ++pn) bigger[pn & new_mask] = slots_[pn & mask_];
  slots_.swap(bigger);
  mask_ = new_mask;
}

}  // namespace quasar
