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
  // `draining_fraction` (in 1/256ths of the capacity) sizes the draining region (RFC 9204
  // §2.1.1.1): the oldest entries the next inserts of that many bytes would evict.
  explicit EncoderTable(uint32_t draining_fraction = 32) : draining_fraction_(draining_fraction) {}

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

  // Adds an entry (can_insert() must hold) and returns its absolute index.
  uint64_t insert(std::string_view name, std::string_view value, const FieldHashes& hashes);
  void set_capacity(uint64_t capacity);

  // Outstanding references from unacknowledged field sections.
  void add_reference(uint64_t absolute_index);
  void release_reference(uint64_t absolute_index);
  uint32_t reference_count(uint64_t absolute_index) const;

  uint64_t known_received_count() const { return known_received_count_; }
  void set_known_received_count(uint64_t count) { known_received_count_ = count; }

  // RFC 9204 §2.1.1.1: entries below the draining index are about to be evicted; the
  // encoder stops referencing them (duplicating them instead) so they become evictable.
  bool draining(uint64_t absolute_index) const { return absolute_index < draining_index(); }
  uint64_t draining_index() const;

 private:
  struct EntryInfo {
    FieldHashes hashes;
    uint32_t references = 0;
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
  uint32_t draining_fraction_;
};

}  // namespace quasar::qpack
