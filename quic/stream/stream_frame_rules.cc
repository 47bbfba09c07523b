// Direction rules for received stream frames.
#include "quic/stream/stream_frame_rules.h"

#include "quic/stream/stream_frame_types.h"
#include "quic/stream/stream_id.h"

namespace quasar {

std::optional<StreamFrameSide> stream_frame_side(uint64_t frame_type) {
  using namespace stream_frame_type;
  if (is_stream(frame_type) || frame_type == kResetStream || frame_type == kStreamDataBlocked) {
    return StreamFrameSide::kPeerSending;
  }
  if (frame_type == kMaxStreamData || frame_type == kStopSending) {
    return StreamFrameSide::kPeerReceiving;
  }
  return std::nullopt;
}

Status check_stream_frame_direction(uint64_t stream_id, uint64_t frame_type, Role local) {
  const std::optional<StreamFrameSide> side = stream_frame_side(frame_type);
  if (!side) return ok_status();
  if (*side == StreamFrameSide::kPeerSending && !can_receive_on(stream_id, local)) {
    // RFC 9000 §19.4, §19.8, §19.13: the peer cannot send on our unidirectional stream.
    return QuicError::transport(TransportError::kStreamStateError, frame_type,
                                "frame for a send-only stream");
  }
  if (*side == StreamFrameSide::kPeerReceiving && !can_send_on(stream_id, local)) {
    // RFC 9000 §19.5, §19.10: the peer does not receive on its own unidirectional stream.
    return QuicError::transport(TransportError::kStreamStateError, frame_type,
                                "frame for a receive-only stream");
  }
  return ok_status();
}

}  // namespace quasar
