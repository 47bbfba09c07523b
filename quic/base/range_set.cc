// RangeSet: insertion and removal keep ranges sorted, disjoint and non-adjacent.
#include "quic/base/range_set.h"

#include <algorithm>

namespace quasar {

uint64_t RangeSet::add(uint64_t start, uint64_t end) {
  if (start >= end) return 0;
  // Fast path: at or beyond the top, where received packet numbers and in-order data land.
  if (ranges_.empty() || start > ranges_.back().end) {
    ranges_.push_back({start, end});
    return end - start;
  }
  if (start >= ranges_.back().start) {
    Range& top = ranges_.back();
    const uint64_t added = end > top.end ? end - top.end : 0;
    top.end = std::max(top.end, end);
    return added;
  }
  // First range whose end reaches `start` (touching counts: ranges merge when adjacent).
  auto first = std::lower_bound(ranges_.begin(), ranges_.end(), start,
                                [](const Range& r, uint64_t v) { return r.end < v; });
  // One past the last range whose start is within `end`.
  auto last = std::upper_bound(first, ranges_.end(), end,
                               [](uint64_t v, const Range& r) { return v < r.start; });
  if (first == last) {
    ranges_.insert(first, {start, end});
    return end - start;
  }
  uint64_t covered = 0;
  for (auto it = first; it != last; ++it) {
    covered += std::min(it->end, end) - std::max(it->start, start);
  }
  const Range merged{std::min(start, first->start), std::max(end, (last - 1)->end)};
  *first = merged;
  ranges_.erase(first + 1, last);
  return (end - start) - covered;
}

uint64_t RangeSet::remove(uint64_t start, uint64_t end) {
  if (start >= end || ranges_.empty()) return 0;
  auto first = std::upper_bound(ranges_.begin(), ranges_.end(), start,
                                [](uint64_t v, const Range& r) { return v < r.end; });
  uint64_t removed = 0;
  auto it = first;
  while (it != ranges_.end() && it->start < end) {
    const uint64_t lo = std::max(it->start, start);
    const uint64_t hi = std::min(it->end, end);
    removed += hi - lo;
    if (it->start < start && it->end > end) {
      // Split one range in two.
      const Range upper{end, it->end};
      it->end = start;
      ranges_.insert(it + 1, upper);
      return removed;
    }
    if (it->start < start) {
      it->end = start;
      ++it;
    } else if (it->end > end) {
      it->start = end;
      break;
    } else {
      it = ranges_.erase(it);
    }
  }
  return removed;
}

void RangeSet::remove_below(uint64_t value) {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), value,
                             [](uint64_t v, const Range& r) { return v < r.end; });
  ranges_.erase(ranges_.begin(), it);
  if (!ranges_.empty() && ranges_.front().start < value) ranges_.front().start = value;
}

bool RangeSet::contains(uint64_t value) const { return contains(value, value + 1); }

bool RangeSet::contains(uint64_t start, uint64_t end) const {
  if (start >= end) return true;
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), start,
                             [](uint64_t v, const Range& r) { return v < r.end; });
  return it != ranges_.end() && it->start <= start && it->end >= end;
}

uint64_t RangeSet::value_count() const {
  uint64_t total = 0;
  for (const Range& r : ranges_) total += r.size();
  return total;
}

}  // namespace quasar
