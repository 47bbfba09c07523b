// Bbr2 ProbeRTT: when the 5 s min-delay estimate expires, hold inflight at half the BDP for
// 200 ms and a round trip to measure the path's propagation delay again
// (draft-ietf-ccwg-bbr §5.3.4).
#include <algorithm>

#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::AckSample;
using bbr2::Mode;

// §5.3.4.3 CheckProbeRTT. An idle restart counts as the drain ProbeRTT would have done.
void Bbr2::check_probe_rtt(const AckSample& rs) {
  if (mode_ != Mode::kProbeRtt && model_.min_rtt_filter().probe_rtt_expired() && !idle_restart_) {
    note_queue_at_probe_rtt(rs);
    enter_probe_rtt();
    save_cwnd();
    has_probe_rtt_done_stamp_ = false;
    ack_phase_ = bbr2::AckPhase::kProbeStopping;
    start_round();
  }
  if (mode_ == Mode::kProbeRtt) handle_probe_rtt(rs);
  if (rs.delivered > 0) idle_restart_ = false;
}

// §5.3.4.3 EnterProbeRTT.
void Bbr2::enter_probe_rtt() {
  mode_ = Mode::kProbeRtt;
  pacing_gain_ = bbr2::kProbeRttPacingGain;
  cwnd_gain_ = bbr2::kProbeRttCwndGain;
  ++probe_rtt_count_;
}

// §5.3.4.3 HandleProbeRTT.
void Bbr2::handle_probe_rtt(const AckSample& rs) {
  mark_connection_app_limited();  // ignore the low rate samples of ProbeRTT
  if (!has_probe_rtt_done_stamp_ && inflight_ <= probe_rtt_cwnd()) {
    // Hold for at least BBR.ProbeRTTDuration and one round.
    has_probe_rtt_done_stamp_ = true;
    probe_rtt_done_stamp_ = rs.now + bbr2::kProbeRttDuration;
    probe_rtt_round_done_ = false;
    start_round();
  } else if (has_probe_rtt_done_stamp_) {
    if (rounds_.round_start()) probe_rtt_round_done_ = true;
    if (probe_rtt_round_done_) check_probe_rtt_done(rs.now);
  }
}

// §5.3.4.3 CheckProbeRTTDone.
void Bbr2::check_probe_rtt_done(Instant now) {
  if (has_probe_rtt_done_stamp_ && now > probe_rtt_done_stamp_) {
    model_.min_rtt_filter().restart_probe_rtt_interval(now);  // schedule the next ProbeRTT
    restore_cwnd();
    exit_probe_rtt(now);
  }
}

// §5.3.4.4 ExitProbeRTT: on to CRUISE (inflight is below the BDP already), or back to Startup
// if the pipe was never filled.
//
// The draft starts a new ProbeBW cycle here, so that the next bandwidth probe waits 2-3 s.
// quasar keeps the interrupted cycle, and its clock, when a standing queue has met every
// ProbeRTT for BBR.MinRTTFilterLen (note_queue_at_probe_rtt): other flows hold that queue up,
// and the common 5 s interval (§5.3.4.2) brings them all into ProbeRTT at once. Restarting
// every flow's clock at that same moment put all their probes into the same second after
// ProbeRTT, undoing the randomization of §5.3.3.8: together they filled the headroom each flow
// leaves (§5.3.3.9) within a round, lost, and no inflight_longterm grew, so four flows kept the
// shares they left Startup with (docs/congestion-control.md).
void Bbr2::exit_probe_rtt(Instant now) {
  model_.reset_short_term_model();
  if (!full_bw_reached_) {
    enter_startup();
  } else if (resume_cycle_after_probe_rtt_) {
    start_probe_bw_cruise();
  } else {
    start_probe_bw_down(now);
    start_probe_bw_cruise();
  }
}

// On entering ProbeRTT: has a standing queue met every ProbeRTT for a whole min_rtt window? A
// queue stands when the latest RTT sample (the connection's, when this ACK brought none)
// exceeds kStandingQueueRttRatio times BBR.min_rtt. A flow whose estimate is stale after the
// bottleneck slowed down keeps a queue standing too, but only until its max_bw filter lets go
// of the old rate (two ProbeBW cycles); a queue that stands for BBR.MinRTTFilterLen is other
// flows'.
void Bbr2::note_queue_at_probe_rtt(const AckSample& rs) {
  const bool standing =
      model_.has_min_rtt() && rs.rtt > Duration::zero() &&
      rs.rtt.seconds() > bbr2::kStandingQueueRttRatio * model_.min_rtt().seconds();
  if (!standing) {
    has_standing_queue_since_ = false;
  } else if (!has_standing_queue_since_) {
    has_standing_queue_since_ = true;
    standing_queue_since_ = rs.now;
  }
  resume_cycle_after_probe_rtt_ = bbr2::is_probe_bw(mode_) && has_standing_queue_since_ &&
                                  rs.now - standing_queue_since_ >= bbr2::kMinRttFilterLen;
}

// §4.1.2.4 MarkConnectionAppLimited, as ProbeRTT uses it: the samples of data sent until
// everything now in flight is delivered are application-limited. The delivery-rate sampler
// belongs to loss detection, so the controller marks those packets itself (on_packet_sent).
void Bbr2::mark_connection_app_limited() {
  app_limited_mark_ = std::max<uint64_t>(delivered_ + inflight_, 1);
}

}  // namespace quasar
