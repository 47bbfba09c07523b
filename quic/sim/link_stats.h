// LinkStats: the counters of one one-way link: traffic offered and delivered, drops by cause,
// impairments applied, and queue occupancy and queueing delay over time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quic/base/time.h"

namespace quasar::sim {

struct LinkStats {
  // Payload bytes; the configured per-datagram overhead is not counted here.
  uint64_t offered_datagrams = 0;
  uint64_t offered_bytes = 0;
  // Arrivals at the far end, duplicates included (so delivered can exceed offered).
  uint64_t delivered_datagrams = 0;
  uint64_t delivered_bytes = 0;

  uint64_t dropped_pattern = 0;
  uint64_t dropped_blackhole = 0;
  uint64_t dropped_mtu = 0;
  uint64_t dropped_loss = 0;
  uint64_t dropped_queue = 0;
  uint64_t dropped_unroutable = 0;

  uint64_t duplicated = 0;
  uint64_t corrupted = 0;
  uint64_t reordered = 0;  // held back by the explicit reorder delay
  uint64_t ce_marked = 0;
  uint64_t ecn_bleached = 0;

  // Queue (rate-limited links only). Occupancy counts datagrams waiting or in serialisation,
  // in packets and in wire bytes (payload + overhead).
  size_t max_queue_packets = 0;
  size_t max_queue_bytes = 0;
  uint64_t queued_datagrams = 0;                     // datagrams that went through the queue
  Duration total_queueing_delay = Duration::zero();  // waits before serialisation began
  Duration max_queueing_delay = Duration::zero();
  // Integrals of occupancy over [since, until], for time averages.
  double queue_packet_nanos = 0;
  double queue_byte_nanos = 0;
  Instant since;
  Instant until;

  uint64_t dropped() const {
    return dropped_pattern + dropped_blackhole + dropped_mtu + dropped_loss + dropped_queue +
           dropped_unroutable;
  }
  // Mean wait of a datagram before its serialisation began: the RTT inflation the queue adds.
  Duration mean_queueing_delay() const {
    if (queued_datagrams == 0) return Duration::zero();
    return total_queueing_delay / static_cast<int64_t>(queued_datagrams);
  }
  // Time-averaged occupancy over [since, until].
  double mean_queue_packets() const { return average(queue_packet_nanos); }
  double mean_queue_bytes() const { return average(queue_byte_nanos); }

 private:
  double average(double area) const {
    const int64_t span = (until - since).nanos();
    return span > 0 ? area / static_cast<double>(span) : 0.0;
  }
};

}  // namespace quasar::sim
