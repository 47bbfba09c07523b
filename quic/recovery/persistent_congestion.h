// Persistent congestion (RFC 9002 §7.6): whether the packets declared lost together span, with
// nothing acknowledged in between, more than the persistent congestion duration.
#pragma once

#include <cstdint>
#include <span>

#include "quic/base/time.h"
#include "quic/recovery/sent_packet_map.h"

namespace quasar {

// A packet declared lost, as the check needs it.
struct LostPacketTiming {
  uint64_t packet_number = 0;
  Instant time_sent;
  bool ack_eliciting = false;
};

// RFC 9002 §7.6.2: true if two ack-eliciting packets among `lost` (ascending packet numbers of
// one space, all declared lost by the same ACK or timeout), both sent after the first RTT
// sample, are more than `duration` apart in send time and no packet between them was
// acknowledged. Only the acknowledging space is consulted, as §7.6.2 permits.
bool establishes_persistent_congestion(std::span<const LostPacketTiming> lost, Duration duration,
                                       Instant first_rtt_sample, const SentPacketMap& sent);

}  // namespace quasar
