// MinRttFilter: BBR.min_rtt, the least round-trip time of the last 10 s, kept together with
// BBR.probe_rtt_min_delay, the least of the last 5 s, whose expiry schedules ProbeRTT
// (draft-ietf-ccwg-bbr §5.5.7 and §5.3.4.3).
#pragma once

#include "quic/base/time.h"

namespace quasar::bbr2 {

class MinRttFilter {
 public:
  // OnInit: both windows start now, with no sample.
  void start(Instant now);
  // UpdateMinRTT, on every ACK; `has_rtt` false when the ACK gave no RTT sample (RS.rtt < 0).
  void update(Instant now, bool has_rtt, Duration rtt);
  // CheckProbeRTTDone: the ProbeRTT just finished counts as a fresh probe_rtt_min_delay.
  void restart_probe_rtt_interval(Instant now) { probe_rtt_min_stamp_ = now; }

  // Infinite until the first sample.
  Duration min_rtt() const { return min_rtt_; }
  Instant min_rtt_stamp() const { return min_rtt_stamp_; }
  Duration probe_rtt_min_delay() const { return probe_rtt_min_delay_; }
  Instant probe_rtt_min_stamp() const { return probe_rtt_min_stamp_; }
  // BBR.probe_rtt_expired as of the last update(): due for ProbeRTT or an idle period.
  bool probe_rtt_expired() const { return probe_rtt_expired_; }

 private:
  Duration min_rtt_ = Duration::infinite();
  Instant min_rtt_stamp_;
  Duration probe_rtt_min_delay_ = Duration::infinite();
  Instant probe_rtt_min_stamp_;
  bool probe_rtt_expired_ = false;
};

}  // namespace quasar::bbr2
