// RingBuffer<T>: a fixed-capacity FIFO with indexed access, allocated once per capacity.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

namespace quasar::qpack {

template <typename T>
class RingBuffer {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return slots_.size(); }

  // Drops the contents and makes room for `capacity` elements.
  void reset(size_t capacity) {
    slots_.assign(capacity, T{});
    head_ = 0;
    size_ = 0;
  }

  // Element `i` counted from the oldest.
  T& operator[](size_t i) {
    assert(i < size_);
    return slots_[wrap(head_ + i)];
  }
  const T& operator[](size_t i) const {
    assert(i < size_);
    return slots_[wrap(head_ + i)];
  }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& value) {
    assert(size_ < slots_.size());
    slots_[wrap(head_ + size_)] = value;
    ++size_;
  }
  void pop_front() {
    assert(size_ > 0);
    head_ = wrap(head_ + 1);
    --size_;
  }

 private:
  size_t wrap(size_t i) const { return i >= slots_.size() ? i - slots_.size() : i; }

  std::vector<T> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace quasar::qpack
