// MaxBwFilter: BBR.max_bw, the largest delivery rate sampled in the current or the previous
// ProbeBW cycle (draft-ietf-ccwg-bbr §5.5.3-§5.5.6).
#pragma once

#include <algorithm>

#include "quic/base/time.h"

namespace quasar::bbr2 {

// The window is BBR.MaxBwFilterLen = 2 cycles of virtual time (BBR.cycle_count), so two slots
// are enough: the cycle in progress and the one before it.
class MaxBwFilter {
 public:
  void update(Bandwidth sample) { current_ = std::max(current_, sample); }
  // AdvanceMaxBwFilter: a new cycle starts; samples older than the previous cycle expire. A
  // cycle that produced no sample does not advance the filter: like a windowed filter updated
  // only by samples, it keeps the last estimate rather than dropping to zero.
  void advance() {
    if (current_.is_zero()) return;
    previous_ = current_;
    current_ = Bandwidth::zero();
  }
  Bandwidth best() const { return std::max(current_, previous_); }

 private:
  Bandwidth current_ = Bandwidth::zero();
  Bandwidth previous_ = Bandwidth::zero();
};

}  // namespace quasar::bbr2
