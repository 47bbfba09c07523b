// Cubic: the CUBIC congestion controller of RFC 9438 with HyStart++ (RFC 9406) slow start,
// fast convergence, the Reno-friendly region, app-limited handling and spurious-loss undo.
#pragma once

#include <cstdint>

#include "quic/cc/congestion_control_config.h"
#include "quic/cc/congestion_controller.h"
#include "quic/cc/hystart_plus_plus.h"
#include "quic/cc/loss_episode.h"

namespace quasar {

class Cubic final : public CongestionController {
 public:
  // RFC 9438 §4.1 constants: C in segments/second^3, beta_cubic, alpha_cubic.
  static constexpr double kC = 0.4;
  static constexpr double kBeta = 0.7;
  static constexpr double kAlpha = 3.0 * (1.0 - kBeta) / (1.0 + kBeta);

  explicit Cubic(const CongestionControlConfig& config = {});

  const char* name() const override { return "cubic"; }
  void on_packet_sent(const SentPacketEvent& sent) override;
  void on_packet_acked(const AckedPacketEvent& acked) override;
  void on_ack(const AckEvent& ack) override;
  void on_congestion_event(const LossEvent& loss) override;
  void on_persistent_congestion(Instant now) override;
  void on_ecn_ce(Instant now, Instant largest_acked_time_sent, uint64_t ce_increase) override;
  void on_spurious_loss(const SpuriousLossEvent& spurious) override;
  void set_max_datagram_size(uint64_t bytes) override;

  uint64_t congestion_window() const override { return cwnd_; }
  Bandwidth pacing_rate() const override;
  bool in_slow_start() const override { return cwnd_ < ssthresh_; }
  bool in_recovery() const override { return in_recovery_; }
  uint64_t slow_start_threshold() const override { return ssthresh_; }
  uint64_t max_datagram_size() const override { return max_datagram_size_; }

  // The curve's parameters, in bytes and seconds (for tests and stats).
  double w_max() const { return w_max_; }
  double k_seconds() const { return k_; }
  double w_est() const { return w_est_; }
  uint64_t cwnd_prior() const { return cwnd_prior_; }
  bool has_epoch() const { return has_epoch_; }
  Instant epoch_start() const { return epoch_start_; }
  const HyStartPlusPlus& hystart() const { return hystart_; }
  // W_cubic(t) of RFC 9438 §4.2 in bytes, t seconds after the epoch start.
  double w_cubic(double t_seconds) const;

 private:
  struct CurveState {
    uint64_t cwnd = 0;
    uint64_t cwnd_prior = 0;
    uint64_t ssthresh = 0;
    double w_max = 0;
    double k = 0;
    bool has_epoch = false;
    Instant epoch_start;
    uint64_t cwnd_epoch = 0;
    double w_est = 0;
    double alpha = kAlpha;
  };

  bool sent_in_recovery(Instant time_sent) const {
    return has_recovery_start_ && time_sent <= recovery_start_time_;
  }
  bool reduce_window(Instant now, Instant time_sent);
  void slow_start(const AckEvent& ack, uint64_t acked_bytes);
  void congestion_avoidance(Instant now, uint64_t acked_bytes);
  void start_epoch(Instant now);
  void add_to_window(double bytes);
  CurveState save() const;
  void restore(const CurveState& s);

  CongestionControlConfig config_;
  uint64_t max_datagram_size_;
  uint64_t cwnd_;
  double cwnd_fraction_ = 0;  // sub-byte growth carried between ACKs
  uint64_t ssthresh_ = UINT64_MAX;
  uint64_t cwnd_prior_ = 0;
  double w_max_ = 0;
  double k_ = 0;
  bool has_epoch_ = false;
  Instant epoch_start_;
  uint64_t cwnd_epoch_ = 0;
  double w_est_ = 0;
  double alpha_ = kAlpha;
  // RFC 9438 §4.8 and §4.10: after a timeout or a HyStart++ exit the next epoch has K = 0 and
  // W_max = the window at its start.
  bool flat_next_epoch_ = false;

  bool has_recovery_start_ = false;
  Instant recovery_start_time_;
  bool in_recovery_ = false;
  bool window_grew_ = false;

  uint64_t pending_acked_bytes_ = 0;  // growth-eligible bytes of the ACK being processed
  bool have_last_activity_ = false;
  Instant last_activity_;  // last ACK or send, to keep idle time out of t (RFC 9438 §5.8)

  Duration smoothed_rtt_;
  bool has_rtt_ = false;
  HyStartPlusPlus hystart_;

  LossEpisode episode_;
  CurveState undo_;
};

}  // namespace quasar
