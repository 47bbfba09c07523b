// NewReno: the congestion controller of RFC 9002 §7 and Appendix B.
#pragma once

#include <cstdint>

#include "quic/cc/congestion_control_config.h"
#include "quic/cc/congestion_controller.h"
#include "quic/cc/loss_episode.h"

namespace quasar {

class NewReno final : public CongestionController {
 public:
  explicit NewReno(const CongestionControlConfig& config = {});

  const char* name() const override { return "newreno"; }
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

 private:
  // RFC 9002 Appendix B.5 InCongestionRecovery.
  bool sent_in_recovery(Instant time_sent) const {
    return has_recovery_start_ && time_sent <= recovery_start_time_;
  }
  // RFC 9002 Appendix B.6 OnCongestionEvent; true when a new recovery period started.
  bool enter_recovery(Instant now, Instant time_sent);

  CongestionControlConfig config_;
  uint64_t max_datagram_size_;
  uint64_t cwnd_;
  uint64_t ssthresh_ = UINT64_MAX;
  // RFC 3465 §2.1 byte counting in congestion avoidance: +1 datagram per cwnd acknowledged.
  uint64_t bytes_acked_in_avoidance_ = 0;
  bool has_recovery_start_ = false;
  Instant recovery_start_time_;
  bool in_recovery_ = false;
  bool window_grew_ = false;  // the window left its initial value (for PMTU changes)
  Duration smoothed_rtt_;
  bool has_rtt_ = false;

  // RFC 9438 §4.9.2 style undo, applied to NewReno's window and threshold.
  LossEpisode episode_;
  uint64_t undo_cwnd_ = 0;
  uint64_t undo_ssthresh_ = 0;
};

}  // namespace quasar
