// FrameParser: splits the bytes of one stream into HTTP/3 frames (RFC 9114 §7.1) whatever the
// chunk boundaries. It reports each frame header, then hands over the payload the way the
// caller chose: whole (buffered only when it arrived split), in pieces as it arrives (DATA),
// or not at all (unknown and reserved frames are skipped, RFC 9114 §9).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "http3/varint_accumulator.h"

namespace quasar::http3 {

class FrameParser {
 public:
  enum class EventKind : uint8_t {
    kNeedMore,  // the input is used up before anything else completed
    kHeader,    // a frame header: type and length; call take_payload() next
    kPayload,   // the whole payload of a frame taken with kWhole
    kChunk,     // the next piece of a payload taken with kPieces
  };
  struct Event {
    EventKind kind = EventKind::kNeedMore;
    uint64_t type = 0;
    uint64_t length = 0;
    // kPayload and kChunk: valid until the next call to next().
    std::span<const uint8_t> data;
  };
  enum class PayloadMode : uint8_t {
    kWhole,   // one kPayload event with the complete payload (the caller bounds its length)
    kPieces,  // kChunk events as bytes arrive, never buffered
    kSkip,    // discarded without an event
  };

  // Parses from the front of `input`, advancing it past what it consumed.
  Event next(std::span<const uint8_t>& input);
  // After a kHeader event: how to deliver that frame's payload. Without a call, it is skipped.
  void take_payload(PayloadMode mode);

  // True between frames: a stream may end cleanly only here (RFC 9114 §7.1).
  bool at_frame_boundary() const { return state_ == State::kType && !type_.partial(); }
  // The type of the frame being read (valid after its kHeader event).
  uint64_t current_type() const { return current_type_; }
  // Payload bytes of the current frame not yet consumed.
  uint64_t payload_remaining() const { return remaining_; }

 private:
  enum class State : uint8_t { kType, kLength, kDecide, kWhole, kPieces, kSkip };

  void start_next_frame() {
    state_ = State::kType;
    type_.reset();
    length_.reset();
  }

  State state_ = State::kType;
  VarintAccumulator type_;
  VarintAccumulator length_;
  uint64_t current_type_ = 0;
  uint64_t current_length_ = 0;
  uint64_t remaining_ = 0;
  // A kWhole payload that arrived in several chunks; its capacity is reused.
  std::vector<uint8_t> buffer_;
};

}  // namespace quasar::http3
