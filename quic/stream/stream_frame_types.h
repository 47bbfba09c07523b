// The RFC 9000 §19 type numbers of the frames the stream layer gives meaning to.
#pragma once

#include <cstdint>

namespace quasar::stream_frame_type {

// These are the values carried in QuicError::frame_type when a stream frame is refused.
inline constexpr uint64_t kResetStream = 0x04;         // RFC 9000 §19.4
inline constexpr uint64_t kStopSending = 0x05;         // RFC 9000 §19.5
inline constexpr uint64_t kStreamBase = 0x08;          // RFC 9000 §19.8: 0x08..0x0f
inline constexpr uint64_t kStreamLast = 0x0f;          //   OFF 0x04, LEN 0x02, FIN 0x01
inline constexpr uint64_t kMaxData = 0x10;             // RFC 9000 §19.9
inline constexpr uint64_t kMaxStreamData = 0x11;       // RFC 9000 §19.10
inline constexpr uint64_t kMaxStreamsBidi = 0x12;      // RFC 9000 §19.11
inline constexpr uint64_t kMaxStreamsUni = 0x13;       //
inline constexpr uint64_t kDataBlocked = 0x14;         // RFC 9000 §19.12
inline constexpr uint64_t kStreamDataBlocked = 0x15;   // RFC 9000 §19.13
inline constexpr uint64_t kStreamsBlockedBidi = 0x16;  // RFC 9000 §19.14
inline constexpr uint64_t kStreamsBlockedUni = 0x17;   //

constexpr bool is_stream(uint64_t frame_type) {
  return frame_type >= kStreamBase && frame_type <= kStreamLast;
}

// The STREAM frame type a frame with these fields would carry (RFC 9000 §19.8), for errors
// raised where the caller did not say which of 0x08..0x0f it received.
constexpr uint64_t stream_with(uint64_t offset, bool fin) {
  return kStreamBase | (offset != 0 ? 0x04 : 0x00) | 0x02 | (fin ? 0x01 : 0x00);
}

}  // namespace quasar::stream_frame_type
