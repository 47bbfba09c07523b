// Bbr2 congestion window: BBR.max_inflight from the model, gradual growth toward it, the last
// known good cwnd after recovery, and the ProbeRTT and short-/long-term bounds
// (draft-ietf-ccwg-bbr §5.6.4).
#include <algorithm>

#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::AckSample;
using bbr2::Mode;

uint64_t Bbr2::bdp() const {
  return model_.has_min_rtt() ? model_.bdp(model_.bw()) : initial_cwnd_;
}

// §5.6.4.2 BDPMultiple.
uint64_t Bbr2::bdp_multiple(Bandwidth bw, double gain) const {
  if (!model_.has_min_rtt()) return initial_cwnd_;  // no RTT sample yet
  return static_cast<uint64_t>(gain * static_cast<double>(model_.bdp(bw)));
}

// §5.6.4.2 QuantizationBudget, with the QUIC offload budget of §5.5.8.2 (one send quantum).
uint64_t Bbr2::quantization_budget(uint64_t inflight_cap) const {
  inflight_cap = std::max(inflight_cap, send_quantum_);
  inflight_cap = std::max(inflight_cap, min_pipe_cwnd());
  if (mode_ == Mode::kProbeBwUp) inflight_cap += 2 * smss_;
  return inflight_cap;
}

// §5.6.4.2 Inflight.
uint64_t Bbr2::inflight(Bandwidth bw, double gain) const {
  return quantization_budget(bdp_multiple(bw, gain));
}

// §5.6.4.2 UpdateMaxInflight: cwnd_gain BDPs plus the aggregation estimate.
void Bbr2::update_max_inflight() {
  const uint64_t inflight_cap = bdp_multiple(model_.bw(), cwnd_gain_) + model_.extra_acked();
  max_inflight_ = quantization_budget(inflight_cap);
}

// §5.6.4.6 SetCwnd, after the recovery step of §5.6.4.4.
void Bbr2::set_cwnd(const AckSample& rs) {
  update_max_inflight();
  restore_cwnd_after_recovery();
  if (full_bw_reached_) {
    cwnd_ = std::min(cwnd_ + rs.newly_acked, max_inflight_);
  } else if (cwnd_ < max_inflight_ || delivered_ < initial_cwnd_) {
    cwnd_ += rs.newly_acked;
  }
  cwnd_ = std::max(cwnd_, min_pipe_cwnd());
  bound_cwnd_for_probe_rtt();
  bound_cwnd_for_model();
}

// §5.6.4.4: in fast recovery the draft lets the model respond to loss (the short- and
// long-term bounds of §5.5.10) instead of BBRv1/v2's packet conservation, which quasar measured
// to halve goodput under 1% random loss (it re-arms with every recovery period, about once per
// round). When recovery ends, by repair or by undo, the last known good cwnd comes back, for
// BoundCwndForModel to bound.
void Bbr2::restore_cwnd_after_recovery() {
  if (!recovery_ended_) return;
  exit_recovery();
  restore_cwnd();
}

// §5.6.4.5 ProbeRTTCwnd.
uint64_t Bbr2::probe_rtt_cwnd() const {
  return std::max(bdp_multiple(model_.bw(), bbr2::kProbeRttCwndGain), min_pipe_cwnd());
}

// §5.6.4.5 BoundCwndForProbeRTT.
void Bbr2::bound_cwnd_for_probe_rtt() {
  if (mode_ == Mode::kProbeRtt) cwnd_ = std::min(cwnd_, probe_rtt_cwnd());
}

// §5.6.4.7 BoundCwndForModel: the volume caps of §5.6.1's table.
void Bbr2::bound_cwnd_for_model() {
  uint64_t cap = bbr2::kInfiniteBytes;
  if (bbr2::is_probe_bw(mode_) && mode_ != Mode::kProbeBwCruise) {
    cap = model_.inflight_longterm();
  } else if (mode_ == Mode::kProbeRtt || mode_ == Mode::kProbeBwCruise) {
    cap = inflight_with_headroom();
  }
  cap = std::min(cap, model_.inflight_shortterm());
  cap = std::max(cap, min_pipe_cwnd());
  cwnd_ = std::min(cwnd_, cap);
}

// §5.6.4.4 SaveCwnd: the last cwnd not reduced by recovery or ProbeRTT.
void Bbr2::save_cwnd() {
  if (!in_recovery_ && mode_ != Mode::kProbeRtt) {
    prior_cwnd_ = cwnd_;
  } else {
    prior_cwnd_ = std::max(prior_cwnd_, cwnd_);
  }
}

// §5.6.4.4 RestoreCwnd.
void Bbr2::restore_cwnd() { cwnd_ = std::max(cwnd_, prior_cwnd_); }

}  // namespace quasar
