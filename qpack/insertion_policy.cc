// InsertionPolicy. The thresholds were chosen on the QPACK offline-interop corpus (see
// bench/README.md); each compares an estimated chance that an entry gets referenced with
// what the insertion costs in that situation.
#include "qpack/insertion_policy.h"

namespace quasar::qpack {
namespace {

// A line counts as a recent repeat if it came back within this share (percent) of the
// estimated lifetime of an entry: entries referenced close to eviction are at risk.
constexpr uint64_t kRecentLifetimePercent = 40;

// Smallest chance (percent) that a line comes back, for inserting it:
// - when this section references the new entry, the insertion costs about one byte more
//   than the literal it replaces;
constexpr uint64_t kUsableNowRepeatPercent = 20;
constexpr uint64_t kUsableNowFirstSightPercent = 60;
// - when it cannot (no blocked stream to spare), the insertion is paid in full on top of
//   the literal, and only later sections gain;
constexpr uint64_t kDeferredRepeatPercent = 55;
constexpr uint64_t kDeferredFirstSightPercent = 70;
// - when nothing is ever acknowledged, the space is spent for good.
constexpr uint64_t kPermanentRepeatPercent = 30;
constexpr uint64_t kPermanentFirstSightPercent = 70;
// In a permanent table an entry must also save at least this share (percent) of its size
// each time it is used.
constexpr uint64_t kPermanentMinSavingPercent = 20;

// An entry larger than this share (percent) of the table would push out nearly all others.
constexpr uint64_t kMaxEntryPercent = 75;

// Names whose entries, after this many insertions, were referenced again less than this
// share (percent) of the time are no longer inserted at full cost.
constexpr uint32_t kUsefulnessMinInsertions = 8;
constexpr uint64_t kMinUsefulPercent = 50;

// A name sent as a literal gets an entry of its own once sent this many times.
constexpr uint32_t kNameEntryLinesUsableNow = 2;
constexpr uint32_t kNameEntryLinesDeferred = 3;

// successes / tries >= percent, where a name not seen yet counts as a success in one try:
// most header fields repeat.
bool likely(uint32_t successes, uint32_t tries, uint64_t percent) {
  return (uint64_t{successes} + 1) * 100 >= percent * (uint64_t{tries} + 1);
}

}  // namespace

bool InsertionPolicy::recent(uint64_t field_hash, uint64_t capacity) const {
  const LastSeen& last = history_[field_hash % kHistorySlots];
  if (last.field_hash != field_hash || last.line == 0) return false;
  if (entries_permanent_) return true;
  const uint64_t distance = lines_ - last.line;
  // distance <= lifetime% * capacity / (inserted_bytes_ / lines_), without division.
  return distance * inserted_bytes_ * 100 <= kRecentLifetimePercent * capacity * lines_;
}

bool InsertionPolicy::should_insert(const FieldHashes& hashes, const InsertionCosts& costs,
                                    uint64_t capacity) const {
  switch (mode_) {
    case InsertionMode::kNever:
      return false;
    case InsertionMode::kAlways:
      return costs.entry_size <= capacity;
    case InsertionMode::kAdaptive:
      break;
  }
  if (costs.entry_size * 100 > capacity * kMaxEntryPercent) return false;
  const NameStats* found = stats(hashes.name);
  const NameStats none;
  const NameStats& n = found ? *found : none;
  if (!costs.usable_now && n.inserted >= kUsefulnessMinInsertions &&
      uint64_t{n.used} * 100 < uint64_t{n.inserted} * kMinUsefulPercent) {
    return false;
  }
  // The chance that this line comes back while its entry would still be in the table,
  // from earlier lines of the name in the same situation.
  const bool repeat = recent(hashes.field, capacity);
  const auto comes_back = [&](uint64_t percent) {
    return repeat ? likely(n.repeats_recurred, n.repeats, percent)
                  : likely(n.first_sights_recurred, n.first_sights, percent);
  };
  if (entries_permanent_) {
    if (costs.literal_size * 100 < costs.entry_size * kPermanentMinSavingPercent) return false;
    if (repeat) return comes_back(kPermanentRepeatPercent);
    return costs.entry_size * kPermanentFirstSightShare <= costs.free_space &&
           comes_back(kPermanentFirstSightPercent);
  }
  if (costs.usable_now) {
    return comes_back(repeat ? kUsableNowRepeatPercent : kUsableNowFirstSightPercent);
  }
  return comes_back(repeat ? kDeferredRepeatPercent : kDeferredFirstSightPercent);
}

bool InsertionPolicy::should_insert_name(uint64_t name_hash, bool usable_now) const {
  if (mode_ != InsertionMode::kAdaptive) return false;
  const NameStats* s = stats(name_hash);
  // This line was already observed; paid in full, the entry needs a name seen more often.
  return s != nullptr &&
         s->lines() >= (usable_now ? kNameEntryLinesUsableNow : kNameEntryLinesDeferred);
}

void InsertionPolicy::observe(const FieldHashes& hashes, uint64_t capacity) {
  const bool repeat = recent(hashes.field, capacity);
  LastSeen& last = history_[hashes.field % kHistorySlots];
  NameStats& s = stats_slot(hashes.name);
  if (repeat) {
    // The previous occurrence came back: credit the situation it was in.
    if (last.was_repeat) {
      ++s.repeats_recurred;
    } else {
      ++s.first_sights_recurred;
    }
    ++s.repeats;
  } else {
    ++s.first_sights;
  }
  ++lines_;
  last = {hashes.field, lines_, repeat};
}

void InsertionPolicy::on_inserted(uint64_t name_hash, uint64_t entry_size) {
  inserted_bytes_ += entry_size;
  ++stats_slot(name_hash).inserted;
}

void InsertionPolicy::on_first_hit(uint64_t name_hash) { ++stats_slot(name_hash).used; }

const InsertionPolicy::NameStats* InsertionPolicy::stats(uint64_t name_hash) const {
  for (size_t i = 0; i < kNameProbe; ++i) {
    const NameStats& s = names_[(name_hash + i) % kNameSlots];
    if (s.empty()) return nullptr;
    if (s.name_hash == name_hash) return &s;
  }
  return nullptr;
}

InsertionPolicy::NameStats& InsertionPolicy::stats_slot(uint64_t name_hash) {
  // The name's slot, else a free one, else the least used one of the probe window.
  NameStats* victim = nullptr;
  for (size_t i = 0; i < kNameProbe; ++i) {
    NameStats& s = names_[(name_hash + i) % kNameSlots];
    if (s.name_hash == name_hash && !s.empty()) return s;
    if (s.empty()) {
      s = NameStats{name_hash};
      return s;
    }
    if (victim == nullptr || s.lines() < victim->lines()) victim = &s;
  }
  *victim = NameStats{name_hash};
  return *victim;
}

}  // namespace quasar::qpack
