// StreamTable: an open-addressing hash table from stream ID to an owned object.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace quasar {

// Lookups by stream ID happen for every received frame and every acknowledged one, so they
// are a multiply, a shift and usually one probe, instead of std::map's pointer chase. Linear
// probing with backward-shift deletion keeps the table free of tombstones; it doubles at 50%
// load and never shrinks, so it stops allocating once it fits the peak stream count.
template <typename T>
class StreamTable {
 public:
  StreamTable() : slots_(kInitialCapacity) {}

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return slots_.size(); }

  T* find(uint64_t id) const {
    for (size_t i = home(id);; i = next(i)) {
      const Slot& slot = slots_[i];
      if (!slot.value) return nullptr;
      if (slot.id == id) return slot.value.get();
    }
  }

  // Inserts `value` under `id`, which must be absent.
  T& insert(uint64_t id, std::unique_ptr<T> value) {
    assert(value && find(id) == nullptr);
    if ((size_ + 1) * 2 > slots_.size()) grow();
    T& stored = *value;
    place(id, std::move(value));
    ++size_;
    return stored;
  }

  // Removes and destroys the entry for `id`; false when absent.
  bool erase(uint64_t id) {
    size_t i = home(id);
    for (;; i = next(i)) {
      if (!slots_[i].value) return false;
      if (slots_[i].id == id) break;
    }
    slots_[i].value.reset();
    --size_;
    // Backward shift: pull later members of the probe run into the hole when that brings them
    // no further from their home slot than before.
    for (size_t hole = i, j = next(i); slots_[j].value; j = next(j)) {
      const size_t h = home(slots_[j].id);
      const bool movable = (hole <= j) ? (h <= hole || h > j) : (h <= hole && h > j);
      if (movable) {
        slots_[hole] = std::move(slots_[j]);
        hole = j;
      }
    }
    return true;
  }

  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& slot : slots_) {
      if (slot.value) f(*slot.value);
    }
  }

 private:
  static constexpr size_t kInitialCapacity = 16;

  struct Slot {
    uint64_t id = 0;
    std::unique_ptr<T> value;  // empty slot when null
  };

  // Fibonacci hashing: stream IDs step by 4, which the multiply spreads over all slots.
  size_t home(uint64_t id) const {
    return static_cast<size_t>((id * 0x9e3779b97f4a7c15ull) >> shift_);
  }
  size_t next(size_t i) const { return (i + 1) & (slots_.size() - 1); }

  void place(uint64_t id, std::unique_ptr<T> value) {
    size_t i = home(id);
    while (slots_[i].value) i = next(i);
    slots_[i].id = id;
    slots_[i].value = std::move(value);
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_ = std::vector<Slot>(old.size() * 2);
    --shift_;
    for (Slot& slot : old) {
      if (slot.value) place(slot.id, std::move(slot.value));
    }
  }

  std::vector<Slot> slots_;  // size is a power of two, 2^(64 - shift_)
  unsigned shift_ = 64 - 4;
  size_t size_ = 0;
};

}  // namespace quasar
