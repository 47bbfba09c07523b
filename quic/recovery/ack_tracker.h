// AckTracker: the receive side of one packet number space. Records received packet numbers,
// detects duplicates, counts ECN marks and decides when an ACK frame is due (RFC 9000 §13.2).
#pragma once

#include <cstddef>
#include <cstdint>

#include "quic/base/ecn.h"
#include "quic/base/encryption_level.h"
#include "quic/base/range_set.h"
#include "quic/base/time.h"
#include "quic/recovery/ack_ranges.h"

namespace quasar {

struct AckTrackerConfig {
  // RFC 9000 §13.2.2: ACK after at least this many ack-eliciting packets.
  uint64_t ack_eliciting_threshold = 2;
  // Our max_ack_delay transport parameter (RFC 9000 §18.2).
  Duration max_ack_delay = Duration::from_millis(25);
  // RFC 9000 §13.2.3: ranges remembered (and so reported); the oldest are dropped beyond it.
  size_t max_ranges = 64;
};

class AckTracker {
 public:
  explicit AckTracker(PacketNumberSpace space, const AckTrackerConfig& config = {});

  // True for a packet already received, or one below the numbers still tracked: the
  // connection drops it without processing (RFC 9000 §12.3, §13.2.3).
  bool is_duplicate(uint64_t packet_number) const;
  // Records a packet that was processed. Returns false, changing nothing, for a duplicate.
  bool on_packet_received(Instant now, uint64_t packet_number, bool ack_eliciting, Ecn ecn);

  // True when an ACK frame must go out now: immediately-acknowledged packets arrived, enough
  // ack-eliciting packets accumulated, or the delayed-ACK deadline passed.
  bool should_send_ack(Instant now) const {
    return ack_eliciting_since_ack_ != 0 && (immediate_ || now >= deadline_);
  }
  // When the pending ACK is due (in the past if due now); infinite when no ack-eliciting
  // packet waits. For the connection's next_timeout().
  Instant ack_deadline() const {
    return ack_eliciting_since_ack_ == 0 ? Instant::infinite_future() : deadline_;
  }
  // Packets (ack-eliciting or not) arrived since the last ACK frame: an ACK may be bundled.
  bool has_unacknowledged() const { return unacknowledged_; }
  uint64_t ack_eliciting_since_last_ack() const { return ack_eliciting_since_ack_; }

  // What an ACK frame needs. Ranges are ascending; iterate rbegin() for the frame's order.
  const RangeSet& ranges() const { return received_; }
  bool has_received() const { return has_received_; }
  uint64_t largest_received() const { return largest_received_; }
  Instant largest_received_time() const { return largest_received_time_; }
  // RFC 9000 §13.2.5: time since the largest packet arrived. RFC 9000 §19.3: the encoded
  // field is that in microseconds >> ack_delay_exponent, and 0 in Initial and Handshake.
  Duration ack_delay(Instant now) const;
  uint64_t encoded_ack_delay(Instant now, uint64_t ack_delay_exponent) const;
  // RFC 9000 §13.4.1: ECN counts of received packets; send ACK_ECN when has_ecn_counts().
  const EcnCounts& ecn_counts() const { return ecn_; }
  bool has_ecn_counts() const { return ecn_.ect0 != 0 || ecn_.ect1 != 0 || ecn_.ce != 0; }

  // An ACK frame with the current state was sent: the pending ACK is satisfied.
  void on_ack_sent();
  // RFC 9000 §13.2.4: a packet carrying our ACK frame with this Largest Acknowledged was
  // acknowledged, so the peer has seen every range up to it: stop reporting them.
  void on_ack_frame_acked(uint64_t largest_acknowledged);

  // ACK frequency controls (e.g. from an ACK_FREQUENCY or IMMEDIATE_ACK frame).
  void set_ack_eliciting_threshold(uint64_t packets) { config_.ack_eliciting_threshold = packets; }
  void set_max_ack_delay(Duration delay) { config_.max_ack_delay = delay; }
  void request_immediate_ack() {
    if (ack_eliciting_since_ack_ != 0) immediate_ = true;
    immediate_requested_ = true;
  }
  PacketNumberSpace space() const { return space_; }
  // Packet numbers below this are no longer tracked and count as duplicates.
  uint64_t tracked_from() const { return floor_; }
  // Below the ranges the peer has seen acknowledged, the packet numbers received are still
  // remembered this far back, so that a packet arriving that late (e.g. over another path) is
  // accepted once and its duplicates refused (RFC 9000 §12.3, §13.2.3).
  static constexpr uint64_t kLatePacketWindow = 4096;

 private:
  // Everything below `floor` is forgotten: duplicates from now on.
  void raise_floor(uint64_t floor);

  PacketNumberSpace space_;
  AckTrackerConfig config_;
  RangeSet received_;         // what ACK frames report: from acked_floor_ up, and late packets
  RangeSet history_;          // received below acked_floor_, for duplicate detection only
  uint64_t acked_floor_ = 0;  // the peer saw our acknowledgment of everything below
  uint64_t floor_ = 0;        // below this every packet number counts as a duplicate
  bool has_received_ = false;
  uint64_t largest_received_ = 0;
  Instant largest_received_time_;
  bool has_ack_eliciting_ = false;
  uint64_t largest_ack_eliciting_ = 0;
  uint64_t ack_eliciting_since_ack_ = 0;
  bool unacknowledged_ = false;
  bool immediate_ = false;
  bool immediate_requested_ = false;
  Instant deadline_ = Instant::infinite_future();
  EcnCounts ecn_;
};

}  // namespace quasar
