// SentPacketMap: the packets sent in one packet number space, in a ring indexed by packet
// number, with their frames in a SentFrameRing. Lookups are O(1); the walks the loss detector
// makes (next packet not yet acknowledged, next packet not yet lost) skip over finished
// packets through forward links with path compression, so processing an ACK costs
// O(ranges + newly acknowledged packets), not O(packets in flight).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/base/time.h"
#include "quic/recovery/sent_frame.h"
#include "quic/recovery/sent_frame_ring.h"
#include "quic/recovery/sent_packet.h"

namespace quasar {

class SentPacketMap {
 public:
  explicit SentPacketMap(size_t initial_packets = 256, size_t initial_frames = 1024);

  // Records a sent packet. Its number must exceed every number recorded so far; numbers
  // skipped in between are remembered as never sent.
  SentPacket& add(const SentPacketParams& params, Instant time_sent,
                  std::span<const SentFrame> frames);

  // The record of a packet that is tracked and was really sent; nullptr otherwise.
  SentPacket* find(uint64_t packet_number);
  const SentPacket* find(uint64_t packet_number) const;
  std::span<const SentFrame> frames(const SentPacket& packet) const {
    return frames_.run(packet.first_frame, packet.frame_count);
  }

  // Smallest packet number >= `from` still awaiting an acknowledgment (outstanding or declared
  // lost), or end() if none.
  uint64_t next_unacked(uint64_t from);
  // Smallest packet number >= `from` that is outstanding (neither acknowledged nor lost).
  uint64_t next_outstanding(uint64_t from);
  void mark_acked(SentPacket& packet);
  void mark_lost(SentPacket& packet, Instant now, uint64_t largest_acked);
  // True if a packet strictly between the two numbers was acknowledged (a linear walk; the
  // persistent congestion check uses it only when a long loss period is already evident).
  bool acked_between(uint64_t low, uint64_t high) const;

  // Forgets records at the front that are finished: acknowledged, skipped, or declared lost
  // before `forget_lost_before` or numbered below `forget_lost_below`. Frees their frames.
  void reclaim(Instant forget_lost_before, uint64_t forget_lost_below = 0);
  // Drops everything (packet number space discarded). Packet numbers keep increasing.
  void clear();

  // Calls fn(SentPacket&) for every record still awaiting acknowledgment, in order.
  template <typename Fn>
  void for_each_unacked(Fn&& fn) {
    for (uint64_t pn = next_unacked(first_); pn < end_; pn = next_unacked(pn + 1)) {
      fn(slot(pn).packet);
    }
  }

  bool has_sent() const { return has_sent_; }
  // Largest packet number sent so far (valid when has_sent()).
  uint64_t largest_sent() const { return end_ - 1; }
  // One past the largest packet number sent: the end of every walk.
  uint64_t end() const { return end_; }
  // Lowest packet number still tracked.
  uint64_t first() const { return first_; }
  size_t tracked() const { return static_cast<size_t>(end_ - first_); }
  size_t packet_capacity() const { return slots_.size(); }
  const SentFrameRing& frame_ring() const { return frames_; }

 private:
  struct Slot {
    SentPacket packet;
    uint64_t skip_unacked = 0;      // valid when acked or skipped
    uint64_t skip_outstanding = 0;  // valid when acked, skipped or lost
  };

  Slot& slot(uint64_t pn) { return slots_[pn & mask_]; }
  const Slot& slot(uint64_t pn) const { return slots_[pn & mask_]; }
  void grow(size_t needed);
  uint64_t follow(uint64_t from, bool outstanding_only);

  std::vector<Slot> slots_;
  uint64_t mask_;
  uint64_t first_ = 0;  // lowest tracked packet number
  uint64_t end_ = 0;    // one past the largest recorded
  bool has_sent_ = false;
  SentFrameRing frames_;
};

}  // namespace quasar
