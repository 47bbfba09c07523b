// EventQueue: the simulator's pending events, ordered by (time, insertion sequence) so that
// equal-time events run in the order they were scheduled and every run is reproducible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "quic/base/time.h"

namespace quasar::sim {

enum class EventKind : uint8_t {
  kArrival,    // a datagram reaches the end of a link hop (payload: datagram handle)
  kTimer,      // a node's timer (target: node, payload: timer generation)
  kWake,       // poll a node for transmits (target: node)
  kScheduled,  // a scheduled action: link change, rebinding, user callback (payload: index)
};

struct SimEvent {
  Instant time;
  uint64_t sequence = 0;
  EventKind kind = EventKind::kWake;
  uint32_t target = 0;
  uint64_t payload = 0;
};

// A binary min-heap over one vector: pushing and popping allocate nothing once the vector has
// reached its high-water mark.
class EventQueue {
 public:
  void push(Instant time, EventKind kind, uint32_t target, uint64_t payload);
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  // The earliest event; the queue must not be empty.
  const SimEvent& top() const { return heap_.front(); }
  SimEvent pop();
  void reserve(size_t events) { heap_.reserve(events); }
  // Sequence numbers handed out so far (one per push).
  uint64_t pushed() const { return next_sequence_; }

 private:
  std::vector<SimEvent> heap_;
  uint64_t next_sequence_ = 0;
};

}  // namespace quasar::sim
