// DeliveryRateSampler: the draft-ietf-ccwg-bbr §4.1.2 pseudocode over quasar's time types.
#include "quic/cc/delivery_rate_sampler.h"

#include <algorithm>

namespace quasar {

PacketDeliveryState DeliveryRateSampler::on_packet_sent(Instant now,
                                                        uint64_t bytes_in_flight_before,
                                                        uint64_t bytes) {
  // With nothing in flight the interval starts now: any later ACK shows the network delivered
  // this data within it.
  if (bytes_in_flight_before == 0) first_send_time_ = delivered_time_ = now;
  inflight_ = bytes_in_flight_before + bytes;
  PacketDeliveryState state;
  state.first_send_time = first_send_time_;
  state.delivered_time = delivered_time_;
  state.delivered = delivered_;
  state.is_app_limited = app_limited_until_ != 0;
  state.tx_in_flight = inflight_;
  state.lost = lost_;
  state.pending = true;
  return state;
}

void DeliveryRateSampler::begin_ack() {
  // Losses declared by the loss timer since the previous ACK belong to this ACK's sample.
  const uint64_t lost_since_last_ack = sample_.newly_lost;
  sample_ = RateSample{};
  sample_.newly_lost = lost_since_last_ack;
}

void DeliveryRateSampler::on_packet_acked(Instant now, uint64_t packet_number, Instant time_sent,
                                          uint64_t bytes, PacketDeliveryState& state) {
  if (!state.pending) return;  // already counted
  delivered_ += bytes;
  delivered_time_ = now;
  sample_.newly_acked += bytes;
  // IsNewestPacket: the most recently sent of the packets this ACK delivers.
  const bool newest = time_sent > first_send_time_ ||
                      (time_sent == first_send_time_ && packet_number > sample_.last_acked_packet);
  if (!sample_.has_data || newest) {
    sample_.has_data = true;
    sample_.prior_delivered = state.delivered;
    sample_.prior_time = state.delivered_time;
    sample_.is_app_limited = state.is_app_limited;
    sample_.send_elapsed = time_sent - state.first_send_time;
    sample_.ack_elapsed = delivered_time_ - state.delivered_time;
    sample_.last_acked_packet = packet_number;
    sample_.tx_in_flight = state.tx_in_flight;
    sample_.lost = state.lost;  // completed to C.lost - P.lost in end_ack()
    first_send_time_ = time_sent;
  }
  state.pending = false;
}

void DeliveryRateSampler::on_packet_lost(uint64_t bytes) {
  lost_ += bytes;
  sample_.newly_lost += bytes;
}

RateSample DeliveryRateSampler::end_ack(Duration min_rtt) {
  // The application-limited bubble has left the pipe once everything sent before it arrived.
  if (app_limited_until_ != 0 && delivered_ > app_limited_until_) app_limited_until_ = 0;
  RateSample rs = sample_;
  sample_.newly_lost = 0;  // reported now
  rs.total_delivered = delivered_;
  rs.total_lost = lost_;
  rs.connection_app_limited = app_limited_until_ != 0;
  if (!rs.has_data) return rs;  // nothing delivered on this ACK
  rs.lost = lost_ - rs.lost;
  rs.interval = std::max(rs.send_elapsed, rs.ack_elapsed);
  rs.delivered = delivered_ - rs.prior_delivered;
  // Normally interval >= min_rtt; a shorter one comes from ACK compression or a spurious
  // retransmission and would overestimate the rate.
  if (rs.interval < min_rtt || rs.interval.nanos() <= 0) return rs;
  rs.delivery_rate = Bandwidth::from_bytes_and_time(rs.delivered, rs.interval);
  rs.has_rate = true;
  return rs;
}

void DeliveryRateSampler::on_app_limited(uint64_t bytes_in_flight) {
  app_limited_until_ = std::max<uint64_t>(delivered_ + bytes_in_flight, 1);
}

}  // namespace quasar
