// LossEpisode: which losses one congestion response was based on, so the response can be undone
// once every one of them turns out spurious (RFC 9438 §4.9.2).
#pragma once

#include <algorithm>
#include <cstdint>

#include "quic/base/time.h"
#include "quic/cc/congestion_controller.h"

namespace quasar {

class LossEpisode {
 public:
  // A new congestion response started at `now` for `lost_bytes` of lost packets.
  void start(Instant now, uint64_t lost_bytes) {
    active_ = true;
    start_ = now;
    unconfirmed_lost_bytes_ = lost_bytes;
  }
  // More losses declared while the same response is in force.
  void add(uint64_t lost_bytes) {
    if (active_) unconfirmed_lost_bytes_ += lost_bytes;
  }
  // A response that cannot be undone (ECN-CE, persistent congestion) replaces the episode.
  void forget() { active_ = false; }

  // True when this spurious loss was the last unconfirmed loss of the episode: undo now.
  bool on_spurious(const SpuriousLossEvent& spurious) {
    if (!active_ || spurious.time_declared_lost < start_) return false;
    unconfirmed_lost_bytes_ -= std::min(unconfirmed_lost_bytes_, spurious.bytes);
    if (unconfirmed_lost_bytes_ != 0) return false;
    active_ = false;
    return true;
  }

  bool active() const { return active_; }

 private:
  bool active_ = false;
  Instant start_;
  uint64_t unconfirmed_lost_bytes_ = 0;
};

}  // namespace quasar
