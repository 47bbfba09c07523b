// DynamicTable: the entries of a QPACK dynamic table (RFC 9204 §3.2), addressed by absolute
// index, with capacity, size accounting and FIFO eviction. Shared by encoder and decoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "qpack/ring_buffer.h"

namespace quasar::qpack {

class DynamicTable {
 public:
  // RFC 9204 §3.2.1: an entry's size is its name and value lengths plus 32.
  static constexpr uint64_t kEntryOverhead = 32;
  static constexpr uint64_t entry_size(std::string_view name, std::string_view value) {
    return name.size() + value.size() + kEntryOverhead;
  }

  struct Entry {
    std::string_view name;
    std::string_view value;
    uint64_t size() const { return entry_size(name, value); }
  };

  DynamicTable() = default;
  DynamicTable(const DynamicTable&) = delete;
  DynamicTable& operator=(const DynamicTable&) = delete;
  DynamicTable(DynamicTable&&) = default;
  DynamicTable& operator=(DynamicTable&&) = default;

  uint64_t capacity() const { return capacity_; }
  // Sum of the sizes of the entries (RFC 9204 §3.2.1).
  uint64_t size() const { return size_; }
  // Entries ever inserted: the absolute index the next entry gets (RFC 9204 §3.2.4).
  uint64_t insert_count() const { return insert_count_; }
  // Absolute index of the oldest entry still in the table.
  uint64_t first_index() const { return insert_count_ - records_.size(); }
  size_t entry_count() const { return records_.size(); }

  bool contains(uint64_t absolute_index) const {
    return absolute_index >= first_index() && absolute_index < insert_count_;
  }
  // The entry at `absolute_index`; requires contains(). The views stay valid until the
  // entry is evicted or the capacity grows.
  Entry entry(uint64_t absolute_index) const;

  // Oldest entries that must go before an entry of `size` fits (RFC 9204 §3.2.2); the
  // caller has checked size <= capacity().
  size_t evictions_needed(uint64_t size) const;

  // Sets the capacity, evicting oldest entries until the table fits (RFC 9204 §3.2.2).
  void set_capacity(uint64_t capacity);

  // Adds an entry, evicting oldest entries to make room. Requires entry_size <= capacity().
  // `name` and `value` may view entries of this table, including ones about to be evicted
  // (RFC 9204 §3.2.2).
  void insert(std::string_view name, std::string_view value);

  void evict_oldest();

 private:
  // Where an entry's bytes (name then value) live in the arena.
  struct Record {
    size_t offset = 0;
    size_t name_length = 0;
    size_t value_length = 0;
    uint64_t lap = 0;  // times the write position had wrapped when the entry was placed
  };

  size_t place(size_t length);
  void relayout(uint64_t new_capacity);

  // Entry bytes are kept contiguous in a circular arena twice the capacity: an entry that
  // does not fit before the end starts again at offset 0. Live bytes never exceed the
  // capacity, and the gap left at the end is smaller than one entry, so the arena always
  // has room without moving entries.
  std::unique_ptr<char[]> arena_;
  size_t arena_size_ = 0;
  uint64_t lap_ = 0;
  RingBuffer<Record> records_;
  uint64_t capacity_ = 0;
  uint64_t size_ = 0;
  uint64_t insert_count_ = 0;
  std::string scratch_;  // copy of an inserted name/value that views this table
};

}  // namespace quasar::qpack
