// StreamApiError: how the stream layer refuses a misused application call.
#pragma once

#include <cstdint>

namespace quasar {

// API misuse never closes the connection (ARCHITECTURE.md): these are returned to the caller.
enum class StreamApiError : uint8_t {
  kUnknownStream,   // not open: never opened, or closed and forgotten
  kWrongDirection,  // writing a receive-only stream or reading a send-only one
  kFinished,        // writing after finish()
  kReset,           // the sending part was reset (by us, or for the peer's STOP_SENDING)
  kStreamsBlocked,  // the peer's MAX_STREAMS allows no more streams of this direction
};

constexpr const char* stream_api_error_name(StreamApiError error) {
  switch (error) {
    case StreamApiError::kUnknownStream:
      return "unknown stream";
    case StreamApiError::kWrongDirection:
      return "wrong direction";
    case StreamApiError::kFinished:
      return "stream finished";
    case StreamApiError::kReset:
      return "stream reset";
    case StreamApiError::kStreamsBlocked:
      return "streams blocked";
  }
  return "?";
}

}  // namespace quasar
