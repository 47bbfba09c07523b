// InsertionPolicy.
#include "qpack/insertion_policy.h"

namespace quasar::qpack {

bool InsertionPolicy::should_insert(const FieldHashes& hashes, uint64_t entry_size,
                                    uint64_t capacity) const {
  switch (mode_) {
    case InsertionMode::kNever:
      return false;
    case InsertionMode::kAlways:
      return entry_size <= capacity;
    case InsertionMode::kAdaptive:
      break;
  }
  if (entry_size * 4 > capacity * 3) return false;
  if (seen(hashes.field)) return true;
  const NameStats* s = stats(hashes.name);
  if (s == nullptr || s->lines < 2) return true;
  return s->repeats * 5 >= s->lines;
}

void InsertionPolicy::observe(const FieldHashes& hashes) {
  const bool repeat = seen(hashes.field);
  history_[hashes.field % kHistorySlots] = hashes.field;
  NameStats& s = names_[hashes.name % kNameSlots];
  if (s.name_hash != hashes.name) s = {hashes.name, 0, 0};
  ++s.lines;
  if (repeat) ++s.repeats;
}

}  // namespace quasar::qpack
