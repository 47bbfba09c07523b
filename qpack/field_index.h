// FieldIndex: an open-addressed hash index from a key (a field line, or a name) to the
// absolute index of the newest dynamic table entry with that key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace quasar::qpack {

class FieldIndex {
 public:
  // Drops everything and sizes the index for up to `max_entries` keys.
  void reset(size_t max_entries);

  // The entry recorded under `hash` for which `matches(absolute_index)` holds.
  template <typename Match>
  std::optional<uint64_t> find(uint64_t hash, const Match& matches) const {
    if (slots_.empty()) return std::nullopt;
    for (size_t i = hash & mask_; slots_[i].absolute_index != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].hash == hash && matches(slots_[i].absolute_index)) {
        return slots_[i].absolute_index;
      }
    }
    return std::nullopt;
  }

  // Records `absolute_index` as the newest entry of its key; `same_key(other)` tells
  // whether an already recorded entry has the same key, which this one then replaces.
  template <typename SameKey>
  void insert(uint64_t hash, uint64_t absolute_index, const SameKey& same_key) {
    size_t i = hash & mask_;
    for (; slots_[i].absolute_index != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].hash == hash && same_key(slots_[i].absolute_index)) break;
    }
    slots_[i] = {hash, absolute_index};
  }

  // Forgets `absolute_index` if it is the entry recorded for its key (an evicted entry
  // whose key was inserted again later is no longer recorded).
  void erase(uint64_t hash, uint64_t absolute_index);

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  struct Slot {
    uint64_t hash = 0;
    uint64_t absolute_index = kEmpty;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace quasar::qpack
