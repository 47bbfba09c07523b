// Per-frame-type rules: which packet types may carry a frame (RFC 9000 §12.4 Table 3, §12.5,
// §17.2), and whether it is ack-eliciting, counts toward bytes in flight, or may probe a path.
#pragma once

#include "quic/wire/frame_type.h"
#include "quic/wire/packet_type.h"

namespace quasar {

// True if a frame of `frame` type may appear in a packet of type `packet`. A receiver treats
// any other combination as a connection error of type PROTOCOL_VIOLATION (§12.4).
//   - Initial and Handshake carry PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE of type 0x1c
//     only (§12.4 Table 3, §17.2.2, §17.2.4).
//   - 0-RTT carries neither ACK, CRYPTO, HANDSHAKE_DONE, NEW_TOKEN, PATH_RESPONSE nor
//     RETIRE_CONNECTION_ID (§12.5, §17.2.3), nor the ACK frequency frames (draft §3).
//   - 1-RTT carries every frame. Retry and Version Negotiation carry none.
bool frame_allowed_in(FrameType frame, PacketType packet);

// RFC 9002 §2, RFC 9000 §13.2: every frame except ACK, PADDING and CONNECTION_CLOSE elicits
// an acknowledgment. A packet is ack-eliciting if any of its frames is.
bool is_ack_eliciting(FrameType frame);

// RFC 9002 §2: a packet is in flight (counts toward bytes in flight and the congestion window)
// if it is ack-eliciting or carries PADDING (RFC 9000 §13.2.7 "PADDING Frames Consume
// Congestion Window").
bool counts_toward_bytes_in_flight(FrameType frame);

// RFC 9000 §9.1, Table 3 "P": a packet holding only PATH_CHALLENGE, PATH_RESPONSE,
// NEW_CONNECTION_ID and PADDING frames is a probing packet.
bool is_probing_frame(FrameType frame);

}  // namespace quasar
