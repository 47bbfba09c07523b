// DatagramPool: a free list of reusable slots.
#include "quic/sim/datagram_pool.h"

#include <cassert>

namespace quasar::sim {

DatagramPool::Handle DatagramPool::acquire(std::span<const uint8_t> bytes) {
  Handle handle;
  if (free_.empty()) {
    handle = static_cast<Handle>(slots_.size());
    slots_.emplace_back();
    // Keep the free list able to hold every slot, so release() never allocates.
    free_.reserve(slots_.size());
  } else {
    handle = free_.back();
    free_.pop_back();
  }
  PooledDatagram& slot = slots_[handle];
  slot.bytes.assign(bytes.begin(), bytes.end());
  slot.corrupted = false;
  slot.duplicate = false;
  slot.hop = 0;
  return handle;
}

void DatagramPool::release(Handle handle) {
  assert(handle < slots_.size());
  free_.push_back(handle);
}

}  // namespace quasar::sim
