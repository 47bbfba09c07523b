// HTTP/3 frame types (RFC 9114 §7.2, §11.2.1; RFC 9218 §7.2) and the classes of reserved types.
#pragma once

#include <cstdint>
#include <string_view>

namespace quasar::http3 {

namespace frame_type {
inline constexpr uint64_t kData = 0x00;
inline constexpr uint64_t kHeaders = 0x01;
inline constexpr uint64_t kCancelPush = 0x03;
inline constexpr uint64_t kSettings = 0x04;
inline constexpr uint64_t kPushPromise = 0x05;
inline constexpr uint64_t kGoaway = 0x07;
inline constexpr uint64_t kMaxPushId = 0x0d;
// RFC 9218 §7.2: PRIORITY_UPDATE for a request stream and for a push stream.
inline constexpr uint64_t kPriorityUpdateRequest = 0xf0700;
inline constexpr uint64_t kPriorityUpdatePush = 0xf0701;
}  // namespace frame_type

// RFC 9114 §7.2.8: types of the form 0x1f * N + 0x21 carry no meaning and are ignored.
constexpr bool is_grease_frame_type(uint64_t type) {
  return type >= 0x21 && (type - 0x21) % 0x1f == 0;
}

// RFC 9114 §7.2.8, §11.2.1: HTTP/2 frame types with no HTTP/3 counterpart (PRIORITY 0x02,
// PING 0x06, WINDOW_UPDATE 0x08, CONTINUATION 0x09). Receiving one is H3_FRAME_UNEXPECTED.
constexpr bool is_http2_only_frame_type(uint64_t type) {
  return type == 0x02 || type == 0x06 || type == 0x08 || type == 0x09;
}

// True for the frame types this implementation understands (the rest are skipped).
constexpr bool is_known_frame_type(uint64_t type) {
  switch (type) {
    case frame_type::kData:
    case frame_type::kHeaders:
    case frame_type::kCancelPush:
    case frame_type::kSettings:
    case frame_type::kPushPromise:
    case frame_type::kGoaway:
    case frame_type::kMaxPushId:
    case frame_type::kPriorityUpdateRequest:
    case frame_type::kPriorityUpdatePush:
      return true;
    default:
      return false;
  }
}

// "DATA", "HEADERS", ...; "RESERVED" for GREASE types, "UNKNOWN" for others.
std::string_view frame_type_name(uint64_t type);

}  // namespace quasar::http3
