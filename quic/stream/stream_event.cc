// Names of stream events, for logs and qlog.
#include "quic/stream/stream_event.h"

namespace quasar {

const char* stream_event_name(StreamEventType type) {
  switch (type) {
    case StreamEventType::kOpened:
      return "opened";
    case StreamEventType::kReadable:
      return "readable";
    case StreamEventType::kWritable:
      return "writable";
    case StreamEventType::kFinished:
      return "finished";
    case StreamEventType::kResetReceived:
      return "reset_received";
    case StreamEventType::kStopSendingReceived:
      return "stop_sending_received";
    case StreamEventType::kBidiStreamsAvailable:
      return "bidi_streams_available";
    case StreamEventType::kUniStreamsAvailable:
      return "uni_streams_available";
  }
  return "?";
}

}  // namespace quasar
