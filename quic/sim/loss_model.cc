// LossModel: Bernoulli and Gilbert-Elliott loss with a burst cap.
#include "quic/sim/loss_model.h"

namespace quasar::sim {

bool LossModel::draw(Rng& rng) {
  if (!config_.bursty) return rng.chance(config_.rate);
  const GilbertElliott& ge = config_.gilbert_elliott;
  // The state moves first, then the datagram meets the channel in its new state.
  bad_state_ = bad_state_ ? !rng.chance(ge.bad_to_good) : rng.chance(ge.good_to_bad);
  return rng.chance(bad_state_ ? ge.loss_in_bad : ge.loss_in_good);
}

bool LossModel::next_is_lost(Rng& rng) {
  const bool configured = config_.bursty || config_.rate > 0;
  if (!configured) {
    consecutive_losses_ = 0;
    return false;
  }
  bool lost = draw(rng);
  if (lost && consecutive_losses_ >= config_.max_burst) lost = false;
  consecutive_losses_ = lost ? consecutive_losses_ + 1 : 0;
  return lost;
}

}  // namespace quasar::sim
