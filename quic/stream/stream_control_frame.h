// StreamControlFrame: a flow-control or stream-management frame the stream layer wants sent.
#pragma once

#include <cstdint>

namespace quasar {

enum class StreamControlFrameType : uint8_t {
  kMaxData,             // RFC 9000 §19.9:  value = Maximum Data
  kDataBlocked,         // RFC 9000 §19.12: value = Maximum Data at which we are blocked
  kMaxStreamsBidi,      // RFC 9000 §19.11: value = Maximum Streams
  kMaxStreamsUni,       //
  kStreamsBlockedBidi,  // RFC 9000 §19.14: value = Maximum Streams at which we are blocked
  kStreamsBlockedUni,   //
  kResetStream,         // RFC 9000 §19.4:  value = error code, final_size
  kStopSending,         // RFC 9000 §19.5:  value = error code
  kMaxStreamData,       // RFC 9000 §19.10: value = Maximum Stream Data
  kStreamDataBlocked,   // RFC 9000 §19.13: value = Maximum Stream Data at which we are blocked
};

// The packet builder encodes these; the sent-packet record keeps a copy so that the stream
// layer hears back about it (sent / acked / lost) with the same values.
struct StreamControlFrame {
  StreamControlFrameType type = StreamControlFrameType::kMaxData;
  uint64_t stream_id = 0;   // for the per-stream frames
  uint64_t value = 0;       // see the type
  uint64_t final_size = 0;  // RESET_STREAM only
  friend bool operator==(const StreamControlFrame&, const StreamControlFrame&) = default;
};

// The RFC 9000 §19 frame type number.
constexpr uint64_t frame_type_of(StreamControlFrameType type) {
  switch (type) {
    case StreamControlFrameType::kMaxData:
      return 0x10;
    case StreamControlFrameType::kDataBlocked:
      return 0x14;
    case StreamControlFrameType::kMaxStreamsBidi:
      return 0x12;
    case StreamControlFrameType::kMaxStreamsUni:
      return 0x13;
    case StreamControlFrameType::kStreamsBlockedBidi:
      return 0x16;
    case StreamControlFrameType::kStreamsBlockedUni:
      return 0x17;
    case StreamControlFrameType::kResetStream:
      return 0x04;
    case StreamControlFrameType::kStopSending:
      return 0x05;
    case StreamControlFrameType::kMaxStreamData:
      return 0x11;
    case StreamControlFrameType::kStreamDataBlocked:
      return 0x15;
  }
  return 0;
}

}  // namespace quasar
