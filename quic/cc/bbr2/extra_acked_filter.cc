// ExtraAckedFilter: the UpdateACKAggregation pseudocode of draft-ietf-ccwg-bbr §5.5.9.
#include "quic/cc/bbr2/extra_acked_filter.h"

#include <algorithm>

namespace quasar::bbr2 {

void ExtraAckedFilter::update(Instant now, Bandwidth bw, uint64_t newly_acked, uint64_t cwnd,
                              uint64_t round_count, bool full_bw_reached) {
  uint64_t expected = bw.bytes_in(now - interval_start_);
  // The ACK rate fell to the expected rate or below: the aggregation episode is over.
  if (interval_delivered_ <= expected) {
    interval_delivered_ = 0;
    interval_start_ = now;
    expected = 0;
  }
  interval_delivered_ += newly_acked;
  const uint64_t extra =
      std::min(interval_delivered_ - std::min(interval_delivered_, expected), cwnd);
  filter_.set_window(full_bw_reached ? kExtraAckedFilterLen : 1);
  filter_.update(extra, round_count);
}

}  // namespace quasar::bbr2
