// Bbr2 pacing rate and send quantum (draft-ietf-ccwg-bbr §5.6.2, §5.6.3). The connection's
// Pacer spreads packets at pacing_rate() in bursts of about the send quantum.
#include <algorithm>

#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

// §5.6.2 InitPacingRate: the initial window over the first smoothed RTT (1 ms before there is
// one), at Startup's gain.
void Bbr2::init_pacing_rate(Duration smoothed_rtt) {
  const Duration rtt = smoothed_rtt > Duration::zero() ? smoothed_rtt : Duration::from_millis(1);
  pacing_rate_ =
      Bandwidth::from_bytes_and_time(initial_cwnd_, rtt).scaled(bbr2::kStartupPacingGain);
}

// §5.6.2 SetPacingRateWithGain: before the pipe is full the rate only rises, so that
// application-limited samples cannot pull it down.
void Bbr2::set_pacing_rate_with_gain(double gain) {
  const Bandwidth rate = model_.bw().scaled(gain * (100 - bbr2::kPacingMarginPercent) / 100);
  if (full_bw_reached_ || rate > pacing_rate_) pacing_rate_ = rate;
}

// §5.6.3 SetSendQuantum.
void Bbr2::set_send_quantum() {
  send_quantum_ = std::clamp(pacing_rate_.bytes_in(bbr2::kSendQuantumInterval), 2 * smss_,
                             std::max(bbr2::kMaxSendQuantum, 2 * smss_));
}

}  // namespace quasar
