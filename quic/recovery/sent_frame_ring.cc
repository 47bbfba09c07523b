// SentFrameRing: contiguous runs in a power-of-two ring; a run that would wrap starts over at
// the ring's beginning instead, so every packet's frames are one span.
#include "quic/recovery/sent_frame_ring.h"

#include <bit>

namespace quasar {

SentFrameRing::SentFrameRing(size_t initial_capacity)
    : slots_(std::bit_ceil(initial_capacity < 16 ? size_t{16} : initial_capacity)),
      mask_(slots_.size() - 1) {}

uint64_t SentFrameRing::append(std::span<const SentFrame> frames) {
  const size_t n = frames.size();
  if (n == 0) return head_;
  for (;;) {
    const size_t capacity = slots_.size();
    const size_t offset = static_cast<size_t>(head_ & mask_);
    const size_t padding = offset + n > capacity ? capacity - offset : 0;
    if (used() + padding + n <= capacity) {
      head_ += padding;
      const uint64_t position = head_;
      SentFrame* out = slots_.data() + (position & mask_);
      for (size_t i = 0; i < n; ++i) out[i] = frames[i];
      head_ += n;
      return position;
    }
    grow(used() + padding + n);
  }
}

void SentFrameRing::grow(size_t needed) {
  size_t capacity = slots_.size() * 2;
  while (capacity < needed) capacity *= 2;
  std::vector<SentFrame> bigger(capacity);
  const uint64_t new_mask = capacity - 1;
  // Positions keep their meaning; a run that did not cross a multiple of the old capacity
  // cannot cross one of the new (a multiple of it), so runs stay contiguous.
  for (uint64_t p = tail_; p < head_; ++p) bigger[p & new_mask] = slots_[p & mask_];
  slots_.swap(bigger);
  mask_ = new_mask;
}

}  // namespace quasar
