// HyStartPlusPlus: the RFC 9406 §4.2 algorithm. A round (windowEnd = SND.NXT in TCP terms) ends
// when a packet sent after it began is acknowledged.
#include "quic/cc/hystart_plus_plus.h"

#include <algorithm>

namespace quasar {

// RFC 9406 §4.2: at the start of each round, remember the last round's minimum.
void HyStartPlusPlus::start_round() {
  round_started_ = true;
  window_end_ = largest_sent_;
  ++rounds_;
  last_round_min_rtt_ = current_round_min_rtt_;
  current_round_min_rtt_ = Duration::infinite();
  rtt_sample_count_ = 0;
  if (phase_ == Phase::kConservativeSlowStart) {
    // The round that just ended was spent in CSS.
    if (++css_rounds_ >= kCssRounds) {
      css_completed_ = true;
      phase_ = Phase::kDone;
    }
  }
}

void HyStartPlusPlus::on_ack(uint64_t largest_acked, bool has_rtt_sample, Duration rtt) {
  if (phase_ == Phase::kDone) return;
  if (!round_started_ || (has_sent_ && largest_acked > window_end_)) {
    start_round();
    if (phase_ == Phase::kDone) return;
  }
  if (!has_rtt_sample) return;
  current_round_min_rtt_ = std::min(current_round_min_rtt_, rtt);
  ++rtt_sample_count_;
  if (rtt_sample_count_ < kNRttSample) return;

  if (phase_ == Phase::kSlowStart) {
    if (current_round_min_rtt_.is_infinite() || last_round_min_rtt_.is_infinite()) return;
    // RttThresh = max(MIN_RTT_THRESH, min(lastRoundMinRTT / MIN_RTT_DIVISOR, MAX_RTT_THRESH))
    const Duration thresh =
        std::max(kMinRttThresh, std::min(last_round_min_rtt_ / kMinRttDivisor, kMaxRttThresh));
    if (current_round_min_rtt_ >= last_round_min_rtt_ + thresh) {
      css_baseline_min_rtt_ = current_round_min_rtt_;
      phase_ = Phase::kConservativeSlowStart;
      css_rounds_ = 0;
    }
    return;
  }
  // In CSS: an RTT back below the baseline means the exit was spurious; resume slow start.
  if (current_round_min_rtt_ < css_baseline_min_rtt_) {
    css_baseline_min_rtt_ = Duration::infinite();
    phase_ = Phase::kSlowStart;
  }
}

uint64_t HyStartPlusPlus::window_increase(uint64_t acked_bytes, uint64_t max_datagram_size) const {
  // cwnd += min(N, L * SMSS), divided by CSS_GROWTH_DIVISOR while in CSS.
  const uint64_t capped =
      paced_ ? acked_bytes : std::min(acked_bytes, kUnpacedGrowthLimit * max_datagram_size);
  return phase_ == Phase::kConservativeSlowStart ? capped / kCssGrowthDivisor : capped;
}

}  // namespace quasar
