// ExtraAckedFilter: BBR.extra_acked, the recent degree of ACK aggregation — data acknowledged
// beyond what the bandwidth estimate explains — as a windowed max over round trips
// (draft-ietf-ccwg-bbr §5.5.9).
#pragma once

#include <cstdint>

#include "quic/base/time.h"
#include "quic/base/windowed_filter.h"
#include "quic/cc/bbr2/constants.h"

namespace quasar::bbr2 {

class ExtraAckedFilter {
 public:
  // Starts an aggregation interval now (initialization and restart from idle).
  void restart_interval(Instant now) { interval_start_ = now; }
  // UpdateACKAggregation: `newly_acked` bytes arrived at `now`; the window is one round in
  // Startup (`full_bw_reached` false) and BBR.ExtraAckedFilterLen rounds after.
  void update(Instant now, Bandwidth bw, uint64_t newly_acked, uint64_t cwnd, uint64_t round_count,
              bool full_bw_reached);

  uint64_t extra_acked() const { return filter_.has_sample() ? filter_.best() : 0; }

 private:
  Instant interval_start_;
  uint64_t interval_delivered_ = 0;  // BBR.extra_acked_delivered
  WindowedMaxFilter<uint64_t, uint64_t, uint64_t> filter_{kExtraAckedFilterLen};
};

}  // namespace quasar::bbr2
