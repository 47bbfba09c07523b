// DatagramPool: the store of datagrams in flight. Slots and their byte buffers are recycled,
// so once the pool has grown to the peak number in flight, moving a datagram through the
// network allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/base/ecn.h"
#include "quic/base/socket_address.h"
#include "quic/base/time.h"

namespace quasar::sim {

// One datagram on its way, with where it is on its route.
struct PooledDatagram {
  SocketAddress from;  // the sender as the receiver will see it (after NAT)
  SocketAddress to;
  Ecn ecn = Ecn::kNotEct;
  bool corrupted = false;
  bool duplicate = false;
  uint32_t route = 0;  // the simulator's route index
  uint32_t hop = 0;    // which link of the route it is on
  Instant sent;        // when it was offered to its current link
  uint64_t link_index = 0;
  std::vector<uint8_t> bytes;  // capacity kept across reuse

  size_t size() const { return bytes.size(); }
};

class DatagramPool {
 public:
  using Handle = uint32_t;

  // Takes a free slot holding a copy of `bytes`. When none is free the pool doubles (new
  // slots sized for the largest datagram seen), invalidating references from get().
  Handle acquire(std::span<const uint8_t> bytes);
  PooledDatagram& get(Handle handle) { return slots_[handle]; }
  const PooledDatagram& get(Handle handle) const { return slots_[handle]; }
  void release(Handle handle);

  // Creates free slots up to `slots` in all, each able to hold `bytes_each` bytes, so that
  // even the first datagrams in flight allocate nothing.
  void reserve(size_t slots, size_t bytes_each);

  size_t in_use() const { return slots_.size() - free_.size(); }
  // The most datagrams in flight at once so far.
  size_t peak_in_use() const { return peak_in_use_; }
  // Slots created (reserved or grown into).
  size_t capacity() const { return slots_.size(); }

 private:
  std::vector<PooledDatagram> slots_;
  std::vector<Handle> free_;  // most recently released first out, to keep buffers warm
  size_t peak_in_use_ = 0;
  size_t largest_datagram_ = 0;
};

}  // namespace quasar::sim
