// Delivery-rate sampling records: the per-packet snapshot taken at send time and the per-ACK
// rate sample (draft-ietf-ccwg-bbr §4.1.2).
#pragma once

#include <cstdint>

#include "quic/base/time.h"

namespace quasar {

// draft-ietf-ccwg-bbr "Per-packet (P) state": what the sampler knew when the packet left.
struct PacketDeliveryState {
  uint64_t delivered = 0;       // P.delivered: C.delivered at send time
  uint64_t lost = 0;            // P.lost: C.lost at send time
  uint64_t tx_in_flight = 0;    // P.tx_in_flight: bytes in flight right after sending P
  Instant delivered_time;       // P.delivered_time
  Instant first_send_time;      // P.first_send_time
  bool is_app_limited = false;  // P.is_app_limited
  bool pending = false;         // false once the packet has been counted as delivered
};

// draft-ietf-ccwg-bbr "Rate Sample (rs) Output", computed once per ACK frame.
struct RateSample {
  Bandwidth delivery_rate;         // RS.delivery_rate; zero when no reliable sample
  bool has_rate = false;           // true when delivery_rate is a usable sample
  bool is_app_limited = false;     // RS.is_app_limited
  Duration interval;               // RS.interval = max(send_elapsed, ack_elapsed)
  uint64_t delivered = 0;          // RS.delivered over the interval
  uint64_t prior_delivered = 0;    // RS.prior_delivered
  Instant prior_time;              // RS.prior_time
  Duration send_elapsed;           // RS.send_elapsed
  Duration ack_elapsed;            // RS.ack_elapsed
  uint64_t last_acked_packet = 0;  // RS.last_acked_packet_id
  uint64_t tx_in_flight = 0;       // RS.tx_in_flight of the newest acknowledged packet
  uint64_t lost = 0;               // RS.lost: bytes lost between its send and its ACK
  uint64_t newly_acked = 0;        // RS.newly_acked on this ACK
  uint64_t newly_lost = 0;         // RS.newly_lost since the previous ACK (timer losses too)
  bool has_data = false;           // at least one packet was newly delivered on this ACK
  // The connection's totals after this ACK, so a controller can follow C.delivered, C.lost
  // and C.app_limited without reaching into the sampler.
  uint64_t total_delivered = 0;         // C.delivered
  uint64_t total_lost = 0;              // C.lost
  bool connection_app_limited = false;  // C.app_limited != 0: the bubble is still in flight
};

}  // namespace quasar
