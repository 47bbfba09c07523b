// DatagramQueue: ring buffer of payload slots.
#include "quic/conn/datagram_queue.h"

#include <utility>

namespace quasar {

bool DatagramQueue::push(std::span<const uint8_t> payload) {
  bool kept_all = true;
  if (size_ == slots_.size()) {
    pop();
    kept_all = false;
  }
  std::vector<uint8_t>& slot = slots_[(head_ + size_) % slots_.size()];
  slot.assign(payload.begin(), payload.end());
  ++size_;
  return kept_all;
}

void DatagramQueue::pop() {
  if (size_ == 0) return;
  head_ = (head_ + 1) % slots_.size();
  --size_;
}

bool DatagramQueue::take(std::vector<uint8_t>& out) {
  if (size_ == 0) return false;
  out.swap(slots_[head_]);
  pop();
  return true;
}

}  // namespace quasar
