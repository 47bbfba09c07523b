// EventQueue: a min-heap on (time, sequence).
#include "quic/sim/event_queue.h"

#include <algorithm>

namespace quasar::sim {
namespace {

// std::push_heap builds a max-heap; "later" as the ordering puts the earliest event on top.
bool later(const SimEvent& a, const SimEvent& b) {
  if (a.time != b.time) return a.time > b.time;
  return a.sequence > b.sequence;
}

}  // namespace

void EventQueue::push(Instant time, EventKind kind, uint32_t target, uint64_t payload) {
  heap_.push_back(SimEvent{time, next_sequence_++, kind, target, payload});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

SimEvent EventQueue::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  SimEvent event = heap_.back();
  heap_.pop_back();
  return event;
}

}  // namespace quasar::sim
