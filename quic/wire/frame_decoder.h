// decode_frame(): parses one QUIC frame from a packet payload (RFC 9000 §12.4, §19).
#pragma once

#include "quic/base/buffer_reader.h"
#include "quic/base/result.h"
#include "quic/wire/frames.h"

namespace quasar {

// Decodes the frame at the reader's position and advances past it. Byte fields of the result
// (STREAM, CRYPTO, NEW_TOKEN, DATAGRAM data, CONNECTION_CLOSE reason, ACK ranges) are views
// into the reader's buffer, which must outlive the frame. A run of PADDING bytes is one frame.
//
// On error the reader is left where it was and the QuicError carries the RFC 9000 §20 code and
// the offending frame type:
//   - FRAME_ENCODING_ERROR: unknown frame type (§12.4), truncated frame, ACK range below 0
//     (§19.3.1), STREAM or CRYPTO data beyond 2^62-1 (§19.6, §19.8), MAX_STREAMS or
//     STREAMS_BLOCKED above 2^60 (§19.11, §19.14), NEW_CONNECTION_ID with a length outside
//     1..20 or Retire Prior To above its sequence number (§19.15), empty NEW_TOKEN (§19.7),
//     CONNECTION_CLOSE reason phrase beyond the packet (§19.19);
//   - PROTOCOL_VIOLATION: frame type not in its shortest encoding (§12.4), ACK_FREQUENCY
//     requesting a max_ack_delay of 2^14 ms or more (ACK frequency draft §4).
// Rules that need connection state stay with the caller: whether the frame may appear in this
// packet type (frame_allowed_in()), and whether extension frames (DATAGRAM, ACK_FREQUENCY,
// IMMEDIATE_ACK) were negotiated by transport parameter.
Result<Frame> decode_frame(BufferReader& reader);

}  // namespace quasar
