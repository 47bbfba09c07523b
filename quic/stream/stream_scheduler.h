// StreamScheduler: picks the stream whose data goes into the next packet (RFC 9218 semantics).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "quic/stream/stream_priority.h"

namespace quasar {

class SchedulerEntry;

// A link in one urgency level's round-robin ring.
struct SchedulerNode {
  SchedulerNode* prev = nullptr;
  SchedulerNode* next = nullptr;
  SchedulerEntry* owner = nullptr;  // null for a level's non-incremental group
  bool linked() const { return next != nullptr; }
};

// The scheduler's bookkeeping for one stream, embedded in the stream so that scheduling never
// allocates. The scheduler only holds pointers: unschedule an entry before destroying it.
class SchedulerEntry {
 public:
  explicit SchedulerEntry(uint64_t stream_id) : stream_id_(stream_id) { node_.owner = this; }
  SchedulerEntry(const SchedulerEntry&) = delete;
  SchedulerEntry& operator=(const SchedulerEntry&) = delete;

  uint64_t stream_id() const { return stream_id_; }
  const StreamPriority& priority() const { return priority_; }
  bool is_scheduled() const { return scheduled_; }

 private:
  friend class StreamScheduler;
  SchedulerNode node_;  // in the round-robin ring (incremental streams)
  uint64_t stream_id_;
  StreamPriority priority_;
  uint64_t turn_bytes_ = 0;  // sent during its current turn
  size_t heap_index_ = 0;    // position in the sequential heap (non-incremental streams)
  bool scheduled_ = false;
};

// Only streams with something to send are scheduled. Each pick goes to the most urgent level
// (lowest urgency value) that has streams. Within a level, incremental streams take turns
// round-robin: a stream keeps the turn until it has sent `quantum` bytes, then moves behind the
// others. Non-incremental streams of the level go one at a time, lowest stream ID first
// (RFC 9218 §10); as a group they take one place in the rotation, so incremental streams of the
// same urgency are not starved by a large non-incremental response (RFC 9218 §10 recommends
// avoiding that starvation). Every operation is O(1) except non-incremental insert and removal,
// O(log n).
class StreamScheduler {
 public:
  static constexpr uint64_t kDefaultQuantum = 1200;

  explicit StreamScheduler(uint64_t quantum = kDefaultQuantum);
  StreamScheduler(const StreamScheduler&) = delete;
  StreamScheduler& operator=(const StreamScheduler&) = delete;

  // Adds a stream that has data to send, at the back of its rotation. No-op when scheduled.
  void schedule(SchedulerEntry& entry);
  // Removes a stream with nothing left to send. No-op when not scheduled.
  void unschedule(SchedulerEntry& entry);
  // Changes the priority, moving the entry if it is scheduled.
  void set_priority(SchedulerEntry& entry, StreamPriority priority);

  // The stream to serve next, or nullptr. Does not change any state.
  SchedulerEntry* peek() const;
  // `entry` sent `bytes`: charges its turn, moving it (or its non-incremental group) behind its
  // peers once the quantum is used up.
  void on_sent(SchedulerEntry& entry, uint64_t bytes);

  bool empty() const { return level_mask_ == 0; }
  size_t size() const { return size_; }
  uint64_t quantum() const { return quantum_; }

 private:
  struct Level {
    SchedulerNode ring;             // sentinel of the rotation
    SchedulerNode sequential_slot;  // stands for the non-incremental group in the rotation
    uint64_t sequential_turn_bytes = 0;
    std::vector<SchedulerEntry*> sequential;  // min-heap by stream ID
  };

  static void link_back(SchedulerNode& sentinel, SchedulerNode& node);
  static void unlink(SchedulerNode& node);
  void heap_push(Level& level, SchedulerEntry* entry);
  void heap_remove(Level& level, size_t index);
  void heap_sift_up(Level& level, size_t index);
  void heap_sift_down(Level& level, size_t index);
  void heap_set(Level& level, size_t index, SchedulerEntry* entry);
  void refresh_mask(uint8_t urgency);

  std::array<Level, StreamPriority::kLowestUrgency + 1> levels_;
  uint64_t quantum_;
  uint32_t level_mask_ = 0;  // bit u set when level u has scheduled streams
  size_t size_ = 0;
};

}  // namespace quasar
