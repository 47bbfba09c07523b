// NewReno: slow start, one recovery period per round trip, additive increase (RFC 9002 §7).
#include "quic/cc/new_reno.h"

#include <algorithm>

#include "quic/cc/pacer.h"

namespace quasar {

NewReno::NewReno(const CongestionControlConfig& config)
    : config_(config),
      max_datagram_size_(config.max_datagram_size),
      cwnd_(config.initial_window != 0 ? config.initial_window
                                       : initial_congestion_window(config.max_datagram_size)) {}

void NewReno::on_packet_sent(const SentPacketEvent& sent) { (void)sent; }

// RFC 9002 Appendix B.5 OnPacketAcked.
void NewReno::on_packet_acked(const AckedPacketEvent& acked) {
  // RFC 9002 §7.3.2: the recovery period ends when a packet sent after its start is acked.
  if (in_recovery_ && !sent_in_recovery(acked.time_sent)) in_recovery_ = false;
  // RFC 9002 §7.8: do not grow an underused window.
  if (acked.app_limited) return;
  if (sent_in_recovery(acked.time_sent)) return;
  window_grew_ = true;
  if (cwnd_ < ssthresh_) {
    cwnd_ += acked.bytes;  // RFC 9002 §7.3.1 slow start
    return;
  }
  // RFC 9002 §7.3.3 congestion avoidance: at most one datagram per window acknowledged.
  bytes_acked_in_avoidance_ += acked.bytes;
  if (bytes_acked_in_avoidance_ >= cwnd_) {
    bytes_acked_in_avoidance_ -= cwnd_;
    cwnd_ += max_datagram_size_;
  }
}

void NewReno::on_ack(const AckEvent& ack) {
  if (ack.has_rtt_sample) {
    smoothed_rtt_ = ack.smoothed_rtt;
    has_rtt_ = true;
  }
}

// RFC 9002 Appendix B.6 OnCongestionEvent.
bool NewReno::enter_recovery(Instant now, Instant time_sent) {
  if (sent_in_recovery(time_sent)) return false;
  has_recovery_start_ = true;
  recovery_start_time_ = now;
  in_recovery_ = true;
  undo_cwnd_ = cwnd_;
  undo_ssthresh_ = ssthresh_;
  // kLossReductionFactor = 0.5.
  ssthresh_ = cwnd_ / 2;
  cwnd_ = std::max(ssthresh_, minimum_congestion_window(max_datagram_size_));
  bytes_acked_in_avoidance_ = 0;
  return true;
}

void NewReno::on_congestion_event(const LossEvent& loss) {
  if (enter_recovery(loss.now, loss.largest_lost_time_sent)) {
    episode_.start(loss.now, loss.lost_bytes);
  } else {
    episode_.add(loss.lost_bytes);
  }
}

// RFC 9002 Appendix B.8: persistent congestion collapses the window to kMinimumWindow.
void NewReno::on_persistent_congestion(Instant now) {
  (void)now;
  cwnd_ = minimum_congestion_window(max_datagram_size_);
  has_recovery_start_ = false;
  in_recovery_ = false;
  bytes_acked_in_avoidance_ = 0;
  episode_.forget();
}

// RFC 9002 Appendix B.7 ProcessECN: a CE increase is a congestion event that is never undone.
void NewReno::on_ecn_ce(Instant now, Instant largest_acked_time_sent, uint64_t ce_increase) {
  if (ce_increase == 0) return;
  if (enter_recovery(now, largest_acked_time_sent)) episode_.forget();
}

void NewReno::on_spurious_loss(const SpuriousLossEvent& spurious) {
  if (!episode_.on_spurious(spurious)) return;
  // Every loss behind the last reduction was spurious: restore the window it took away.
  cwnd_ = std::max(cwnd_, undo_cwnd_);
  ssthresh_ = std::max(ssthresh_, undo_ssthresh_);
  in_recovery_ = false;
  has_recovery_start_ = false;
}

// RFC 9002 §7.2: recompute the initial window with the new size; never below the minimum.
void NewReno::set_max_datagram_size(uint64_t bytes) {
  if (bytes == 0 || bytes == max_datagram_size_) return;
  const bool shrinking = bytes < max_datagram_size_;
  max_datagram_size_ = bytes;
  if (config_.initial_window == 0 && (shrinking || !window_grew_) && !has_recovery_start_) {
    cwnd_ = initial_congestion_window(bytes);
  }
  cwnd_ = std::max(cwnd_, minimum_congestion_window(bytes));
}

Bandwidth NewReno::pacing_rate() const {
  if (!has_rtt_) return Bandwidth::infinite();
  return window_pacing_rate(cwnd_, smoothed_rtt_,
                            in_slow_start() ? config_.slow_start_pacing_gain : config_.pacing_gain);
}

}  // namespace quasar
