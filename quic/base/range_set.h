// RangeSet: a sorted set of disjoint half-open ranges of uint64 (ACK ranges, received
// stream offsets, bytes to retransmit). Appending at the top, the common case, is O(1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace quasar {

struct Range {
  uint64_t start = 0;  // first value in the range
  uint64_t end = 0;    // one past the last value
  uint64_t size() const { return end - start; }
  friend bool operator==(const Range&, const Range&) = default;
};

class RangeSet {
 public:
  using const_iterator = std::vector<Range>::const_iterator;
  using const_reverse_iterator = std::vector<Range>::const_reverse_iterator;

  // Adds [start, end). Returns the number of values that were not already present.
  uint64_t add(uint64_t start, uint64_t end);
  uint64_t add(uint64_t value) { return add(value, value + 1); }
  // Removes [start, end). Returns the number of values that were present.
  uint64_t remove(uint64_t start, uint64_t end);
  // Removes every value below `value`.
  void remove_below(uint64_t value);
  // Drops the lowest range (used to bound how many ranges are kept).
  void pop_lowest() {
    if (!ranges_.empty()) ranges_.erase(ranges_.begin());
  }
  void clear() { ranges_.clear(); }
  void reserve(size_t ranges) { ranges_.reserve(ranges); }

  bool contains(uint64_t value) const;
  // True if every value of [start, end) is present.
  bool contains(uint64_t start, uint64_t end) const;
  bool empty() const { return ranges_.empty(); }
  size_t range_count() const { return ranges_.size(); }
  // Total number of values in the set.
  uint64_t value_count() const;
  // Smallest and largest values; the set must not be empty.
  uint64_t min() const { return ranges_.front().start; }
  uint64_t max() const { return ranges_.back().end - 1; }
  const Range& lowest() const { return ranges_.front(); }
  const Range& highest() const { return ranges_.back(); }
  const Range& operator[](size_t i) const { return ranges_[i]; }

  const_iterator begin() const { return ranges_.begin(); }
  const_iterator end() const { return ranges_.end(); }
  // Highest range first, the order ACK frames list them in.
  const_reverse_iterator rbegin() const { return ranges_.rbegin(); }
  const_reverse_iterator rend() const { return ranges_.rend(); }

  friend bool operator==(const RangeSet&, const RangeSet&) = default;

 private:
  std::vector<Range> ranges_;  // ascending, disjoint, non-adjacent
};

}  // namespace quasar
