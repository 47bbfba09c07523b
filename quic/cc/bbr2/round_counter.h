// RoundCounter: BBR.round_count, packet-timed round trips — a round ends when a packet sent
// after its start is acknowledged (draft-ietf-ccwg-bbr §5.5.1).
#pragma once

#include <cstdint>

namespace quasar::bbr2 {

class RoundCounter {
 public:
  // UpdateRound, for an ACK whose newest packet was sent when C.delivered was
  // `packet_delivered` (P.delivered); `delivered` is C.delivered now. True on a round start.
  bool update(uint64_t packet_delivered, uint64_t delivered) {
    round_start_ = packet_delivered >= next_round_delivered_;
    if (round_start_) {
      start_round(delivered);
      ++round_count_;
    }
    return round_start_;
  }
  // StartRound: the next round ends with the ACK of a packet sent from now on.
  void start_round(uint64_t delivered) { next_round_delivered_ = delivered; }

  uint64_t round_count() const { return round_count_; }
  bool round_start() const { return round_start_; }
  uint64_t next_round_delivered() const { return next_round_delivered_; }

 private:
  uint64_t next_round_delivered_ = 0;
  uint64_t round_count_ = 0;
  bool round_start_ = false;
};

}  // namespace quasar::bbr2
