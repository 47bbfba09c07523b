// ApiError: how the HTTP/3 client and server APIs refuse a call. API misuse never closes the
// connection; it is returned to the caller.
#pragma once

#include <cstdint>

namespace quasar::http3 {

enum class ApiError : uint8_t {
  kConnectionClosed,      // the connection is closed
  kGoingAway,             // GOAWAY received: make new requests on another connection
  kUnknownRequest,        // no such request (finished, failed, or never made)
  kInvalidState,          // not now: body before the head, a second final response, after end
  kInvalidMessage,        // fields HTTP/3 does not allow (RFC 9114 §4.2, §4.3)
  kFieldSectionTooLarge,  // above the peer's SETTINGS_MAX_FIELD_SECTION_SIZE (§4.2.2)
  kStreamReset,           // the stream was reset, by us or by the peer
};

constexpr const char* api_error_name(ApiError error) {
  switch (error) {
    case ApiError::kConnectionClosed:
      return "connection closed";
    case ApiError::kGoingAway:
      return "going away";
    case ApiError::kUnknownRequest:
      return "unknown request";
    case ApiError::kInvalidState:
      return "invalid state";
    case ApiError::kInvalidMessage:
      return "invalid message";
    case ApiError::kFieldSectionTooLarge:
      return "field section too large";
    case ApiError::kStreamReset:
      return "stream reset";
  }
  return "?";
}

}  // namespace quasar::http3
