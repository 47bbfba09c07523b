// EncoderTable (RFC 9204 §2.1.1).
#include "qpack/encoder_table.h"

#include <cassert>

namespace quasar::qpack {

std::optional<uint64_t> EncoderTable::find_field(std::string_view name, std::string_view value,
                                                 const FieldHashes& hashes) const {
  return fields_.find(hashes.field, [&](uint64_t index) {
    const DynamicTable::Entry e = table_.entry(index);
    return e.name == name && e.value == value;
  });
}

std::optional<uint64_t> EncoderTable::find_name(std::string_view name,
                                                const FieldHashes& hashes) const {
  return names_.find(hashes.name, [&](uint64_t index) { return table_.entry(index).name == name; });
}

bool EncoderTable::evictable(uint64_t absolute_index) const {
  return absolute_index < known_received_count_ && info(absolute_index).references == 0;
}

bool EncoderTable::can_insert(uint64_t size) const {
  if (size > table_.capacity()) return false;
  const size_t evictions = table_.evictions_needed(size);
  for (size_t i = 0; i < evictions; ++i) {
    if (!evictable(table_.first_index() + i)) return false;
  }
  return true;
}

bool EncoderTable::can_set_capacity(uint64_t capacity) const {
  uint64_t size = table_.size();
  for (uint64_t index = table_.first_index(); size > capacity; ++index) {
    if (!evictable(index)) return false;
    size -= table_.entry(index).size();
  }
  return true;
}

uint64_t EncoderTable::insert(std::string_view name, std::string_view value,
                              const FieldHashes& hashes, uint64_t section, uint32_t hits) {
  const uint64_t size = DynamicTable::entry_size(name, value);
  assert(can_insert(size));
  for (size_t evictions = table_.evictions_needed(size); evictions > 0; --evictions) {
    evict_oldest();
  }
  table_.insert(name, value);
  const uint64_t index = table_.insert_count() - 1;
  // The arguments may have viewed an entry that was just evicted and overwritten.
  name = table_.entry(index).name;
  value = table_.entry(index).value;
  infos_.push_back({hashes, 0, false, section, section, hits});
  fields_.insert(hashes.field, index, [&](uint64_t other) {
    const DynamicTable::Entry e = table_.entry(other);
    return e.name == name && e.value == value;
  });
  names_.insert(hashes.name, index,
                [&](uint64_t other) { return table_.entry(other).name == name; });
  return index;
}

void EncoderTable::evict_oldest() {
  const uint64_t index = table_.first_index();
  const EntryInfo& oldest = info(index);
  fields_.erase(oldest.hashes.field, index);
  names_.erase(oldest.hashes.name, index);
  infos_.pop_front();
  table_.evict_oldest();
}

void EncoderTable::set_capacity(uint64_t capacity) {
  assert(can_set_capacity(capacity));
  while (table_.size() > capacity) evict_oldest();
  if (capacity > table_.capacity()) {
    // Room for more entries: rebuild the per-entry state and the indexes at the new size.
    RingBuffer<EntryInfo> infos;
    infos.reset(static_cast<size_t>(capacity / DynamicTable::kEntryOverhead));
    for (size_t i = 0; i < infos_.size(); ++i) infos.push_back(infos_[i]);
    infos_ = std::move(infos);
    table_.set_capacity(capacity);
    fields_.reset(infos_.capacity());
    names_.reset(infos_.capacity());
    for (uint64_t index = table_.first_index(); index < table_.insert_count(); ++index) {
      const DynamicTable::Entry e = table_.entry(index);
      const FieldHashes& hashes = info(index).hashes;
      fields_.insert(hashes.field, index, [&](uint64_t other) {
        const DynamicTable::Entry o = table_.entry(other);
        return o.name == e.name && o.value == e.value;
      });
      names_.insert(hashes.name, index,
                    [&](uint64_t other) { return table_.entry(other).name == e.name; });
    }
  } else {
    table_.set_capacity(capacity);
  }
}

void EncoderTable::add_reference(uint64_t absolute_index) { ++info(absolute_index).references; }

void EncoderTable::release_reference(uint64_t absolute_index) {
  EntryInfo& entry = info(absolute_index);
  assert(entry.references > 0);
  --entry.references;
}

EncoderTable::Use EncoderTable::mark_used(uint64_t absolute_index, uint64_t section) {
  EntryInfo& entry = info(absolute_index);
  if (entry.last_used_in == section) return Use::kNotAHit;
  entry.last_used_in = section;
  ++entry.hits;
  if (entry.used) return Use::kHit;
  entry.used = true;
  return Use::kFirstHit;
}

uint32_t EncoderTable::reference_count(uint64_t absolute_index) const {
  return table_.contains(absolute_index) ? info(absolute_index).references : 0;
}

uint64_t EncoderTable::draining_index() const {
  const uint64_t reserve = draining_reserve_;
  const uint64_t free = table_.capacity() - table_.size();
  uint64_t index = table_.first_index();
  for (uint64_t reclaimed = free; reclaimed < reserve && index < table_.insert_count(); ++index) {
    reclaimed += table_.entry(index).size();
  }
  return index;
}

}  // namespace quasar::qpack
