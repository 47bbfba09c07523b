// SentFrameRing: storage for the SentFrames of packets in flight. Each packet's frames form
// one contiguous run; runs are appended in send order and released from the oldest, so the
// ring reuses its memory and allocates only when it has to grow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/recovery/sent_frame.h"

namespace quasar {

class SentFrameRing {
 public:
  explicit SentFrameRing(size_t initial_capacity = 1024);

  // Copies `frames` into one contiguous run and returns its position (monotonic, never reused).
  uint64_t append(std::span<const SentFrame> frames);
  std::span<const SentFrame> run(uint64_t position, uint32_t count) const {
    return {slots_.data() + (position & mask_), count};
  }
  // Frees every run that starts before `position`.
  void release_before(uint64_t position) {
    if (position > tail_) tail_ = position < head_ ? position : head_;
  }
  void clear() { tail_ = head_; }

  // The position the next run will get if no padding is needed (end of the live region).
  uint64_t end_position() const { return head_; }
  size_t capacity() const { return slots_.size(); }
  size_t used() const { return static_cast<size_t>(head_ - tail_); }

 private:
  void grow(size_t needed);

  std::vector<SentFrame> slots_;
  uint64_t mask_;
  uint64_t head_ = 0;  // next free position
  uint64_t tail_ = 0;  // oldest live position
};

}  // namespace quasar
