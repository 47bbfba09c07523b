// Bbr2: initialization, the events loss detection reports, the per-ACK steps in the draft's
// order and restart from idle (draft-ietf-ccwg-bbr §5.2, §5.4).
#include "quic/cc/bbr2/bbr2.h"

#include <algorithm>

namespace quasar {

using bbr2::AckSample;
using bbr2::Mode;

Bbr2::Bbr2(const CongestionControlConfig& config, uint64_t seed)
    : smss_(config.max_datagram_size),
      initial_cwnd_(config.initial_window != 0 ? config.initial_window
                                               : initial_congestion_window(smss_)),
      seed_(seed),
      rng_(seed),
      cwnd_(initial_cwnd_) {
  // §5.2.1 OnInit; what needs Now() waits for the first event (ensure_started).
  reset_full_bw();
  init_pacing_rate(Duration::zero());
  set_send_quantum();
  enter_startup();
}

void Bbr2::ensure_started(Instant now) {
  if (started_) return;
  started_ = true;
  rng_ = SeededRng(seed_ ^ static_cast<uint64_t>(now.nanos_since_epoch()));
  model_.start(now);
  cycle_stamp_ = now;
}

// §5.2.2 OnTransmit, and what the sampler's per-packet state needs from the controller.
void Bbr2::on_packet_sent(const SentPacketEvent& sent) {
  ensure_started(sent.now);
  const uint64_t inflight_before =
      sent.bytes_in_flight - std::min(sent.bytes, sent.bytes_in_flight);
  if (inflight_before == 0 && (sampler_app_limited_ || app_limited_mark_ != 0)) {
    handle_restart_from_idle(sent.now);
  }
  inflight_ = sent.bytes_in_flight;
  // C.is_cwnd_limited: no room left for another full-sized packet.
  if (inflight_ + smss_ > cwnd_) cwnd_limited_in_round_ = true;
  // Packets leaving while ProbeRTT's application-limited mark holds (§5.3.4.3).
  const bool marked = app_limited_mark_ != 0 && delivered_ <= app_limited_mark_;
  if (marked) {
    if (!marking_packets_) first_marked_packet_ = sent.packet_number;
    last_marked_packet_ = sent.packet_number;
    has_marked_packets_ = true;
  }
  marking_packets_ = marked;
}

void Bbr2::on_packet_acked(const AckedPacketEvent& acked) {
  // RFC 9002 §7.3.2: recovery ends when a packet sent after it started is acknowledged.
  if (in_recovery_ && acked.time_sent > recovery_start_time_) recovery_ended_ = true;
}

AckSample Bbr2::make_sample(const AckEvent& ack) const {
  const RateSample& r = ack.rate;
  AckSample rs;
  rs.now = ack.now;
  rs.delivery_rate = r.has_rate ? r.delivery_rate : Bandwidth::zero();
  rs.delivered = r.delivered;
  rs.prior_delivered = r.prior_delivered;
  rs.newly_acked = r.newly_acked;
  rs.tx_in_flight = r.tx_in_flight;
  rs.lost = r.lost + ce_bytes_;
  rs.is_app_limited =
      r.is_app_limited || (has_marked_packets_ && r.last_acked_packet >= first_marked_packet_ &&
                           r.last_acked_packet <= last_marked_packet_);
  rs.has_rtt = ack.has_rtt_sample;
  rs.rtt = ack.latest_rtt;
  return rs;
}

// §5.2.3 UpdateOnACK.
void Bbr2::on_ack(const AckEvent& ack) {
  ensure_started(ack.now);
  const RateSample& r = ack.rate;
  delivered_ = r.total_delivered;
  lost_ = r.total_lost;
  inflight_ = ack.bytes_in_flight;
  sampler_app_limited_ = r.connection_app_limited;
  if (app_limited_mark_ != 0 && delivered_ > app_limited_mark_) app_limited_mark_ = 0;
  if (!r.has_data) return;  // nothing in flight was delivered

  in_ack_ = true;
  // Round and loss-round starts decided between ACKs take this ACK's C.delivered.
  if (round_start_pending_) rounds_.start_round(delivered_);
  if (loss_round_pending_) model_.set_loss_round_delivered(delivered_);
  round_start_pending_ = loss_round_pending_ = false;
  // §5.6.2: the initial pacing rate waits for the first RTT sample.
  if (!pacing_rate_from_rtt_ && ack.has_rtt_sample && ack.smoothed_rtt > Duration::zero()) {
    pacing_rate_from_rtt_ = true;
    if (model_.max_bw().is_zero()) init_pacing_rate(ack.smoothed_rtt);
  }
  const AckSample rs = make_sample(ack);
  // CE marks count as losses (§3.7): a probe that drew too many ends like a lossy one.
  if (ce_bytes_ != 0 && is_bw_probe_sample_ && is_inflight_too_high(rs.lost, rs.tx_in_flight)) {
    handle_inflight_too_high(rs.is_app_limited, rs.tx_in_flight);
  }
  if (probe_down_pending_) {
    probe_down_pending_ = false;
    if (mode_ == Mode::kProbeBwUp) start_probe_bw_down(ack.now);
  }
  update_model_and_state(rs);
  update_control_parameters(rs);
  ce_bytes_ = 0;
  in_ack_ = false;
}

void Bbr2::update_model_and_state(const AckSample& rs) {
  model_.update_latest_delivery_signals(rs.delivery_rate, rs.delivered, rs.prior_delivered,
                                        delivered_);
  update_congestion_signals(rs);
  model_.extra_acked_filter().update(rs.now, model_.bw(), rs.newly_acked, cwnd_,
                                     rounds_.round_count(), full_bw_reached_);
  check_full_bw_reached(rs);
  check_startup_done(rs);
  check_drain_done(rs.now);
  update_probe_bw_cycle_phase(rs);
  model_.min_rtt_filter().update(rs.now, rs.has_rtt, rs.rtt);
  check_probe_rtt(rs);
  model_.advance_latest_delivery_signals(rs.delivery_rate, rs.delivered);
  model_.bound_bw();
}

// §5.5.10.3 UpdateCongestionSignals, with §5.5.5 UpdateMaxBw and §5.5.1 UpdateRound.
void Bbr2::update_congestion_signals(const AckSample& rs) {
  if (rounds_.update(rs.prior_delivered, delivered_)) {
    ++rounds_since_probe_up_;
    cwnd_limited_last_round_ = cwnd_limited_in_round_;
    cwnd_limited_in_round_ = false;
  }
  model_.update_max_bw(rs.delivery_rate, rs.is_app_limited);
  if (!model_.loss_round_start()) return;  // wait until the end of the round trip
  adapt_lower_bounds_from_congestion();
  model_.clear_loss_in_round();
  ce_in_round_ = false;
  round_mark_ = {lost_, delivered_};
}

// §5.5.10.3 AdaptLowerBoundsFromCongestion: once per round, when not probing. The draft cuts
// after any lossy round; quasar cuts after a round with CE marks (§3.7), or after a lossy round
// when both that round and the ProbeBW cycle so far lost more than BBR.LossThresh. Random loss
// below the threshold then leaves the short-term model alone, as the design goal of §3.1 (full
// throughput at average loss rates up to 1%) asks: otherwise every lossy round pulls the bounds
// down to the round's delivery process, which the 1% pacing margin and the loss itself keep
// below them, and the flow decays until its next bandwidth probe.
void Bbr2::adapt_lower_bounds_from_congestion() {
  if (bbr2::is_probing_bw(mode_)) return;
  if (model_.is_loss_in_round() && (ce_in_round_ || loss_above_threshold())) {
    model_.init_lower_bounds(cwnd_);
    model_.loss_lower_bounds();
  }
}

bool Bbr2::loss_above_threshold() const {
  const auto too_high = [this](const bbr2::LossMark& mark) {
    const uint64_t lost = lost_ - std::min(lost_, mark.lost);
    const uint64_t delivered = delivered_ - std::min(delivered_, mark.delivered);
    return is_inflight_too_high(lost, lost + delivered);
  };
  return too_high(round_mark_) && too_high(cycle_mark_);
}

// §5.2.3 UpdateControlParameters.
void Bbr2::update_control_parameters(const AckSample& rs) {
  set_pacing_rate_with_gain(pacing_gain_);
  set_send_quantum();
  set_cwnd(rs);
}

// §5.4.1 HandleRestartFromIdle.
void Bbr2::handle_restart_from_idle(Instant now) {
  idle_restart_ = true;
  model_.extra_acked_filter().restart_interval(now);
  if (bbr2::is_probe_bw(mode_)) {
    set_pacing_rate_with_gain(1.0);
  } else if (mode_ == Mode::kProbeRtt) {
    check_probe_rtt_done(now);
  }
}

void Bbr2::start_round() {
  if (in_ack_) {
    rounds_.start_round(delivered_);
    round_start_pending_ = false;
  } else {
    round_start_pending_ = true;
  }
}

void Bbr2::on_app_limited(uint64_t bytes_in_flight) {
  (void)bytes_in_flight;
  sampler_app_limited_ = true;
}

void Bbr2::set_max_datagram_size(uint64_t bytes) {
  smss_ = bytes;
  cwnd_ = std::max(cwnd_, min_pipe_cwnd());
  set_send_quantum();
}

}  // namespace quasar
