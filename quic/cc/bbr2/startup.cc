// Bbr2 Startup: the exponential search for the path's bandwidth, and the two estimators that
// end it — a plateau of the delivery rate and sustained high loss (draft-ietf-ccwg-bbr §5.3.1).
#include <algorithm>

#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::AckSample;
using bbr2::Mode;

// §5.3.1.1 EnterStartup.
void Bbr2::enter_startup() {
  mode_ = Mode::kStartup;
  pacing_gain_ = bbr2::kStartupPacingGain;
  cwnd_gain_ = bbr2::kDefaultCwndGain;
}

// §5.3.1.2 ResetFullBW.
void Bbr2::reset_full_bw() {
  full_bw_ = Bandwidth::zero();
  full_bw_count_ = 0;
  full_bw_now_ = false;
}

// §5.3.1.2 CheckFullBWReached: three non-application-limited rounds without 25% growth mean
// the pipe is full. Startup and ProbeBW_UP both use it.
void Bbr2::check_full_bw_reached(const AckSample& rs) {
  if (full_bw_now_ || !rounds_.round_start() || rs.is_app_limited) return;
  if (rs.delivery_rate >= full_bw_.scaled(bbr2::kFullBwGrowth)) {
    reset_full_bw();  // still growing
    full_bw_ = rs.delivery_rate;
    return;
  }
  ++full_bw_count_;
  full_bw_now_ = full_bw_count_ >= bbr2::kFullBwRounds;
  if (full_bw_now_) full_bw_reached_ = true;
}

// §5.3.1.1 CheckStartupDone.
void Bbr2::check_startup_done(const AckSample& rs) {
  check_startup_high_loss(rs);
  if (mode_ == Mode::kStartup && full_bw_reached_) enter_drain();
}

// §5.3.1.3 CheckStartupHighLoss, for a transport with selective acknowledgments (QUIC). At the
// end of each loss round it asks: did that round, which began with a loss (so the connection
// has been recovering for a full round trip), lose more than BBR.LossThresh of the data in
// flight in at least BBRStartupFullLossCnt discontiguous ranges?
void Bbr2::check_startup_high_loss(const AckSample& rs) {
  if (!model_.loss_round_start()) return;
  const uint32_t ranges = loss_ranges_in_round_;
  loss_ranges_in_round_ = 0;
  has_last_lost_packet_ = false;
  if (mode_ != Mode::kStartup || full_bw_reached_) return;
  if (ranges < bbr2::kStartupFullLossCount || !is_inflight_too_high(rs.lost, rs.tx_in_flight)) {
    return;
  }
  has_undo_state_ = true;
  undo_state_ = Mode::kStartup;
  full_bw_reached_ = full_bw_now_ = true;
  model_.set_inflight_longterm(std::max(bdp(), model_.inflight_latest()));
}

}  // namespace quasar
