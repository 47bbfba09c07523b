// StreamEventQueue: pending per-stream events, each (stream, event) pair queued at most once.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>

#include "quic/stream/ring_queue.h"
#include "quic/stream/stream_event.h"

namespace quasar {

// Each stream keeps a byte of flags: one bit per pending per-stream StreamEventType, plus a
// marker bit saying its ID is in the queue. The queue holds each such stream ID once, in the
// order it first got an event, however many events it collects. Raising an event already
// pending does nothing; taking one clears its bit so it can be raised again later. Streams are
// found through a lookup the owner supplies; a stream that disappeared is skipped.
class StreamEventQueue {
 public:
  static constexpr uint8_t kQueuedMarker = 0x80;
  static constexpr uint8_t kEventMask = (1u << kStreamEventTypesPerStream) - 1;

  static bool has_pending(uint8_t flags) { return (flags & kEventMask) != 0; }
  static bool is_pending(uint8_t flags, StreamEventType type) {
    return (flags & event_bit(type)) != 0;
  }
  // Withdraws a pending event that no longer applies (the stream stays queued if it was).
  static void clear(uint8_t& flags, StreamEventType type) {
    flags = static_cast<uint8_t>(flags & ~event_bit(type));
  }

  // Marks `type` pending in `flags` (the stream's flag byte), queueing the stream if needed.
  void raise(uint64_t stream_id, uint8_t& flags, StreamEventType type) {
    flags |= event_bit(type);
    if (flags & kQueuedMarker) return;
    flags |= kQueuedMarker;
    ids_.push_back(stream_id);
  }

  struct Pending {
    uint64_t stream_id;
    StreamEventType type;
  };

  // Takes the oldest stream's next event, lowest type first. `flags_of(id)` returns a pointer
  // to the stream's flag byte, or nullptr for a stream that no longer exists.
  template <typename FlagsOf>
  std::optional<Pending> pop(FlagsOf&& flags_of) {
    while (!ids_.empty()) {
      const uint64_t id = ids_.front();
      uint8_t* flags = flags_of(id);
      if (flags == nullptr) {
        ids_.pop_front();
        continue;
      }
      if (!has_pending(*flags)) {
        *flags = 0;
        ids_.pop_front();
        continue;
      }
      const auto type = static_cast<StreamEventType>(std::countr_zero(*flags));
      clear(*flags, type);
      if (!has_pending(*flags)) {
        *flags = 0;
        ids_.pop_front();
      }
      return Pending{id, type};
    }
    return std::nullopt;
  }

  // Streams in the queue.
  size_t queued_streams() const { return ids_.size(); }

 private:
  RingQueue<uint64_t> ids_;
};

}  // namespace quasar
