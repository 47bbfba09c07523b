// IncomingStreamLimit: enforcing our MAX_STREAMS and returning credit as streams close.
#include "quic/stream/incoming_stream_limit.h"

#include <algorithm>

#include "quic/stream/stream_id.h"

namespace quasar {

IncomingStreamLimit::IncomingStreamLimit(uint64_t initial_max_streams)
    : max_streams_(std::min(initial_max_streams, kMaxStreamCount)), window_(max_streams_) {}

Status IncomingStreamLimit::check_index(uint64_t index, uint64_t frame_type) const {
  if (index >= max_streams_) {
    // RFC 9000 §4.6: a peer opening more streams than permitted.
    return QuicError::transport(TransportError::kStreamLimitError, frame_type,
                                "stream ID beyond the advertised stream limit");
  }
  return ok_status();
}

void IncomingStreamLimit::on_opened_through(uint64_t index) {
  opened_ = std::max(opened_, index + 1);
}

uint64_t IncomingStreamLimit::next_max_streams() const {
  return std::min(released_ + window_, kMaxStreamCount);
}

bool IncomingStreamLimit::should_send_max_streams() const {
  if (resend_) return true;
  const uint64_t next = next_max_streams();
  if (next <= max_streams_) return false;
  return next - max_streams_ >= std::max<uint64_t>(1, window_ / 4);
}

void IncomingStreamLimit::on_max_streams_sent(uint64_t max_streams) {
  max_streams_ = std::max(max_streams_, max_streams);
  resend_ = false;
}

}  // namespace quasar
