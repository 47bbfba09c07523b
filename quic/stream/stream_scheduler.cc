// StreamScheduler: urgency levels, round-robin rings and a heap for sequential streams.
#include "quic/stream/stream_scheduler.h"

#include <bit>
#include <cassert>

namespace quasar {
namespace {

uint8_t clamp_urgency(uint8_t urgency) {
  return urgency > StreamPriority::kLowestUrgency ? StreamPriority::kLowestUrgency : urgency;
}

}  // namespace

StreamScheduler::StreamScheduler(uint64_t quantum) : quantum_(quantum == 0 ? 1 : quantum) {
  for (Level& level : levels_) level.ring.prev = level.ring.next = &level.ring;
}

void StreamScheduler::link_back(SchedulerNode& sentinel, SchedulerNode& node) {
  node.prev = sentinel.prev;
  node.next = &sentinel;
  sentinel.prev->next = &node;
  sentinel.prev = &node;
}

void StreamScheduler::unlink(SchedulerNode& node) {
  node.prev->next = node.next;
  node.next->prev = node.prev;
  node.prev = node.next = nullptr;
}

void StreamScheduler::refresh_mask(uint8_t urgency) {
  const Level& level = levels_[urgency];
  if (level.ring.next != &level.ring) {
    level_mask_ |= 1u << urgency;
  } else {
    level_mask_ &= ~(1u << urgency);
  }
}

void StreamScheduler::schedule(SchedulerEntry& entry) {
  if (entry.scheduled_) return;
  entry.scheduled_ = true;
  entry.turn_bytes_ = 0;
  ++size_;
  const uint8_t urgency = entry.priority_.urgency;
  Level& level = levels_[urgency];
  if (entry.priority_.incremental) {
    link_back(level.ring, entry.node_);
  } else {
    heap_push(level, &entry);
    if (!level.sequential_slot.linked()) {
      level.sequential_turn_bytes = 0;
      link_back(level.ring, level.sequential_slot);
    }
  }
  refresh_mask(urgency);
}

void StreamScheduler::unschedule(SchedulerEntry& entry) {
  if (!entry.scheduled_) return;
  entry.scheduled_ = false;
  --size_;
  const uint8_t urgency = entry.priority_.urgency;
  Level& level = levels_[urgency];
  if (entry.priority_.incremental) {
    unlink(entry.node_);
  } else {
    heap_remove(level, entry.heap_index_);
    if (level.sequential.empty()) unlink(level.sequential_slot);
  }
  refresh_mask(urgency);
}

void StreamScheduler::set_priority(SchedulerEntry& entry, StreamPriority priority) {
  priority.urgency = clamp_urgency(priority.urgency);
  if (entry.priority_ == priority) return;
  const bool was_scheduled = entry.scheduled_;
  unschedule(entry);
  entry.priority_ = priority;
  if (was_scheduled) schedule(entry);
}

SchedulerEntry* StreamScheduler::peek() const {
  if (level_mask_ == 0) return nullptr;
  const Level& level = levels_[std::countr_zero(level_mask_)];
  const SchedulerNode* front = level.ring.next;
  if (front == &level.sequential_slot) return level.sequential.front();
  return front->owner;
}

void StreamScheduler::on_sent(SchedulerEntry& entry, uint64_t bytes) {
  if (!entry.scheduled_) return;
  Level& level = levels_[entry.priority_.urgency];
  SchedulerNode* node = &entry.node_;
  uint64_t* turn = &entry.turn_bytes_;
  if (!entry.priority_.incremental) {
    node = &level.sequential_slot;
    turn = &level.sequential_turn_bytes;
  }
  *turn += bytes;
  if (*turn < quantum_) return;
  *turn = 0;
  unlink(*node);
  link_back(level.ring, *node);
}

// --- The sequential heap: non-incremental entries ordered by stream ID ---

void StreamScheduler::heap_set(Level& level, size_t index, SchedulerEntry* entry) {
  level.sequential[index] = entry;
  entry->heap_index_ = index;
}

void StreamScheduler::heap_push(Level& level, SchedulerEntry* entry) {
  level.sequential.push_back(entry);
  entry->heap_index_ = level.sequential.size() - 1;
  heap_sift_up(level, entry->heap_index_);
}

void StreamScheduler::heap_remove(Level& level, size_t index) {
  std::vector<SchedulerEntry*>& heap = level.sequential;
  assert(index < heap.size());
  SchedulerEntry* last = heap.back();
  heap.pop_back();
  if (index == heap.size()) return;
  heap_set(level, index, last);
  heap_sift_up(level, index);
  heap_sift_down(level, last->heap_index_);
}

void StreamScheduler::heap_sift_up(Level& level, size_t index) {
  std::vector<SchedulerEntry*>& heap = level.sequential;
  SchedulerEntry* entry = heap[index];
  while (index > 0) {
    const size_t parent = (index - 1) / 2;
    if (heap[parent]->stream_id_ <= entry->stream_id_) break;
    heap_set(level, index, heap[parent]);
    index = parent;
  }
  heap_set(level, index, entry);
}

void StreamScheduler::heap_sift_down(Level& level, size_t index) {
  std::vector<SchedulerEntry*>& heap = level.sequential;
  SchedulerEntry* entry = heap[index];
  for (;;) {
    size_t child = 2 * index + 1;
    if (child >= heap.size()) break;
    if (child + 1 < heap.size() && heap[child + 1]->stream_id_ < heap[child]->stream_id_) ++child;
    if (entry->stream_id_ <= heap[child]->stream_id_) break;
    heap_set(level, index, heap[child]);
    index = child;
  }
  heap_set(level, index, entry);
}

}  // namespace quasar
