// Bbr2 ProbeBW_UP: send 25% faster than the estimate and grow inflight_longterm, slowly at
// first and exponentially after, until the bandwidth plateaus, loss exceeds BBR.LossThresh, or
// a cautious probe reaches the level that was too high last time
// (draft-ietf-ccwg-bbr §5.3.3.4-§5.3.3.7, §5.3.3.9).
#include <algorithm>

#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::AckSample;
using bbr2::Mode;

// §5.3.3.9 StartProbeBW_UP.
void Bbr2::start_probe_bw_up(const AckSample& rs) {
  ack_phase_ = bbr2::AckPhase::kProbeStarting;
  start_round();
  reset_full_bw();
  full_bw_ = rs.delivery_rate;
  mode_ = Mode::kProbeBwUp;
  pacing_gain_ = bbr2::kProbeBwUpPacingGain;
  cwnd_gain_ = bbr2::kProbeBwUpCwndGain;
  raise_inflight_longterm_slope();
}

// §5.3.3.9 IsTimeToGoDown.
bool Bbr2::is_time_to_go_down(const AckSample& rs) {
  // Precautionary probing, deceleration: the level that drew too much loss last time.
  if (prev_probe_too_high_ && inflight_ >= model_.inflight_longterm()) {
    prev_probe_precautionary_ = true;
    return true;
  }
  if (is_cwnd_limited() && cwnd_ >= model_.inflight_longterm()) {
    // The bound, not the path, limits the rate: the plateau says nothing yet.
    reset_full_bw();
    full_bw_ = rs.delivery_rate;
  } else if (full_bw_now_) {
    return true;  // the path's bandwidth is fully used
  }
  return false;
}

// §5.3.3.9 RaiseInflightLongtermSlope: each round the growth per cwnd of data acknowledged
// doubles (1, 2, 4, ... packets per round).
void Bbr2::raise_inflight_longterm_slope() {
  const uint64_t growth_this_round = uint64_t{1} << bw_probe_up_rounds_;
  bw_probe_up_rounds_ = std::min(bw_probe_up_rounds_ + 1, bbr2::kMaxProbeUpRounds);
  probe_up_acked_per_inc_ = std::max(cwnd_ / growth_this_round, smss_);
}

// §5.3.3.9 ProbeInflightLongtermUpward: while the bound is what limits the flow.
void Bbr2::probe_inflight_longterm_upward(const AckSample& rs) {
  if (!is_cwnd_limited() || cwnd_ < model_.inflight_longterm()) return;
  bw_probe_up_acked_ += rs.newly_acked;
  if (bw_probe_up_acked_ >= probe_up_acked_per_inc_) {
    const uint64_t delta = bw_probe_up_acked_ / probe_up_acked_per_inc_;
    bw_probe_up_acked_ -= delta * probe_up_acked_per_inc_;
    model_.set_inflight_longterm(model_.inflight_longterm() + delta * smss_);
  }
  if (rounds_.round_start()) raise_inflight_longterm_slope();
}

}  // namespace quasar
