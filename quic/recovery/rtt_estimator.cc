// RttEstimator: the RFC 9002 §5.3 estimator and the §6.2.1 PTO period.
#include "quic/recovery/rtt_estimator.h"

#include <algorithm>

namespace quasar {

void RttEstimator::reset(Duration initial_rtt) {
  latest_rtt_ = Duration::zero();
  min_rtt_ = Duration::zero();
  smoothed_rtt_ = initial_rtt;
  rttvar_ = initial_rtt / 2;
  has_sample_ = false;
  first_sample_time_ = Instant();
}

void RttEstimator::update(Instant now, Duration latest_rtt, Duration ack_delay,
                          bool handshake_confirmed) {
  latest_rtt_ = latest_rtt;
  if (!has_sample_) {
    // RFC 9002 §5.3: the first sample resets the estimator.
    min_rtt_ = latest_rtt;
    smoothed_rtt_ = latest_rtt;
    rttvar_ = latest_rtt / 2;
    has_sample_ = true;
    first_sample_time_ = now;
    return;
  }
  // RFC 9002 §5.2: min_rtt ignores acknowledgment delay.
  min_rtt_ = std::min(min_rtt_, latest_rtt);
  if (handshake_confirmed) ack_delay = std::min(ack_delay, max_ack_delay_);
  Duration adjusted = latest_rtt;
  if (latest_rtt >= min_rtt_ + ack_delay) adjusted = latest_rtt - ack_delay;
  const Duration deviation =
      smoothed_rtt_ > adjusted ? smoothed_rtt_ - adjusted : adjusted - smoothed_rtt_;
  // rttvar = 3/4 rttvar + 1/4 |smoothed - adjusted|; smoothed = 7/8 smoothed + 1/8 adjusted.
  rttvar_ = Duration::from_nanos((3 * rttvar_.nanos() + deviation.nanos()) / 4);
  smoothed_rtt_ = Duration::from_nanos((7 * smoothed_rtt_.nanos() + adjusted.nanos()) / 8);
}

Duration RttEstimator::pto_base() const {
  return smoothed_rtt_ + std::max(rttvar_ * 4, kGranularity);
}

Duration RttEstimator::pto(PacketNumberSpace space) const {
  // RFC 9002 §6.2.1: Initial and Handshake are never delayed on purpose by the peer.
  const Duration base = pto_base();
  return space == PacketNumberSpace::kApplication ? base + max_ack_delay_ : base;
}

Duration RttEstimator::persistent_congestion_duration() const {
  return (pto_base() + max_ack_delay_) * kPersistentCongestionThreshold;
}

}  // namespace quasar
