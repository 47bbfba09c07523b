// OutgoingStreamLimit: opening within the peer's MAX_STREAMS.
#include "quic/stream/outgoing_stream_limit.h"

#include "quic/stream/stream_id.h"

namespace quasar {

std::optional<uint64_t> OutgoingStreamLimit::try_open() {
  if (opened_ >= max_streams_) {
    wanted_more_ = true;
    return std::nullopt;
  }
  return opened_++;
}

bool OutgoingStreamLimit::update_max_streams(uint64_t max_streams) {
  // RFC 9000 §19.11: values above 2^60 were refused by the parser; clamp defensively.
  if (max_streams > kMaxStreamCount) max_streams = kMaxStreamCount;
  if (max_streams <= max_streams_) return false;  // MUST be ignored
  max_streams_ = max_streams;
  const bool unblocked = wanted_more_;
  wanted_more_ = false;
  return unblocked;
}

}  // namespace quasar
