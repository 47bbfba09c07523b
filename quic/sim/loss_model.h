// LossModel: decides which datagrams a link loses at random (Bernoulli or Gilbert-Elliott),
// capped at a maximum number of consecutive losses.
#pragma once

#include <cstddef>

#include "quic/base/rng.h"
#include "quic/sim/link_config.h"

namespace quasar::sim {

class LossModel {
 public:
  explicit LossModel(const LossConfig& config) : config_(config) {}

  // Takes a new configuration; the channel state and the current burst carry over.
  void reconfigure(const LossConfig& config) { config_ = config; }

  // True if the next datagram is lost. Draws from `rng` only when loss is configured, so a
  // lossless link leaves the random stream of its other impairments unchanged.
  bool next_is_lost(Rng& rng);

  bool in_bad_state() const { return bad_state_; }
  size_t current_burst() const { return consecutive_losses_; }

 private:
  bool draw(Rng& rng);

  LossConfig config_;
  bool bad_state_ = false;
  size_t consecutive_losses_ = 0;
};

}  // namespace quasar::sim
