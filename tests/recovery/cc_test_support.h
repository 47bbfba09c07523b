// Helpers for congestion controller tests: deliver acknowledgments and losses as the loss
// detector would.
#pragma once

#include <cstdint>

#include "quic/cc/congestion_controller.h"
#include "recovery_test_support.h"

namespace quasar::test {

// Acknowledges one packet and closes the ACK frame.
inline void ack_one(CongestionController& cc, Instant now, uint64_t pn, uint64_t bytes,
                    Instant time_sent, Duration rtt = ms(100), bool app_limited = false) {
  cc.on_packet_acked(AckedPacketEvent{pn, bytes, time_sent, app_limited});
  AckEvent e;
  e.now = now;
  e.acked_bytes = bytes;
  e.largest_acked = pn;
  e.has_rtt_sample = true;
  e.latest_rtt = rtt;
  e.smoothed_rtt = rtt;
  e.min_rtt = rtt;
  cc.on_ack(e);
}

inline void lose(CongestionController& cc, Instant now, uint64_t bytes, Instant time_sent) {
  cc.on_congestion_event(LossEvent{now, bytes, time_sent, 0});
}

}  // namespace quasar::test
