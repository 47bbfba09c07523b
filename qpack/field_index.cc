// FieldIndex: linear probing, at most half full, with backward-shift deletion.
#include "qpack/field_index.h"

namespace quasar::qpack {

void FieldIndex::reset(size_t max_entries) {
  size_t size = 8;
  while (size < 2 * max_entries) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
}

void FieldIndex::erase(uint64_t hash, uint64_t absolute_index) {
  if (slots_.empty()) return;
  size_t i = hash & mask_;
  while (slots_[i].absolute_index != absolute_index) {
    if (slots_[i].absolute_index == kEmpty) return;
    i = (i + 1) & mask_;
  }
  // Shift later members of the probe run back so lookups never stop at the hole early.
  size_t j = i;
  while (true) {
    j = (j + 1) & mask_;
    if (slots_[j].absolute_index == kEmpty) break;
    const size_t home = slots_[j].hash & mask_;
    // Move slot j into the hole at i unless its home lies cyclically within (i, j].
    const bool home_in_between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!home_in_between) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = Slot{};
}

}  // namespace quasar::qpack
