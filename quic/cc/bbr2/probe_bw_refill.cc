// Bbr2 ProbeBW_REFILL: drop the short-term model and refill the pipe at the estimated
// bandwidth for one round before probing (draft-ietf-ccwg-bbr §5.3.3.3, §5.3.3.9).
#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

// §5.3.3.9 StartProbeBW_REFILL.
void Bbr2::start_probe_bw_refill() {
  model_.reset_short_term_model();
  bw_probe_up_rounds_ = 0;
  bw_probe_up_acked_ = 0;
  prev_probe_precautionary_ = false;
  ack_phase_ = bbr2::AckPhase::kRefilling;
  start_round();
  mode_ = bbr2::Mode::kProbeBwRefill;
  pacing_gain_ = bbr2::kProbeBwRefillPacingGain;
  cwnd_gain_ = bbr2::kDefaultCwndGain;
}

}  // namespace quasar
