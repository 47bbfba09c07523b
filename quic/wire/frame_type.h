// FrameType: every QUIC frame type value (RFC 9000 §12.4, §19; RFC 9221; ACK frequency draft).
#pragma once

#include <cstdint>

namespace quasar {

// The Frame Type field of RFC 9000 §12.4 Table 3, plus DATAGRAM (RFC 9221 §4) and the two
// frames of draft-ietf-quic-ack-frequency (§4, §5). Types that carry flags in their low bits
// (ACK, STREAM, MAX_STREAMS, STREAMS_BLOCKED, CONNECTION_CLOSE, DATAGRAM) list every value.
enum class FrameType : uint64_t {
  kPadding = 0x00,
  kPing = 0x01,
  kAck = 0x02,
  kAckEcn = 0x03,
  kResetStream = 0x04,
  kStopSending = 0x05,
  kCrypto = 0x06,
  kNewToken = 0x07,
  // RFC 9000 §19.8: 0b00001XXX, the low bits are OFF (0x04), LEN (0x02) and FIN (0x01).
  kStream = 0x08,
  kStreamFin = 0x09,
  kStreamLen = 0x0a,
  kStreamLenFin = 0x0b,
  kStreamOff = 0x0c,
  kStreamOffFin = 0x0d,
  kStreamOffLen = 0x0e,
  kStreamOffLenFin = 0x0f,
  kMaxData = 0x10,
  kMaxStreamData = 0x11,
  kMaxStreamsBidi = 0x12,
  kMaxStreamsUni = 0x13,
  kDataBlocked = 0x14,
  kStreamDataBlocked = 0x15,
  kStreamsBlockedBidi = 0x16,
  kStreamsBlockedUni = 0x17,
  kNewConnectionId = 0x18,
  kRetireConnectionId = 0x19,
  kPathChallenge = 0x1a,
  kPathResponse = 0x1b,
  kConnectionCloseTransport = 0x1c,
  kConnectionCloseApplication = 0x1d,
  kHandshakeDone = 0x1e,
  kImmediateAck = 0x1f,  // draft-ietf-quic-ack-frequency §5
  kDatagram = 0x30,      // RFC 9221 §4: the low bit is LEN
  kDatagramLen = 0x31,
  kAckFrequency = 0xaf,  // draft-ietf-quic-ack-frequency §4
};

// RFC 9000 §19.8: the flag bits of a STREAM frame type.
inline constexpr uint64_t kStreamFrameFinBit = 0x01;
inline constexpr uint64_t kStreamFrameLenBit = 0x02;
inline constexpr uint64_t kStreamFrameOffBit = 0x04;
// RFC 9221 §4: the LEN bit of a DATAGRAM frame type.
inline constexpr uint64_t kDatagramFrameLenBit = 0x01;

constexpr uint64_t to_wire(FrameType type) { return static_cast<uint64_t>(type); }

constexpr bool is_stream_frame_type(uint64_t type) { return type >= 0x08 && type <= 0x0f; }
constexpr bool is_stream_frame_type(FrameType type) { return is_stream_frame_type(to_wire(type)); }

// True for every value listed in FrameType, i.e. every frame type this codec understands.
constexpr bool is_known_frame_type(uint64_t type) {
  return type <= 0x1f || type == 0x30 || type == 0x31 || type == 0xaf;
}

// The frame's name as the specifications write it: "PADDING", "STREAM", "ACK_FREQUENCY".
constexpr const char* frame_type_name(FrameType type) {
  if (is_stream_frame_type(type)) return "STREAM";
  switch (type) {
    case FrameType::kPadding:
      return "PADDING";
    case FrameType::kPing:
      return "PING";
    case FrameType::kAck:
    case FrameType::kAckEcn:
      return "ACK";
    case FrameType::kResetStream:
      return "RESET_STREAM";
    case FrameType::kStopSending:
      return "STOP_SENDING";
    case FrameType::kCrypto:
      return "CRYPTO";
    case FrameType::kNewToken:
      return "NEW_TOKEN";
    case FrameType::kMaxData:
      return "MAX_DATA";
    case FrameType::kMaxStreamData:
      return "MAX_STREAM_DATA";
    case FrameType::kMaxStreamsBidi:
    case FrameType::kMaxStreamsUni:
      return "MAX_STREAMS";
    case FrameType::kDataBlocked:
      return "DATA_BLOCKED";
    case FrameType::kStreamDataBlocked:
      return "STREAM_DATA_BLOCKED";
    case FrameType::kStreamsBlockedBidi:
    case FrameType::kStreamsBlockedUni:
      return "STREAMS_BLOCKED";
    case FrameType::kNewConnectionId:
      return "NEW_CONNECTION_ID";
    case FrameType::kRetireConnectionId:
      return "RETIRE_CONNECTION_ID";
    case FrameType::kPathChallenge:
      return "PATH_CHALLENGE";
    case FrameType::kPathResponse:
      return "PATH_RESPONSE";
    case FrameType::kConnectionCloseTransport:
    case FrameType::kConnectionCloseApplication:
      return "CONNECTION_CLOSE";
    case FrameType::kHandshakeDone:
      return "HANDSHAKE_DONE";
    case FrameType::kImmediateAck:
      return "IMMEDIATE_ACK";
    case FrameType::kDatagram:
    case FrameType::kDatagramLen:
      return "DATAGRAM";
    case FrameType::kAckFrequency:
      return "ACK_FREQUENCY";
    default:
      return "UNKNOWN";
  }
}

}  // namespace quasar
