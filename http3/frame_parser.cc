// FrameParser's state machine.
#include "http3/frame_parser.h"

#include <algorithm>

namespace quasar::http3 {

void FrameParser::take_payload(PayloadMode mode) {
  if (state_ != State::kDecide) return;
  remaining_ = current_length_;
  switch (mode) {
    case PayloadMode::kWhole:
      state_ = State::kWhole;
      buffer_.clear();
      break;
    case PayloadMode::kPieces:
      state_ = State::kPieces;
      break;
    case PayloadMode::kSkip:
      state_ = State::kSkip;
      break;
  }
}

FrameParser::Event FrameParser::next(std::span<const uint8_t>& input) {
  for (;;) {
    switch (state_) {
      case State::kType:
        if (!type_.feed(input)) return {};
        state_ = State::kLength;
        [[fallthrough]];
      case State::kLength:
        if (!length_.feed(input)) return {};
        current_type_ = type_.value();
        current_length_ = length_.value();
        state_ = State::kDecide;
        return {EventKind::kHeader, current_type_, current_length_, {}};
      case State::kDecide:
        take_payload(PayloadMode::kSkip);
        break;
      case State::kWhole: {
        // Zero-copy when the whole payload is in this chunk and nothing was buffered.
        if (buffer_.empty() && input.size() >= remaining_) {
          const auto payload = input.first(static_cast<size_t>(remaining_));
          input = input.subspan(payload.size());
          remaining_ = 0;
          start_next_frame();
          return {EventKind::kPayload, current_type_, current_length_, payload};
        }
        const size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size()));
        buffer_.insert(buffer_.end(), input.begin(), input.begin() + take);
        input = input.subspan(take);
        remaining_ -= take;
        if (remaining_ > 0) return {};
        start_next_frame();
        return {EventKind::kPayload, current_type_, current_length_, buffer_};
      }
      case State::kPieces: {
        if (remaining_ == 0) {
          start_next_frame();
          break;
        }
        if (input.empty()) return {};
        const size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size()));
        const auto piece = input.first(take);
        input = input.subspan(take);
        remaining_ -= take;
        if (remaining_ == 0) start_next_frame();
        return {EventKind::kChunk, current_type_, current_length_, piece};
      }
      case State::kSkip: {
        const size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size()));
        input = input.subspan(take);
        remaining_ -= take;
        if (remaining_ > 0) return {};
        start_next_frame();
        break;
      }
    }
  }
}

}  // namespace quasar::http3
