// Bbr2 and congestion signals: lost packets and CE marks feed the model (§5.5.10), loss
// recovery periods modulate the cwnd (§5.6.4.4), persistent congestion is QUIC's retransmission
// timeout, and a spurious loss recovery is undone (§5.5.11) — draft-ietf-ccwg-bbr.
#include <algorithm>

#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::Mode;

void Bbr2::on_packet_lost(const LostPacketEvent& lost) {
  lost_ += lost.bytes;  // C.lost, as the sampler counts it
  // Discontiguous lost ranges, for Startup's exit on loss (§5.3.1.3).
  if (!has_last_lost_packet_ || lost.packet_number != last_lost_packet_ + 1) {
    ++loss_ranges_in_round_;
  }
  has_last_lost_packet_ = true;
  last_lost_packet_ = lost.packet_number;
  handle_lost_packet(lost);
}

// §5.5.10.2 HandleLostPacket: a packet sent while probing was lost; if losses since it was sent
// exceed BBR.LossThresh, the probe went too high.
void Bbr2::handle_lost_packet(const LostPacketEvent& lost) {
  note_loss();
  if (!is_bw_probe_sample_) return;  // not sent while probing bandwidth
  const PacketDeliveryState& p = lost.delivery;
  const uint64_t lost_since_sent = lost_ - std::min(lost_, p.lost);
  if (is_inflight_too_high(lost_since_sent, p.tx_in_flight)) {
    handle_inflight_too_high(p.is_app_limited,
                             inflight_at_loss(p.tx_in_flight, lost_since_sent, lost.bytes));
  }
}

// §5.5.10.2 NoteLoss. The loss round's end is fixed at the next ACK, whose C.delivered includes
// what that ACK delivered (the controller hears of losses before acknowledgments).
void Bbr2::note_loss() {
  if (!model_.is_loss_in_round()) {
    model_.note_loss(delivered_);
    loss_round_pending_ = true;
    save_state_upon_loss();
  }
}

// §5.5.10.2 IsInflightTooHigh (QUIC always has selective acknowledgments).
bool Bbr2::is_inflight_too_high(uint64_t lost, uint64_t tx_in_flight) {
  return static_cast<double>(lost) > static_cast<double>(tx_in_flight) * bbr2::kLossThresh;
}

// §5.5.10.2 InflightAtLoss: the inflight at which the loss rate crossed BBR.LossThresh,
// solving (lost_prev + lost_prefix) / (inflight_prev + lost_prefix) = BBR.LossThresh.
uint64_t Bbr2::inflight_at_loss(uint64_t tx_in_flight, uint64_t lost, uint64_t packet_bytes) {
  const double inflight_prev =
      static_cast<double>(tx_in_flight) - static_cast<double>(packet_bytes);
  const double lost_prev = static_cast<double>(lost) - static_cast<double>(packet_bytes);
  const double lost_prefix =
      (bbr2::kLossThresh * inflight_prev - lost_prev) / (1 - bbr2::kLossThresh);
  return static_cast<uint64_t>(std::max(0.0, inflight_prev + lost_prefix));
}

// §5.5.10.2 HandleInflightTooHigh: remember the level (no lower than BBR.Beta of the target, to
// react no harder than CUBIC) and stop probing. Leaving ProbeBW_UP takes the time of the
// congestion event or ACK that carried the loss.
void Bbr2::handle_inflight_too_high(bool is_app_limited, uint64_t tx_in_flight) {
  prev_probe_too_high_ = true;
  is_bw_probe_sample_ = false;  // react once per probe
  if (!is_app_limited) {
    model_.set_inflight_longterm(std::max(
        tx_in_flight, static_cast<uint64_t>(static_cast<double>(target_inflight()) * bbr2::kBeta)));
  }
  if (mode_ == Mode::kProbeBwUp) {
    has_undo_state_ = true;
    undo_state_ = Mode::kProbeBwUp;
    probe_down_pending_ = true;
  }
}

// §5.5.11.1 SaveStateUponLoss.
void Bbr2::save_state_upon_loss() {
  save_cwnd();
  has_undo_state_ = false;
  undo_bw_shortterm_ = model_.bw_shortterm();
  undo_inflight_shortterm_ = model_.inflight_shortterm();
  undo_inflight_longterm_ = model_.inflight_longterm();
}

// RFC 9002 Appendix B.8 OnPacketsLost: a loss of a packet sent after the current recovery
// period started begins a new one (§5.6.4.4 OnEnterFastRecovery).
void Bbr2::on_congestion_event(const LossEvent& loss) {
  ensure_started(loss.now);
  inflight_ = loss.bytes_in_flight;
  if (!in_recovery_ || loss.largest_lost_time_sent > recovery_start_time_) {
    enter_recovery(loss.now);
    episode_.start(loss.now, loss.lost_bytes);
  } else {
    episode_.add(loss.lost_bytes);
  }
  if (probe_down_pending_) {
    probe_down_pending_ = false;
    if (mode_ == Mode::kProbeBwUp) start_probe_bw_down(loss.now);
  }
}

// §5.6.4.4 OnEnterFastRecovery (SaveStateUponLoss ran with the round's first loss).
void Bbr2::enter_recovery(Instant now) {
  save_cwnd();
  in_recovery_ = true;
  recovery_ended_ = false;
  recovery_start_time_ = now;
}

void Bbr2::exit_recovery() {
  in_recovery_ = false;
  recovery_ended_ = false;
}

// RFC 9002 §7.6.2 persistent congestion plays the part of TCP's retransmission timeout
// (§5.6.4.4 OnEnterRTO): the window collapses to the minimum, the model stays, and recovery
// ends by restoring the last known good cwnd once data sent from now on is acknowledged.
void Bbr2::on_persistent_congestion(Instant now) {
  ensure_started(now);
  save_cwnd();
  save_state_upon_loss();
  cwnd_ = minimum_congestion_window(smss_);
  in_recovery_ = true;
  recovery_ended_ = false;
  recovery_start_time_ = now;
}

// RFC 9002 §7.1, draft §3.7: CE marks are congestion; the model treats marked data as lost.
void Bbr2::on_ecn_ce(Instant now, Instant largest_acked_time_sent, uint64_t ce_increase) {
  (void)largest_acked_time_sent;
  ensure_started(now);
  note_loss();
  ce_bytes_ += ce_increase * smss_;
  ce_in_round_ = true;
  episode_.forget();  // a CE mark is never spurious
}

// §5.5.11: every loss of the episode turned out spurious.
void Bbr2::on_spurious_loss(const SpuriousLossEvent& spurious) {
  if (!episode_.on_spurious(spurious)) return;
  handle_spurious_loss_detection();
  exit_recovery();
}

// §5.5.11.2 HandleSpuriousLossDetection.
void Bbr2::handle_spurious_loss_detection() {
  restore_cwnd();
  model_.clear_loss_in_round();
  reset_full_bw();
  model_.raise_bounds_to(undo_bw_shortterm_, undo_inflight_shortterm_, undo_inflight_longterm_);
  // If the losses ended a bandwidth probe, return to it.
  if (has_undo_state_ && undo_state_ == Mode::kStartup && mode_ != Mode::kStartup) {
    full_bw_reached_ = false;
    if (mode_ != Mode::kProbeRtt) enter_startup();
  } else if (has_undo_state_ && undo_state_ == Mode::kProbeBwUp && mode_ != Mode::kProbeBwUp) {
    if (mode_ != Mode::kProbeRtt) start_probe_bw_refill();
  }
  has_undo_state_ = false;
}

}  // namespace quasar
