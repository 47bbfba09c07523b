// EncoderTable: the encoder's copy of the dynamic table, with what the encoder must know
// about each entry: lookups by field line and by name, outstanding references, whether the
// decoder has acknowledged it, and whether it may be evicted (RFC 9204 §2.1.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "qpack/dynamic_table.h"
#include "qpack/field_index.h"
#include "qpack/ring_buffer.h"
#include "qpack/string_hash.h"

namespace quasar::qpack {

class EncoderTable {
 public:
  EncoderTable() = default;

  const DynamicTable& table() const { return table_; }
  uint64_t capacity() const { return table_.capacity(); }
  uint64_t insert_count() const { return table_.insert_count(); }
  DynamicTable::Entry entry(uint64_t absolute_index) const { return table_.entry(absolute_index); }

  // The newest entry holding this field line / this name.
  std::optional<uint64_t> find_field(std::string_view name, std::string_view value,
                                     const FieldHashes& hashes) const;
  std::optional<uint64_t> find_name(std::string_view name, const FieldHashes& hashes) const;

  // RFC 9204 §2.1.1: an entry may be evicted once acknowledged and no longer referenced by
  // an unacknowledged field section.
  bool evictable(uint64_t absolute_index) const;
  // Whether an entry of `size` can be added now, evicting only evictable entries.
  bool can_insert(uint64_t size) const;
  // Whether the capacity can be lowered to `capacity` without evicting a pinned entry.
  bool can_set_capacity(uint64_t capacity) const;

  // Adds an entry (can_insert() must hold) and returns its absolute index. `section`
  // numbers the field section being encoded, for mark_used(); a duplicate carries some of
  // the original's `hits`.
  uint64_t insert(std::string_view name, std::string_view value, const FieldHashes& hashes,
                  uint64_t section, uint32_t hits = 0);
  void set_capacity(uint64_t capacity);

  // Outstanding references from unacknowledged field sections.
  void add_reference(uint64_t absolute_index);
  void release_reference(uint64_t absolute_index);
  uint32_t reference_count(uint64_t absolute_index) const;

  // Records a reference from field section `section`: whether it is the first reference
  // of that section and comes after the section that inserted the entry (a hit), and
  // whether it is the entry's first hit.
  enum class Use : uint8_t { kNotAHit, kHit, kFirstHit };
  Use mark_used(uint64_t absolute_index, uint64_t section);
  // Later sections that referenced the entry (carried over, halved, to its duplicates).
  uint32_t hits(uint64_t absolute_index) const { return info(absolute_index).hits; }
  const FieldHashes& hashes(uint64_t absolute_index) const { return info(absolute_index).hashes; }

  uint64_t known_received_count() const { return known_received_count_; }
  void set_known_received_count(uint64_t count) { known_received_count_ = count; }

  // RFC 9204 §2.1.1.1: entries below the draining index are about to be evicted; the
  // encoder stops referencing them (duplicating them instead) so they become evictable.
  bool draining(uint64_t absolute_index) const { return absolute_index < draining_index(); }
  uint64_t draining_index() const;
  // Sizes the draining region: the oldest entries that the next `bytes` of insertions
  // would evict.
  void set_draining_reserve(uint64_t bytes) { draining_reserve_ = bytes; }

 private:
  struct EntryInfo {
    FieldHashes hashes;
    uint32_t references = 0;
    bool used = false;         // referenced by a later section than the inserting one
    uint64_t inserted_in = 0;  // section being encoded when inserted
    uint64_t last_used_in = 0;
    uint32_t hits = 0;
  };
  EntryInfo& info(uint64_t absolute_index) { return infos_[absolute_index - table_.first_index()]; }
  const EntryInfo& info(uint64_t absolute_index) const {
    return infos_[absolute_index - table_.first_index()];
  }
  void evict_oldest();

  DynamicTable table_;
  RingBuffer<EntryInfo> infos_;  // parallel to the table's entries
  FieldIndex fields_;
  FieldIndex names_;
  uint64_t known_received_count_ = 0;
  uint64_t draining_reserve_ = 0;
};

}  // namespace quasar::qpack
