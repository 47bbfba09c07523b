// LossDetection: the sender side of RFC 9002 for one connection. Tracks sent packets per packet
// number space, processes ACK frames (newly acknowledged, lost and spuriously lost packets),
// runs the loss detection / PTO timer, and feeds the RTT estimator, the delivery-rate sampler,
// ECN validation and the congestion controller (RFC 9002 §5-§7, Appendix A).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/base/ecn.h"
#include "quic/base/encryption_level.h"
#include "quic/base/result.h"
#include "quic/base/role.h"
#include "quic/base/time.h"
#include "quic/cc/congestion_controller.h"
#include "quic/cc/delivery_rate_sampler.h"
#include "quic/recovery/ack_ranges.h"
#include "quic/recovery/ecn_validator.h"
#include "quic/recovery/persistent_congestion.h"
#include "quic/recovery/recovery_constants.h"
#include "quic/recovery/rtt_estimator.h"
#include "quic/recovery/sent_frame.h"
#include "quic/recovery/sent_packet.h"
#include "quic/recovery/sent_packet_map.h"

namespace quasar {

// Receives the frames of packets whose fate is known. Lost frames are queued for
// retransmission by the implementation (RFC 9000 §13.3); acknowledged frames release data.
class SentPacketVisitor {
 public:
  virtual ~SentPacketVisitor() = default;
  // `was_declared_lost`: the packet had been declared lost before (a spurious loss); its
  // frames were handed to on_packet_lost() already and may be queued for retransmission.
  virtual void on_packet_acked(PacketNumberSpace space, const SentPacket& packet,
                               std::span<const SentFrame> frames, bool was_declared_lost) = 0;
  virtual void on_packet_lost(PacketNumberSpace space, const SentPacket& packet,
                              std::span<const SentFrame> frames) = 0;
};

struct LossDetectionConfig {
  Duration initial_rtt = kInitialRtt;
  bool ecn = true;                  // try ECN on the path (RFC 9000 §13.4)
  uint32_t pto_probe_packets = 2;   // RFC 9002 §6.2.4: one or two probes per PTO
  bool adaptive_reordering = true;  // raise thresholds after spurious losses (RFC 9002 §6.1)
  size_t initial_packet_capacity = 256;
  size_t initial_frame_capacity = 1024;
};

// What one ACK frame did.
struct AckResult {
  uint64_t newly_acked_packets = 0;
  uint64_t newly_acked_bytes = 0;  // of in-flight packets
  uint64_t lost_packets = 0;
  uint64_t lost_bytes = 0;
  uint64_t spurious_losses = 0;
  bool largest_newly_acked = false;
  bool rtt_updated = false;
  bool persistent_congestion = false;
  uint64_t ce_increase = 0;
};

// What the loss detection timer asked for (RFC 9002 Appendix A.9).
struct TimeoutResult {
  enum class Action : uint8_t {
    kNone,          // not due yet, or nothing to do
    kLossDetected,  // time-threshold losses were declared (frames went to the visitor)
    kSendProbes,    // send probe_packets ack-eliciting packets in `space`
  };
  Action action = Action::kNone;
  PacketNumberSpace space = PacketNumberSpace::kInitial;
  uint32_t probe_packets = 0;
  // A client without ack-eliciting packets in flight: send a Handshake packet, or an Initial
  // in a datagram padded to 1200 bytes (RFC 9002 §6.2.2.1).
  bool anti_deadlock = false;
  uint64_t lost_packets = 0;
};

struct LossDetectionStats {
  uint64_t packets_sent = 0;
  uint64_t packets_acked = 0;
  // In-flight packets declared lost (not ACK-only packets, not PMTU probes), and of those
  // the ones acknowledged later.
  uint64_t packets_lost = 0;
  uint64_t bytes_lost = 0;
  uint64_t spurious_losses = 0;
  uint64_t pto_count = 0;  // PTO expirations over the connection
  uint64_t persistent_congestion = 0;
};

class LossDetection {
 public:
  // `cc` may be null (no congestion control, e.g. in tests of loss detection alone) and must
  // outlive this object or be replaced with set_congestion_controller().
  LossDetection(Role role, CongestionController* cc, const LossDetectionConfig& config = {});

  void set_congestion_controller(CongestionController* cc) { cc_ = cc; }

  // Facts about the handshake, taken as inputs (RFC 9002 §6.2.2.1, Appendix A.6).
  void on_handshake_confirmed(Instant now);
  void on_handshake_keys_available() { has_handshake_keys_ = true; }
  // A server at its anti-amplification limit arms no PTO; receiving a datagram unblocks it and
  // the timer is re-armed (if it is then in the past, the caller runs the timeout at once).
  void set_amplification_limited(Instant now, bool limited);
  // The peer's max_ack_delay transport parameter.
  void set_peer_max_ack_delay(Duration max_ack_delay) { rtt_.set_max_ack_delay(max_ack_delay); }

  // RFC 9002 Appendix A.5 OnPacketSent. Packet numbers must increase within a space; the
  // frames are copied. Every packet is recorded, ACK-only ones too (RFC 9000 §13.2.4 needs
  // to know when they are acknowledged).
  Status on_packet_sent(Instant now, PacketNumberSpace space, const SentPacketParams& packet,
                        std::span<const SentFrame> frames);

  // RFC 9002 Appendix A.7 OnAckReceived. Newly acknowledged packets reach the visitor in
  // ascending packet number order, then the packets this ACK lets be declared lost. An ACK of
  // a packet never sent is a PROTOCOL_VIOLATION (RFC 9000 §13.1); malformed ranges are a
  // FRAME_ENCODING_ERROR. On error nothing has changed.
  Result<AckResult> on_ack_received(Instant now, PacketNumberSpace space, const ReceivedAck& ack,
                                    AckRangeSource ranges, SentPacketVisitor& visitor);

  // When on_loss_detection_timeout() must run next; infinite when no timer is armed.
  Instant loss_detection_timer() const { return timer_; }
  // RFC 9002 Appendix A.9 OnLossDetectionTimeout.
  TimeoutResult on_loss_detection_timeout(Instant now, SentPacketVisitor& visitor);

  // RFC 9002 §6.4: Initial or Handshake keys discarded: forget the space's packets, remove
  // them from bytes in flight without declaring them lost, reset the PTO backoff.
  void discard_space(Instant now, PacketNumberSpace space);
  // RFC 9002 §6.4: 0-RTT rejected: its packets leave bytes in flight, and their frames go to
  // the visitor as lost (to resend in 1-RTT) without any congestion response.
  void on_zero_rtt_rejected(Instant now, SentPacketVisitor& visitor);
  // RFC 9002 §6.3: a Retry means the Initial (and any 0-RTT) packets were not processed. Their
  // frames go to the visitor as lost, to be sent again, without a congestion response, and the
  // PTO backoff and timers restart. (The connection may also start a fresh congestion
  // controller.)
  void on_retry_received(Instant now, SentPacketVisitor& visitor);

  // The connection has window and pacing room but nothing to send (RFC 9002 §7.8).
  void on_app_limited();

  // The ECN codepoint to mark the next datagram with.
  Ecn ecn_codepoint_to_send() const { return ecn_.codepoint_to_send(); }
  // Probes still owed after a PTO in `space`: they may exceed the congestion window
  // (RFC 9002 §7.5). Sending an ack-eliciting packet in the space counts one.
  uint32_t probes_pending(PacketNumberSpace space) const {
    return spaces_[index(space)].probes_pending;
  }

  uint64_t bytes_in_flight() const { return bytes_in_flight_; }
  bool has_ack_eliciting_in_flight(PacketNumberSpace space) const {
    return spaces_[index(space)].ack_eliciting_in_flight != 0;
  }
  bool has_largest_acked(PacketNumberSpace space) const {
    return spaces_[index(space)].has_largest_acked;
  }
  uint64_t largest_acked(PacketNumberSpace space) const {
    return spaces_[index(space)].largest_acked;
  }
  Instant loss_time(PacketNumberSpace space) const { return spaces_[index(space)].loss_time; }
  uint32_t pto_count() const { return pto_count_; }
  uint64_t packet_threshold() const { return packet_threshold_; }
  // The time threshold multiplier (9/8 initially).
  double time_threshold() const {
    return static_cast<double>(time_threshold_numerator_) / kTimeThresholdDenominator;
  }
  bool handshake_confirmed() const { return handshake_confirmed_; }
  // RFC 9002 Appendix A.6 PeerCompletedAddressValidation.
  bool peer_completed_address_validation() const {
    return role_ == Role::kServer || handshake_ack_received_ || handshake_confirmed_;
  }

  RttEstimator& rtt() { return rtt_; }
  const RttEstimator& rtt() const { return rtt_; }
  const EcnValidator& ecn() const { return ecn_; }
  EcnValidator& ecn() { return ecn_; }
  const DeliveryRateSampler& delivery_rate() const { return sampler_; }
  const SentPacketMap& sent_packets(PacketNumberSpace space) const {
    return spaces_[index(space)].sent;
  }
  // RFC 9002 §6.2.4: probes may carry data already in flight. Calls fn(packet, frames) for the
  // oldest `max_packets` ack-eliciting packets of `space` that are neither acknowledged nor
  // declared lost, oldest first.
  template <typename Fn>
  void visit_oldest_in_flight(PacketNumberSpace space, size_t max_packets, Fn&& fn) {
    SentPacketMap& sent = spaces_[index(space)].sent;
    size_t visited = 0;
    for (uint64_t pn = sent.next_outstanding(sent.first());
         pn < sent.end() && visited < max_packets; pn = sent.next_outstanding(pn + 1)) {
      const SentPacket* packet = sent.find(pn);
      if (packet == nullptr || !packet->ack_eliciting) continue;
      fn(*packet, sent.frames(*packet));
      ++visited;
    }
  }
  const LossDetectionStats& stats() const { return stats_; }

 private:
  struct Space {
    explicit Space(const LossDetectionConfig& config)
        : sent(config.initial_packet_capacity, config.initial_frame_capacity) {}
    SentPacketMap sent;
    bool has_largest_acked = false;
    uint64_t largest_acked = 0;
    Instant loss_time = Instant::infinite_future();  // infinite: none (RFC's 0)
    Instant time_of_last_ack_eliciting;
    uint64_t ack_eliciting_in_flight = 0;
    uint64_t bytes_in_flight = 0;
    uint32_t probes_pending = 0;
    bool discarded = false;
    // Packet numbers deliberately skipped recently (RFC 9000 §21.4): acknowledging one is a
    // PROTOCOL_VIOLATION.
    std::array<uint64_t, 8> skipped{};
    size_t skipped_count = 0;
    size_t skipped_next = 0;
  };
  struct LossSummary {
    uint64_t packets = 0;
    uint64_t in_flight_bytes = 0;
    bool persistent_congestion = false;
  };

  static size_t index(PacketNumberSpace space) { return static_cast<size_t>(space); }
  Space& space(PacketNumberSpace s) { return spaces_[index(s)]; }
  bool any_ack_eliciting_in_flight() const;

  Status collect_ranges(const Space& s, const ReceivedAck& ack, AckRangeSource& ranges);
  // RFC 9002 Appendix A.10 DetectAndRemoveLostPackets (lost packets are kept, marked lost).
  LossSummary detect_lost_packets(Instant now, PacketNumberSpace space, SentPacketVisitor& visitor);
  void on_spurious_loss(Instant now, const SentPacket& packet);
  // Removes outstanding packets from flight and hands their frames back as lost, with no
  // congestion or reordering signal (0-RTT rejected, Retry).
  void drop_without_loss_signal(PacketNumberSpace space, bool zero_rtt_only,
                                SentPacketVisitor& visitor);
  // RFC 9002 Appendix A.8.
  Instant earliest_loss_time(PacketNumberSpace& space) const;
  Instant pto_time(Instant now, PacketNumberSpace& space) const;
  void set_loss_detection_timer(Instant now);
  void reclaim(Instant now);

  Role role_;
  CongestionController* cc_;
  LossDetectionConfig config_;
  RttEstimator rtt_;
  DeliveryRateSampler sampler_;
  EcnValidator ecn_;
  std::array<Space, kPacketNumberSpaceCount> spaces_;
  uint64_t bytes_in_flight_ = 0;
  uint32_t pto_count_ = 0;
  Instant timer_ = Instant::infinite_future();
  uint64_t packet_threshold_ = kPacketThreshold;
  int64_t time_threshold_numerator_ = kTimeThresholdNumerator;
  bool handshake_confirmed_ = false;
  bool has_handshake_keys_ = false;
  bool handshake_ack_received_ = false;
  bool amplification_limited_ = false;
  LossDetectionStats stats_;
  // Reused per ACK: no allocation once grown to the largest ACK seen.
  std::vector<AckRange> ranges_scratch_;
  std::vector<AckedPacketEvent> acked_scratch_;
  std::vector<LostPacketTiming> lost_scratch_;
};

}  // namespace quasar
