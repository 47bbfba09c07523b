// Cubic: window growth along W_cubic(t) = C (t - K)^3 + W_max, bounded below by the
// Reno-friendly estimate W_est, and multiplicative decrease by beta_cubic (RFC 9438 §4).
#include "quic/cc/cubic.h"

#include <algorithm>
#include <cmath>

#include "quic/cc/pacer.h"

namespace quasar {

Cubic::Cubic(const CongestionControlConfig& config)
    : config_(config),
      max_datagram_size_(config.max_datagram_size),
      cwnd_(config.initial_window != 0 ? config.initial_window
                                       : initial_congestion_window(config.max_datagram_size)),
      hystart_(config.paced) {
  if (!config.hystart) hystart_.on_congestion_event();
}

double Cubic::w_cubic(double t_seconds) const {
  const double d = t_seconds - k_;
  return kC * d * d * d * static_cast<double>(max_datagram_size_) + w_max_;
}

void Cubic::on_packet_sent(const SentPacketEvent& sent) {
  if (hystart_.phase() != HyStartPlusPlus::Phase::kDone)
    hystart_.on_packet_sent(sent.packet_number);
  // RFC 9438 §5.8: t must not include idle periods. The first packet after the pipe drained
  // moves the epoch forward by the time nothing happened.
  if (sent.bytes_in_flight == sent.bytes && has_epoch_ && have_last_activity_ &&
      sent.now > last_activity_) {
    epoch_start_ += sent.now - last_activity_;
  }
  last_activity_ = sent.now;
  have_last_activity_ = true;
}

void Cubic::on_packet_acked(const AckedPacketEvent& acked) {
  // RFC 9002 §7.3.2: a packet sent after the recovery period started ends it.
  if (in_recovery_ && !sent_in_recovery(acked.time_sent)) in_recovery_ = false;
  if (sent_in_recovery(acked.time_sent)) return;
  // RFC 9438 §5.8: an application-limited flow does not grow its window.
  if (acked.app_limited) return;
  pending_acked_bytes_ += acked.bytes;
}

void Cubic::on_ack(const AckEvent& ack) {
  if (ack.has_rtt_sample) {
    smoothed_rtt_ = ack.smoothed_rtt;
    has_rtt_ = true;
  }
  const uint64_t acked = pending_acked_bytes_;
  pending_acked_bytes_ = 0;
  if (in_slow_start()) {
    slow_start(ack, acked);
  } else if (acked != 0) {
    congestion_avoidance(ack.now, acked);
  } else if (has_epoch_ && have_last_activity_ && ack.now > last_activity_) {
    // Nothing growth-eligible was acknowledged (application-limited or still in recovery):
    // keep this time out of t so the curve does not jump ahead (RFC 9438 §4.2).
    epoch_start_ += ack.now - last_activity_;
  }
  last_activity_ = ack.now;
  have_last_activity_ = true;
}

void Cubic::slow_start(const AckEvent& ack, uint64_t acked_bytes) {
  if (hystart_.phase() == HyStartPlusPlus::Phase::kDone) {
    add_to_window(static_cast<double>(acked_bytes));
    window_grew_ = window_grew_ || acked_bytes != 0;
    return;
  }
  hystart_.on_ack(ack.largest_acked, ack.has_rtt_sample, ack.latest_rtt);
  if (hystart_.exited_to_congestion_avoidance()) {
    // RFC 9406 §4.2: after CSS_ROUNDS, ssthresh = cwnd. RFC 9438 §4.10: W_max is undefined,
    // so cwnd_prior = cwnd and the first epoch starts flat at the current window.
    ssthresh_ = cwnd_;
    cwnd_prior_ = cwnd_;
    flat_next_epoch_ = true;
    has_epoch_ = false;
    return;
  }
  if (acked_bytes == 0) return;
  window_grew_ = true;
  add_to_window(static_cast<double>(hystart_.window_increase(acked_bytes, max_datagram_size_)));
}

void Cubic::start_epoch(Instant now) {
  has_epoch_ = true;
  epoch_start_ = now;
  cwnd_epoch_ = cwnd_;
  w_est_ = static_cast<double>(cwnd_);
  alpha_ = kAlpha;
  if (flat_next_epoch_ || w_max_ <= static_cast<double>(cwnd_)) {
    w_max_ = static_cast<double>(cwnd_);
    k_ = 0;
    flat_next_epoch_ = false;
    return;
  }
  // RFC 9438 Eq. 2: K = cbrt((W_max - cwnd_epoch) / C), windows in segments.
  const double mss = static_cast<double>(max_datagram_size_);
  k_ = std::cbrt((w_max_ - static_cast<double>(cwnd_epoch_)) / mss / kC);
}

// RFC 9438 §4.2-§4.4, with windows in bytes: segments_acked / cwnd becomes bytes / cwnd.
void Cubic::congestion_avoidance(Instant now, uint64_t acked_bytes) {
  if (!has_epoch_) start_epoch(now);
  window_grew_ = true;
  const double cwnd = static_cast<double>(cwnd_);
  const double mss = static_cast<double>(max_datagram_size_);
  const double t = (now - epoch_start_).seconds();
  const double rtt = has_rtt_ ? smoothed_rtt_.seconds() : 0.0;

  // target = W_cubic(t + RTT), bounded to [cwnd, 1.5 cwnd].
  const double target = std::clamp(w_cubic(t + rtt), cwnd, 1.5 * cwnd);

  // RFC 9438 Eq. 4: W_est += alpha_cubic * segments_acked / cwnd (in segments).
  w_est_ += alpha_ * static_cast<double>(acked_bytes) / cwnd * mss;
  // Once W_est reaches cwnd_prior, grow like Reno (alpha = 1).
  if (w_est_ >= static_cast<double>(cwnd_prior_)) alpha_ = 1.0;

  if (w_cubic(t) < w_est_) {
    // Reno-friendly region: cwnd follows W_est.
    if (w_est_ > cwnd) add_to_window(w_est_ - cwnd);
    return;
  }
  // Concave and convex regions: (target - cwnd) / cwnd per segment acknowledged.
  add_to_window((target - cwnd) / cwnd * static_cast<double>(acked_bytes));
}

void Cubic::add_to_window(double bytes) {
  if (bytes <= 0) return;
  cwnd_fraction_ += bytes;
  const double whole = std::floor(cwnd_fraction_);
  cwnd_ += static_cast<uint64_t>(whole);
  cwnd_fraction_ -= whole;
}

Cubic::CurveState Cubic::save() const {
  return CurveState{cwnd_,      cwnd_prior_,  ssthresh_,   w_max_, k_,
                    has_epoch_, epoch_start_, cwnd_epoch_, w_est_, alpha_};
}

void Cubic::restore(const CurveState& s) {
  cwnd_ = s.cwnd;
  cwnd_prior_ = s.cwnd_prior;
  ssthresh_ = s.ssthresh;
  w_max_ = s.w_max;
  k_ = s.k;
  has_epoch_ = s.has_epoch;
  epoch_start_ = s.epoch_start;
  cwnd_epoch_ = s.cwnd_epoch;
  w_est_ = s.w_est;
  alpha_ = s.alpha;
}

// RFC 9438 §4.6 multiplicative decrease with §4.7 fast convergence; once per recovery period.
bool Cubic::reduce_window(Instant now, Instant time_sent) {
  if (sent_in_recovery(time_sent)) return false;
  undo_ = save();
  has_recovery_start_ = true;
  recovery_start_time_ = now;
  in_recovery_ = true;
  hystart_.on_congestion_event();

  const double cwnd = static_cast<double>(cwnd_);
  cwnd_prior_ = cwnd_;
  if (config_.fast_convergence && cwnd < w_max_) {
    w_max_ = cwnd * (1.0 + kBeta) / 2.0;
  } else {
    w_max_ = cwnd;
  }
  // The window is only grown while it is in use, so cwnd stands in for flight_size.
  const uint64_t min_window = minimum_congestion_window(max_datagram_size_);
  ssthresh_ = std::max(static_cast<uint64_t>(cwnd * kBeta), min_window);
  cwnd_ = ssthresh_;
  cwnd_fraction_ = 0;
  has_epoch_ = false;
  flat_next_epoch_ = false;
  return true;
}

void Cubic::on_congestion_event(const LossEvent& loss) {
  if (reduce_window(loss.now, loss.largest_lost_time_sent)) {
    episode_.start(loss.now, loss.lost_bytes);
  } else {
    episode_.add(loss.lost_bytes);
  }
}

// RFC 9438 §4.8 (timeout) applied to RFC 9002 §7.6 persistent congestion: the window falls to
// the minimum and the next congestion avoidance starts with K = 0 at its initial window.
void Cubic::on_persistent_congestion(Instant now) {
  (void)now;
  cwnd_ = minimum_congestion_window(max_datagram_size_);
  cwnd_fraction_ = 0;
  has_recovery_start_ = false;
  in_recovery_ = false;
  has_epoch_ = false;
  flat_next_epoch_ = true;
  episode_.forget();
}

void Cubic::on_ecn_ce(Instant now, Instant largest_acked_time_sent, uint64_t ce_increase) {
  if (ce_increase == 0) return;
  if (reduce_window(now, largest_acked_time_sent)) episode_.forget();
}

// RFC 9438 §4.9.2: restore the state saved before the reduction if cwnd is still below
// cwnd_prior; otherwise keep the current values.
void Cubic::on_spurious_loss(const SpuriousLossEvent& spurious) {
  if (!episode_.on_spurious(spurious)) return;
  if (cwnd_ >= cwnd_prior_) return;
  restore(undo_);
  cwnd_fraction_ = 0;
  in_recovery_ = false;
  has_recovery_start_ = false;
}

void Cubic::set_max_datagram_size(uint64_t bytes) {
  if (bytes == 0 || bytes == max_datagram_size_) return;
  const bool shrinking = bytes < max_datagram_size_;
  max_datagram_size_ = bytes;
  if (config_.initial_window == 0 && (shrinking || !window_grew_) && !has_recovery_start_) {
    cwnd_ = initial_congestion_window(bytes);
  }
  cwnd_ = std::max(cwnd_, minimum_congestion_window(bytes));
}

Bandwidth Cubic::pacing_rate() const {
  if (!has_rtt_) return Bandwidth::infinite();
  return window_pacing_rate(cwnd_, smoothed_rtt_,
                            in_slow_start() ? config_.slow_start_pacing_gain : config_.pacing_gain);
}

}  // namespace quasar
