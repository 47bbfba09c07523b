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

// §5.3.4.4 ExitProbeRTT: on to CRUISE (inflight is below the BDP already) with a fresh probe
// clock, or back to Startup if the pipe was never filled.
void Bbr2::exit_probe_rtt(Instant now) {
  model_.reset_short_term_model();
  if (full_bw_reached_) {
    start_probe_bw_down(now);
    start_probe_bw_cruise();
  } else {
    enter_startup();
  }
}

// §4.1.2.4 MarkConnectionAppLimited, as ProbeRTT uses it: the samples of data sent until
// everything now in flight is delivered are application-limited. The delivery-rate sampler
// belongs to loss detection, so the controller marks those packets itself (on_packet_sent).
void Bbr2::mark_connection_app_limited() {
  app_limited_mark_ = std::max<uint64_t>(delivered_ + inflight_, 1);
}

}  // namespace quasar
