// DynamicTable (RFC 9204 §3.2).
#include "qpack/dynamic_table.h"

#include <cassert>
#include <cstring>

namespace quasar::qpack {

DynamicTable::Entry DynamicTable::entry(uint64_t absolute_index) const {
  assert(contains(absolute_index));
  const Record& r = records_[absolute_index - first_index()];
  const char* base = arena_.get() + r.offset;
  return {std::string_view(base, r.name_length),
          std::string_view(base + r.name_length, r.value_length)};
}

size_t DynamicTable::evictions_needed(uint64_t size) const {
  assert(size <= capacity_);
  size_t count = 0;
  uint64_t remaining = size_;
  while (remaining + size > capacity_) {
    const Record& r = records_[count];
    remaining -= r.name_length + r.value_length + kEntryOverhead;
    ++count;
  }
  return count;
}

void DynamicTable::set_capacity(uint64_t capacity) {
  while (size_ > capacity) evict_oldest();
  if (capacity > capacity_) relayout(capacity);
  capacity_ = capacity;
}

void DynamicTable::evict_oldest() {
  assert(!records_.empty());
  const Record& r = records_.front();
  size_ -= r.name_length + r.value_length + kEntryOverhead;
  records_.pop_front();
}

void DynamicTable::insert(std::string_view name, std::string_view value) {
  const uint64_t size = entry_size(name, value);
  assert(size <= capacity_);
  const char* arena_begin = arena_.get();
  const char* arena_end = arena_begin + arena_size_;
  const auto inside = [&](std::string_view s) {
    return !s.empty() && s.data() >= arena_begin && s.data() < arena_end;
  };
  if (inside(name) || inside(value)) {
    // Eviction below may free the bytes these view; keep a copy (RFC 9204 §3.2.2).
    scratch_.assign(name);
    scratch_.append(value);
    name = std::string_view(scratch_).substr(0, name.size());
    value = std::string_view(scratch_).substr(name.size());
  }
  while (size_ + size > capacity_) evict_oldest();
  const size_t length = name.size() + value.size();
  const size_t offset = place(length);
  if (!name.empty()) std::memcpy(arena_.get() + offset, name.data(), name.size());
  if (!value.empty()) std::memcpy(arena_.get() + offset + name.size(), value.data(), value.size());
  records_.push_back({offset, name.size(), value.size(), lap_});
  size_ += size;
  ++insert_count_;
}

size_t DynamicTable::place(size_t length) {
  if (records_.empty()) return 0;
  const Record& oldest = records_.front();
  const Record& newest = records_.back();
  const size_t write_position = newest.offset + newest.name_length + newest.value_length;
  if (oldest.lap == newest.lap) {
    // Live bytes run from the oldest entry to the write position.
    if (arena_size_ - write_position >= length) return write_position;
    assert(oldest.offset >= length);
    ++lap_;
    return 0;
  }
  // Wrapped: the free bytes run from the write position to the oldest entry.
  assert(oldest.offset - write_position >= length);
  return write_position;
}

void DynamicTable::relayout(uint64_t new_capacity) {
  const size_t new_arena_size = static_cast<size_t>(new_capacity) * 2;
  auto new_arena = std::make_unique<char[]>(new_arena_size);
  RingBuffer<Record> new_records;
  new_records.reset(static_cast<size_t>(new_capacity / kEntryOverhead));
  size_t offset = 0;
  for (size_t i = 0; i < records_.size(); ++i) {
    Record r = records_[i];
    const size_t length = r.name_length + r.value_length;
    if (length > 0) std::memcpy(new_arena.get() + offset, arena_.get() + r.offset, length);
    r.offset = offset;
    r.lap = 0;
    offset += length;
    new_records.push_back(r);
  }
  arena_ = std::move(new_arena);
  arena_size_ = new_arena_size;
  records_ = std::move(new_records);
  lap_ = 0;
}

}  // namespace quasar::qpack
