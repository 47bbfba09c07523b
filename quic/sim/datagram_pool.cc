// DatagramPool: a free list of reusable slots.
#include "quic/sim/datagram_pool.h"

#include <algorithm>
#include <cassert>

namespace quasar::sim {
namespace {

constexpr size_t kInitialSlots = 16;

}  // namespace

DatagramPool::Handle DatagramPool::acquire(std::span<const uint8_t> bytes) {
  largest_datagram_ = std::max(largest_datagram_, bytes.size());
  if (free_.empty()) {
    // Doubling keeps growth to a few steps however high the peak in flight climbs.
    reserve(std::max<size_t>(kInitialSlots, 2 * slots_.size()), largest_datagram_);
  }
  const Handle handle = free_.back();
  free_.pop_back();
  if (in_use() > peak_in_use_) peak_in_use_ = in_use();
  PooledDatagram& slot = slots_[handle];
  slot.bytes.assign(bytes.begin(), bytes.end());
  slot.corrupted = false;
  slot.duplicate = false;
  slot.hop = 0;
  return handle;
}

void DatagramPool::reserve(size_t slots, size_t bytes_each) {
  if (slots <= slots_.size()) return;
  const size_t first_new = slots_.size();
  slots_.resize(slots);
  free_.reserve(slots);
  // Pushed in reverse so the lowest new slot is handed out first.
  for (size_t i = slots; i-- > first_new;) {
    slots_[i].bytes.reserve(bytes_each);
    free_.push_back(static_cast<Handle>(i));
  }
}

void DatagramPool::release(Handle handle) {
  assert(handle < slots_.size());
  free_.push_back(handle);
}

}  // namespace quasar::sim
