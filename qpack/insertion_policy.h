// InsertionPolicy: decides which field lines the encoder adds to the dynamic table, learning
// from the field lines it has encoded which ones tend to repeat.
#pragma once

#include <array>
#include <cstdint>

#include "qpack/string_hash.h"

namespace quasar::qpack {

enum class InsertionMode : uint8_t {
  kAdaptive,  // insert field lines likely to be sent again (the default)
  kAlways,    // insert every field line that fits
  kNever,     // use only the static table and literals
};

class InsertionPolicy {
 public:
  explicit InsertionPolicy(InsertionMode mode) : mode_(mode) {}

  InsertionMode mode() const { return mode_; }

  // Whether a field line with no usable match in the dynamic table is worth inserting.
  bool should_insert(const FieldHashes& hashes, uint64_t entry_size, uint64_t capacity) const;

  // Learns from one encoded field line (call after should_insert for that line).
  void observe(const FieldHashes& hashes);

 private:
  // Recently encoded field lines, by hash: a direct-mapped set; collisions only forget.
  static constexpr size_t kHistorySlots = 4096;
  // Per-name counts of field lines, and of field lines whose exact value had been seen.
  static constexpr size_t kNameSlots = 512;
  struct NameStats {
    uint64_t name_hash = 0;
    uint32_t lines = 0;
    uint32_t repeats = 0;
  };

  bool seen(uint64_t field_hash) const {
    return history_[field_hash % kHistorySlots] == field_hash;
  }
  const NameStats* stats(uint64_t name_hash) const {
    const NameStats& s = names_[name_hash % kNameSlots];
    return s.name_hash == name_hash ? &s : nullptr;
  }

  InsertionMode mode_;
  std::array<uint64_t, kHistorySlots> history_{};
  std::array<NameStats, kNameSlots> names_{};
};

}  // namespace quasar::qpack
