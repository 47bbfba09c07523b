// RttEstimator: latest, minimum and smoothed round-trip time and its variation, and the PTO
// period derived from them (RFC 9002 §5 and §6.2.1).
#pragma once

#include "quic/base/encryption_level.h"
#include "quic/base/time.h"
#include "quic/recovery/recovery_constants.h"

namespace quasar {

class RttEstimator {
 public:
  explicit RttEstimator(Duration initial_rtt = kInitialRtt) { reset(initial_rtt); }

  // RFC 9002 §5.3: smoothed_rtt = initial, rttvar = initial / 2, no samples yet (new
  // connection, or a new path after migration).
  void reset(Duration initial_rtt = kInitialRtt);

  // RFC 9002 §5.1-§5.3 (UpdateRtt): one RTT sample with the peer's reported ack_delay.
  // The delay is capped at max_ack_delay only once the handshake is confirmed, and is never
  // subtracted when that would take the sample below min_rtt. min_rtt ignores it entirely.
  void update(Instant now, Duration latest_rtt, Duration ack_delay, bool handshake_confirmed);

  // RFC 9002 §5.2: after persistent congestion min_rtt restarts from the newest sample.
  void on_persistent_congestion() { min_rtt_ = latest_rtt_; }

  // The peer's max_ack_delay transport parameter (RFC 9000 §18.2; 25 ms until known).
  void set_max_ack_delay(Duration max_ack_delay) { max_ack_delay_ = max_ack_delay; }
  Duration max_ack_delay() const { return max_ack_delay_; }

  bool has_sample() const { return has_sample_; }
  Instant first_sample_time() const { return first_sample_time_; }
  Duration latest() const { return latest_rtt_; }
  Duration min() const { return min_rtt_; }
  Duration smoothed() const { return smoothed_rtt_; }
  Duration variation() const { return rttvar_; }

  // RFC 9002 §6.2.1: smoothed_rtt + max(4 * rttvar, kGranularity), without max_ack_delay.
  Duration pto_base() const;
  // The PTO period of one space, unbacked-off: max_ack_delay counts only for Application Data.
  Duration pto(PacketNumberSpace space) const;
  // RFC 9002 §7.6.1: (smoothed_rtt + max(4*rttvar, kGranularity) + max_ack_delay) * 3.
  Duration persistent_congestion_duration() const;

 private:
  Duration latest_rtt_;
  Duration min_rtt_;
  Duration smoothed_rtt_;
  Duration rttvar_;
  Duration max_ack_delay_ = Duration::from_millis(25);
  bool has_sample_ = false;
  Instant first_sample_time_;
};

}  // namespace quasar
