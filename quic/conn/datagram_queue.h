// DatagramQueue: a bounded FIFO of DATAGRAM payloads (RFC 9221) that drops its oldest entry when
// full and reuses its slots' storage, so steady traffic allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace quasar {

class DatagramQueue {
 public:
  explicit DatagramQueue(size_t capacity) : slots_(capacity == 0 ? 1 : capacity) {}

  // Appends a copy of `payload`; returns false when the oldest entry had to make room.
  bool push(std::span<const uint8_t> payload);
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return slots_.size(); }
  std::span<const uint8_t> front() const { return slots_[head_]; }
  void pop();
  // Swaps the oldest payload into `out` and drops it from the queue; `out`'s previous storage
  // becomes the slot's, so reading into one reused vector allocates nothing in steady state.
  // False, leaving `out` as it was, when the queue is empty.
  bool take(std::vector<uint8_t>& out);

 private:
  std::vector<std::vector<uint8_t>> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace quasar
