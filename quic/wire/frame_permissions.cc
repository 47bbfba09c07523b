// The frame/packet-type table of RFC 9000 §12.4 (Table 3) with the 0-RTT restrictions of §12.5,
// and the per-frame predicates of RFC 9002 §2 and RFC 9000 §9.1.
#include "quic/wire/frame_permissions.h"

#include <cstdint>

namespace quasar {
namespace {

// One bit per packet type that can carry frames; Table 3's "Pkts" column letters.
enum PacketBits : uint8_t {
  kI = 1 << 0,  // Initial
  kH = 1 << 1,  // Handshake
  k0 = 1 << 2,  // 0-RTT
  k1 = 1 << 3,  // 1-RTT
  kNone = 0,
};

uint8_t allowed_packets(FrameType frame) {
  if (is_stream_frame_type(frame)) return k0 | k1;  // "__01"
  switch (frame) {
    case FrameType::kPadding:
    case FrameType::kPing:
      return kI | kH | k0 | k1;  // "IH01"
    // "IH_1": §17.2.3 "a client cannot send an ACK frame in a 0-RTT packet".
    case FrameType::kAck:
    case FrameType::kAckEcn:
    case FrameType::kCrypto:
      return kI | kH | k1;
    case FrameType::kResetStream:
    case FrameType::kStopSending:
    case FrameType::kMaxData:
    case FrameType::kMaxStreamData:
    case FrameType::kMaxStreamsBidi:
    case FrameType::kMaxStreamsUni:
    case FrameType::kDataBlocked:
    case FrameType::kStreamDataBlocked:
    case FrameType::kStreamsBlockedBidi:
    case FrameType::kStreamsBlockedUni:
    case FrameType::kNewConnectionId:
    case FrameType::kPathChallenge:
      return k0 | k1;  // "__01"
    // Table 3 lists RETIRE_CONNECTION_ID as "__01", but §12.5 names it among the frames that
    // it is "not possible to send" in 0-RTT packets, which a server MAY reject there.
    case FrameType::kRetireConnectionId:
      return k1;
    case FrameType::kNewToken:
    case FrameType::kPathResponse:
    case FrameType::kHandshakeDone:
      return k1;  // "___1"
    // "ih01": only the transport variant (0x1c) may appear in Initial and Handshake (§12.5).
    case FrameType::kConnectionCloseTransport:
      return kI | kH | k0 | k1;
    case FrameType::kConnectionCloseApplication:
      return k0 | k1;
    // RFC 9221 §5: "MUST be protected with either 0-RTT or 1-RTT keys".
    case FrameType::kDatagram:
    case FrameType::kDatagramLen:
      return k0 | k1;
    // draft-ietf-quic-ack-frequency §3: "cannot be sent in 0-RTT packets".
    case FrameType::kAckFrequency:
    case FrameType::kImmediateAck:
      return k1;
    default:
      return kNone;
  }
}

uint8_t packet_bit(PacketType packet) {
  switch (packet) {
    case PacketType::kInitial:
      return kI;
    case PacketType::kHandshake:
      return kH;
    case PacketType::kZeroRtt:
      return k0;
    case PacketType::kOneRtt:
      return k1;
    case PacketType::kRetry:
    case PacketType::kVersionNegotiation:
      return kNone;  // §12.4: they carry no frames
  }
  return kNone;
}

}  // namespace

bool frame_allowed_in(FrameType frame, PacketType packet) {
  return (allowed_packets(frame) & packet_bit(packet)) != 0;
}

bool is_ack_eliciting(FrameType frame) {
  if (!is_known_frame_type(to_wire(frame))) return false;
  switch (frame) {
    case FrameType::kPadding:
    case FrameType::kAck:
    case FrameType::kAckEcn:
    case FrameType::kConnectionCloseTransport:
    case FrameType::kConnectionCloseApplication:
      return false;
    default:
      return true;
  }
}

bool counts_toward_bytes_in_flight(FrameType frame) {
  return frame == FrameType::kPadding || is_ack_eliciting(frame);
}

bool is_probing_frame(FrameType frame) {
  switch (frame) {
    case FrameType::kPathChallenge:
    case FrameType::kPathResponse:
    case FrameType::kNewConnectionId:
    case FrameType::kPadding:
      return true;
    default:
      return false;
  }
}

}  // namespace quasar
