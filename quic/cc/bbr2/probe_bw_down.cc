// Bbr2 ProbeBW_DOWN: send at 90% of the estimate until the queue is drained and headroom is
// free (draft-ietf-ccwg-bbr §5.3.3.1, §5.3.3.9).
#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::AckPhase;
using bbr2::Mode;

// §5.3.3.9 StartProbeBW_DOWN: a new cycle starts.
void Bbr2::start_probe_bw_down(Instant now) {
  model_.reset_congestion_signals();
  cycle_mark_ = {lost_, delivered_};
  probe_up_acked_per_inc_ = bbr2::kInfiniteBytes;  // not growing inflight_longterm
  pick_probe_wait();
  cycle_stamp_ = now;  // start the wall clock
  ack_phase_ = AckPhase::kProbeStopping;
  start_round();
  mode_ = Mode::kProbeBwDown;
  pacing_gain_ = bbr2::kProbeBwDownPacingGain;
  cwnd_gain_ = bbr2::kDefaultCwndGain;
}

// §5.3.3.9 IsTimeToCruise: enough headroom, and no more than the estimated BDP in flight.
bool Bbr2::is_time_to_cruise() const {
  if (inflight_ > inflight_with_headroom()) return false;
  if (inflight_ > inflight(model_.max_bw(), 1.0)) return false;
  return true;
}

}  // namespace quasar
