// Which stream frames may arrive on which kind of stream (RFC 9000 §3, §19.4-§19.13).
#pragma once

#include <cstdint>
#include <optional>

#include "quic/base/result.h"
#include "quic/base/role.h"

namespace quasar {

// Which half of a stream a received frame talks about.
enum class StreamFrameSide : uint8_t {
  // STREAM, RESET_STREAM, STREAM_DATA_BLOCKED: sent by the peer as the stream's sender, so
  // they concern our receiving part.
  kPeerSending,
  // MAX_STREAM_DATA, STOP_SENDING: sent by the peer as the stream's receiver, so they
  // concern our sending part.
  kPeerReceiving,
};

// nullopt for frame types that do not name a stream.
std::optional<StreamFrameSide> stream_frame_side(uint64_t frame_type);

// Checks the direction rules of RFC 9000 §19.4, §19.5, §19.8, §19.10 and §19.13 for a frame of
// `frame_type` naming `stream_id`, received by an endpoint playing `local`:
// - STREAM, RESET_STREAM and STREAM_DATA_BLOCKED on a send-only stream (one we initiated as
//   unidirectional) are STREAM_STATE_ERROR;
// - MAX_STREAM_DATA and STOP_SENDING on a receive-only stream (one the peer initiated as
//   unidirectional) are STREAM_STATE_ERROR.
// Whether a locally initiated stream exists yet is the stream map's question, not this one's.
Status check_stream_frame_direction(uint64_t stream_id, uint64_t frame_type, Role local);

}  // namespace quasar
