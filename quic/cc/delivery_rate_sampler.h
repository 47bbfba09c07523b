// DeliveryRateSampler: per-connection delivery-rate estimation and application-limited
// tracking (draft-ietf-ccwg-bbr §4.1.2), shared by every congestion controller.
#pragma once

#include <cstdint>

#include "quic/base/time.h"
#include "quic/cc/rate_sample.h"

namespace quasar {

class DeliveryRateSampler {
 public:
  // OnPacketSent: snapshots the connection's delivery state into the packet's record.
  // `bytes_in_flight_before` excludes the packet, which carries `bytes`.
  PacketDeliveryState on_packet_sent(Instant now, uint64_t bytes_in_flight_before, uint64_t bytes);

  // Per ACK frame: begin_ack(), on_packet_acked() / on_packet_lost() for each packet it newly
  // acknowledges or lets be declared lost, then end_ack() for the rate sample. Packets the loss
  // timer declares lost between ACK frames count in the next sample's newly_lost.
  void begin_ack();  // InitRateSample
  // UpdateRateSample; clears `state.pending` so a packet is never counted twice.
  void on_packet_acked(Instant now, uint64_t packet_number, Instant time_sent, uint64_t bytes,
                       PacketDeliveryState& state);
  void on_packet_lost(uint64_t bytes);
  // GenerateRateSample. `min_rtt` filters implausibly short intervals (zero: no filter).
  RateSample end_ack(Duration min_rtt);

  // MarkConnectionAppLimited: the sender ran out of data with window and pacing room left; the
  // samples of the next round trip are flagged application-limited.
  void on_app_limited(uint64_t bytes_in_flight);

  uint64_t delivered() const { return delivered_; }
  uint64_t lost() const { return lost_; }
  Instant delivered_time() const { return delivered_time_; }
  bool app_limited() const { return app_limited_until_ != 0; }

 private:
  // C.* state.
  uint64_t delivered_ = 0;
  uint64_t lost_ = 0;
  Instant delivered_time_;
  Instant first_send_time_;
  uint64_t app_limited_until_ = 0;  // C.app_limited
  uint64_t inflight_ = 0;           // as of the last send
  // RS being built for the current ACK.
  RateSample sample_;
};

}  // namespace quasar
