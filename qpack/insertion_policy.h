// InsertionPolicy: decides which field lines the encoder adds to the dynamic table, from
// what happened to earlier field lines of the same name: how often a value seen for the
// first time, or seen again recently, came back while its entry would still have been in
// the table.
#pragma once

#include <cstdint>
#include <vector>

#include "qpack/string_hash.h"

namespace quasar::qpack {

enum class InsertionMode : uint8_t {
  kAdaptive,  // insert field lines likely to come back while still in the table
  kAlways,    // insert every field line that fits
  kNever,     // use only the static table and literals
};

// What inserting one field line involves, in bytes.
struct InsertionCosts {
  uint64_t entry_size = 0;    // table space it takes (RFC 9204 §3.2.1)
  uint64_t literal_size = 0;  // the literal representation a reference replaces
  uint64_t insert_size = 0;   // the insert instruction
  uint64_t free_space = 0;    // table bytes not used by any entry
  // The section being encoded can reference the new entry: the insertion then replaces
  // this section's literal; otherwise it is paid on top of it.
  bool usable_now = false;
};

class InsertionPolicy {
 public:
  // `entries_permanent`: nothing inserted will ever be acknowledged, so no entry can be
  // evicted and every insertion occupies its space for good.
  InsertionPolicy(InsertionMode mode, bool entries_permanent)
      : mode_(mode),
        entries_permanent_(entries_permanent),
        history_(kHistorySlots),
        names_(kNameSlots) {}

  InsertionMode mode() const { return mode_; }

  // Whether a field line with no usable match in the dynamic table is worth inserting.
  bool should_insert(const FieldHashes& hashes, const InsertionCosts& costs,
                     uint64_t capacity) const;
  // Whether a name sent as a literal deserves an entry of its own (with an empty value) so
  // that later literals can reference it: it has been sent often enough.
  bool should_insert_name(uint64_t name_hash, bool usable_now) const;

  // Whether the field line was sent recently enough for its entry to still be in the table.
  bool sent_recently(const FieldHashes& hashes, uint64_t capacity) const {
    return recent(hashes.field, capacity);
  }
  // In a permanent table a first sight may take at most 1 / this of the free space, keeping
  // room for lines that prove they come back.
  static constexpr uint64_t kPermanentFirstSightShare = 3;

  // Learns from one encoded field line (call after should_insert for that line).
  void observe(const FieldHashes& hashes, uint64_t capacity);
  // Learns what insertions achieve: an entry of `entry_size` bytes was inserted (or
  // duplicated); an entry was referenced by a later section than the one inserting it.
  void on_inserted(uint64_t name_hash, uint64_t entry_size);
  void on_first_hit(uint64_t name_hash);

 private:
  // When each recent field line was last encoded, by hash: direct-mapped, so a collision
  // only forgets.
  static constexpr size_t kHistorySlots = 8192;
  struct LastSeen {
    uint64_t field_hash = 0;
    uint64_t line = 0;
    bool was_repeat = false;  // that occurrence was itself a recent repeat
  };
  // Per-name statistics, open-addressed: a name is looked for in kNameProbe slots from its
  // home slot, and the least used slot of those makes room for a new name.
  static constexpr size_t kNameSlots = 512;
  static constexpr size_t kNameProbe = 8;
  // For first sights of a value and for recent repeats (see recent()) of this name: how
  // many there were, and how many were followed by another recent repeat, which is when an
  // entry inserted for them would have been referenced.
  struct NameStats {
    uint64_t name_hash = 0;
    uint32_t first_sights = 0;
    uint32_t first_sights_recurred = 0;
    uint32_t repeats = 0;
    uint32_t repeats_recurred = 0;
    uint32_t inserted = 0;  // entries of the name inserted
    uint32_t used = 0;      // ... and later referenced at least once
    bool empty() const { return first_sights + repeats + inserted == 0; }
    uint32_t lines() const { return first_sights + repeats; }
  };

  // Whether a field line last sent at `line` is recent: sent again so soon that, had it
  // been inserted then, it would still be in the table. An entry lives until `capacity`
  // bytes of newer entries push it out, so at the current insertion rate that is about
  // capacity / (inserted bytes per line) lines; permanent entries live for ever.
  bool recent(uint64_t field_hash, uint64_t capacity) const;
  const NameStats* stats(uint64_t name_hash) const;
  NameStats& stats_slot(uint64_t name_hash);

  InsertionMode mode_;
  bool entries_permanent_;
  uint64_t lines_ = 0;             // field lines observed
  uint64_t inserted_bytes_ = 0;    // sizes of the entries inserted
  std::vector<LastSeen> history_;  // kHistorySlots, allocated once
  std::vector<NameStats> names_;   // kNameSlots
};

}  // namespace quasar::qpack
