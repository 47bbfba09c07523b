// StreamEvent: what the stream layer tells the connection (and through it the application).
#pragma once

#include <cstdint>

namespace quasar {

enum class StreamEventType : uint8_t {
  // Per-stream events, at most one of each type pending per stream. Values are bit positions
  // and the delivery order for one stream.
  kOpened = 0,               // the peer opened the stream (RFC 9000 §3.2)
  kReadable = 1,             // data, or the end of the stream, can be read
  kWritable = 2,             // write() accepts data again after falling short
  kFinished = 3,             // every byte we sent, and the FIN, was acknowledged ("Data Recvd")
  kResetReceived = 4,        // the peer sent RESET_STREAM; error_code holds its code
  kStopSendingReceived = 5,  // the peer sent STOP_SENDING; the stream was reset with its code
  // Connection-wide events (stream_id is 0).
  kBidiStreamsAvailable = 6,  // MAX_STREAMS raised the limit after an open was refused
  kUniStreamsAvailable = 7,
};

inline constexpr uint8_t kStreamEventTypesPerStream = 6;

constexpr uint8_t event_bit(StreamEventType type) {
  return static_cast<uint8_t>(1u << static_cast<uint8_t>(type));
}

struct StreamEvent {
  StreamEventType type = StreamEventType::kOpened;
  uint64_t stream_id = 0;
  // The application error code for kResetReceived and kStopSendingReceived.
  uint64_t error_code = 0;
  friend bool operator==(const StreamEvent&, const StreamEvent&) = default;
};

const char* stream_event_name(StreamEventType type);

}  // namespace quasar
