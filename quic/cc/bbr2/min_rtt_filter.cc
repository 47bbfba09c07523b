// MinRttFilter: the UpdateMinRTT pseudocode of draft-ietf-ccwg-bbr §5.3.4.3.
#include "quic/cc/bbr2/min_rtt_filter.h"

#include "quic/cc/bbr2/constants.h"

namespace quasar::bbr2 {

void MinRttFilter::start(Instant now) {
  min_rtt_ = Duration::infinite();
  min_rtt_stamp_ = now;
  probe_rtt_min_delay_ = Duration::infinite();
  probe_rtt_min_stamp_ = now;
  probe_rtt_expired_ = false;
}

void MinRttFilter::update(Instant now, bool has_rtt, Duration rtt) {
  probe_rtt_expired_ = now > probe_rtt_min_stamp_ + kProbeRttInterval;
  if (has_rtt && (rtt < probe_rtt_min_delay_ || probe_rtt_expired_)) {
    probe_rtt_min_delay_ = rtt;
    probe_rtt_min_stamp_ = now;
  }
  // The 10 s window holds the 5 s one: its minimum moves only to a lower value, or when it has
  // expired, to the latest 5 s minimum.
  const bool min_rtt_expired = now > min_rtt_stamp_ + kMinRttFilterLen;
  if (probe_rtt_min_delay_ < min_rtt_ || min_rtt_expired) {
    min_rtt_ = probe_rtt_min_delay_;
    min_rtt_stamp_ = probe_rtt_min_stamp_;
  }
}

}  // namespace quasar::bbr2
