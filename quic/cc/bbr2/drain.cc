// Bbr2 Drain: pace at half the estimate until the queue Startup built has drained
// (draft-ietf-ccwg-bbr §5.3.2).
#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::Mode;

// §5.3.2 EnterDrain.
void Bbr2::enter_drain() {
  mode_ = Mode::kDrain;
  pacing_gain_ = bbr2::kDrainPacingGain;  // pace slowly
  cwnd_gain_ = bbr2::kDefaultCwndGain;    // keep the cwnd
  drain_start_round_ = rounds_.round_count();
  cycle_mark_ = {lost_, delivered_};
}

// §5.3.2 CheckDrainDone: the estimated BDP or less in flight, or three rounds spent trying
// (the bandwidth was overestimated, and ProbeBW's filter will correct it).
void Bbr2::check_drain_done(Instant now) {
  if (mode_ != Mode::kDrain) return;
  if (inflight_ <= inflight(1.0) ||
      rounds_.round_count() > drain_start_round_ + bbr2::kDrainMaxRounds) {
    enter_probe_bw(now);
  }
}

}  // namespace quasar
