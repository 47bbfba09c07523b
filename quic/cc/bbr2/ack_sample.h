// AckSample: what one ACK tells BBR — the draft's per-ACK rate sample (RS) as BBR reads it
// (draft-ietf-ccwg-bbr §2.3, §4.1.2.1.3).
#pragma once

#include <cstdint>

#include "quic/base/time.h"

namespace quasar::bbr2 {

struct AckSample {
  Instant now;
  Bandwidth delivery_rate = Bandwidth::zero();  // RS.delivery_rate; zero: no sample
  uint64_t delivered = 0;                       // RS.delivered
  uint64_t prior_delivered = 0;                 // RS.prior_delivered (P.delivered)
  uint64_t newly_acked = 0;                     // RS.newly_acked
  uint64_t tx_in_flight = 0;                    // RS.tx_in_flight
  uint64_t lost = 0;                            // RS.lost, CE-marked data included
  bool is_app_limited = false;                  // RS.is_app_limited
  bool has_rtt = false;                         // false: RS.rtt = -1
  Duration rtt;                                 // RS.rtt
};

// C.lost and C.delivered at the start of an interval, to measure the interval's loss rate.
struct LossMark {
  uint64_t lost = 0;
  uint64_t delivered = 0;
};

}  // namespace quasar::bbr2
