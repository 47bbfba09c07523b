// Bbr2 ProbeBW_CRUISE: send at the estimated bandwidth, adapting the short-term model to loss,
// until it is time to probe again (draft-ietf-ccwg-bbr §5.3.3.2, §5.3.3.9).
#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

// §5.3.3.9 StartProbeBW_CRUISE.
void Bbr2::start_probe_bw_cruise() {
  mode_ = bbr2::Mode::kProbeBwCruise;
  pacing_gain_ = bbr2::kProbeBwCruisePacingGain;
  cwnd_gain_ = bbr2::kDefaultCwndGain;
}

}  // namespace quasar
