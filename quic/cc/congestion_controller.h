// CongestionController: the interface every congestion control algorithm implements, and the
// events the loss detector feeds it (RFC 9002 §7, Appendix B).
#pragma once

#include <cstdint>
#include <string_view>

#include "quic/base/time.h"
#include "quic/cc/rate_sample.h"

namespace quasar {

// RFC 9002 §7.2: kMinimumWindow and kInitialWindow, in bytes.
constexpr uint64_t minimum_congestion_window(uint64_t max_datagram_size) {
  return 2 * max_datagram_size;
}
constexpr uint64_t initial_congestion_window(uint64_t max_datagram_size) {
  const uint64_t cap = max_datagram_size * 2 > 14720 ? max_datagram_size * 2 : 14720;
  const uint64_t ten = 10 * max_datagram_size;
  return ten < cap ? ten : cap;
}

// A packet counted in bytes in flight was sent.
struct SentPacketEvent {
  Instant now;
  uint64_t packet_number = 0;
  uint64_t bytes = 0;
  uint64_t bytes_in_flight = 0;  // including this packet
};

// One newly acknowledged in-flight packet (RFC 9002 Appendix B.5, OnPacketAcked).
struct AckedPacketEvent {
  uint64_t packet_number = 0;
  uint64_t bytes = 0;
  Instant time_sent;
  bool app_limited = false;  // sent while the sender had nothing more to send
};

// Summary of one ACK frame, after its per-packet events: RTT and delivery rate.
struct AckEvent {
  Instant now;
  uint64_t acked_bytes = 0;            // in-flight bytes newly acknowledged
  uint64_t prior_bytes_in_flight = 0;  // before this ACK
  uint64_t bytes_in_flight = 0;        // after this ACK (and its losses)
  uint64_t largest_acked = 0;          // largest newly acknowledged packet number
  bool has_rtt_sample = false;         // this ACK produced an RTT sample (RFC 9002 §5.1)
  Duration latest_rtt;
  Duration smoothed_rtt;
  Duration min_rtt;
  RateSample rate;
};

// One packet declared lost (per packet, for models such as BBR's that look at each).
struct LostPacketEvent {
  uint64_t packet_number = 0;
  uint64_t bytes = 0;
  Instant time_sent;
  PacketDeliveryState delivery;
};

// The in-flight packets declared lost together (RFC 9002 Appendix B.8, OnPacketsLost).
struct LossEvent {
  Instant now;
  uint64_t lost_bytes = 0;
  Instant largest_lost_time_sent;  // starts at most one recovery period per round trip
  uint64_t bytes_in_flight = 0;    // after removing the lost packets
};

// A packet declared lost was acknowledged after all (RFC 9438 §4.9.2).
struct SpuriousLossEvent {
  Instant now;
  uint64_t packet_number = 0;
  uint64_t bytes = 0;
  Instant time_sent;
  Instant time_declared_lost;
};

// Window-based or rate-based sender control. Sizes are bytes; the loss detector owns bytes in
// flight and passes it in. Implementations never read a clock.
class CongestionController {
 public:
  virtual ~CongestionController() = default;

  virtual const char* name() const = 0;

  virtual void on_packet_sent(const SentPacketEvent& sent) = 0;
  // Called for each newly acknowledged in-flight packet, after the ACK's losses were reported
  // (RFC 9002 Appendix A.7 order), then on_ack() once for the frame.
  virtual void on_packet_acked(const AckedPacketEvent& acked) = 0;
  virtual void on_ack(const AckEvent& ack) = 0;
  // Each lost in-flight packet, then on_congestion_event() once for the batch.
  virtual void on_packet_lost(const LostPacketEvent& lost) { (void)lost; }
  virtual void on_congestion_event(const LossEvent& loss) = 0;
  // RFC 9002 §7.6: called after on_congestion_event for the same losses.
  virtual void on_persistent_congestion(Instant now) = 0;
  // RFC 9002 §7.1, Appendix B.7: the peer reported an increase of the ECN-CE count.
  virtual void on_ecn_ce(Instant now, Instant largest_acked_time_sent, uint64_t ce_increase) = 0;
  virtual void on_spurious_loss(const SpuriousLossEvent& spurious) = 0;
  // The sender had window and pacing room but nothing to send (RFC 9002 §7.8).
  virtual void on_app_limited(uint64_t bytes_in_flight) { (void)bytes_in_flight; }
  // PMTU changes (RFC 9002 §7.2).
  virtual void set_max_datagram_size(uint64_t bytes) = 0;

  virtual uint64_t congestion_window() const = 0;
  // The rate packets should leave at; infinite when pacing is not yet possible (no RTT).
  virtual Bandwidth pacing_rate() const = 0;
  virtual bool in_slow_start() const = 0;
  virtual bool in_recovery() const = 0;
  virtual uint64_t slow_start_threshold() const = 0;
  virtual uint64_t max_datagram_size() const = 0;
  // For logs, qlog and experiments: the controller's state ("slow_start", "recovery",
  // "congestion_avoidance", or a model-based controller's own states) and its bandwidth
  // estimate (zero for controllers that keep none).
  virtual std::string_view state_name() const {
    if (in_recovery()) return "recovery";
    return in_slow_start() ? "slow_start" : "congestion_avoidance";
  }
  virtual Bandwidth bandwidth_estimate() const { return Bandwidth::zero(); }
  // A model-based controller's own round-trip propagation delay estimate (BBR's windowed
  // min_rtt, which may differ from the connection's lifetime min_rtt); zero when it keeps none.
  virtual Duration min_rtt_estimate() const { return Duration::zero(); }
};

}  // namespace quasar
