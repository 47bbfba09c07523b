// RingBuffer: a FIFO over one growable array. Unlike std::deque it stops allocating once it
// has grown to its high-water mark, so steady-state push/pop never touch the heap.
#pragma once

#include <cassert>
#include <cstddef>
#include <utility>
#include <vector>

namespace quasar::sim {

template <typename T>
class RingBuffer {
 public:
  RingBuffer() = default;
  explicit RingBuffer(size_t capacity) { slots_.resize(capacity); }

  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  size_t capacity() const { return slots_.size(); }

  T& front() {
    assert(count_ > 0);
    return slots_[head_];
  }
  const T& front() const {
    assert(count_ > 0);
    return slots_[head_];
  }
  T& back() {
    assert(count_ > 0);
    return slots_[index_of(count_ - 1)];
  }
  // i-th element from the front.
  T& operator[](size_t i) { return slots_[index_of(i)]; }
  const T& operator[](size_t i) const { return slots_[index_of(i)]; }

  // Makes room for `capacity` elements without further allocation.
  void reserve(size_t capacity) {
    if (capacity > slots_.size()) resize_storage(capacity);
  }

  void push_back(T value) {
    if (count_ == slots_.size()) resize_storage(slots_.empty() ? 16 : slots_.size() * 2);
    slots_[index_of(count_)] = std::move(value);
    ++count_;
  }
  void pop_front() {
    assert(count_ > 0);
    head_ = head_ + 1 == slots_.size() ? 0 : head_ + 1;
    --count_;
  }
  void clear() {
    head_ = 0;
    count_ = 0;
  }

 private:
  size_t index_of(size_t i) const {
    const size_t j = head_ + i;
    return j >= slots_.size() ? j - slots_.size() : j;
  }
  // Moves the contents, unwrapped, into a new array of `capacity` slots.
  void resize_storage(size_t capacity) {
    std::vector<T> bigger(capacity);
    for (size_t i = 0; i < count_; ++i) bigger[i] = std::move(slots_[index_of(i)]);
    slots_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace quasar::sim
