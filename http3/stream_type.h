// Unidirectional stream types (RFC 9114 §6.2, RFC 9204 §4.2) and stream ID arithmetic
// (RFC 9000 §2.1) as HTTP/3 uses it.
#pragma once

#include <cstdint>

namespace quasar::http3 {

namespace stream_type {
inline constexpr uint64_t kControl = 0x00;       // RFC 9114 §6.2.1
inline constexpr uint64_t kPush = 0x01;          // RFC 9114 §6.2.2
inline constexpr uint64_t kQpackEncoder = 0x02;  // RFC 9204 §4.2
inline constexpr uint64_t kQpackDecoder = 0x03;  // RFC 9204 §4.2
}  // namespace stream_type

// RFC 9114 §6.2.3: types 0x1f * N + 0x21 are reserved and mean nothing.
constexpr bool is_grease_stream_type(uint64_t type) {
  return type >= 0x21 && (type - 0x21) % 0x1f == 0;
}

// RFC 9000 §2.1: the two low bits of a stream ID give its initiator and direction.
constexpr bool is_client_initiated(uint64_t stream_id) { return (stream_id & 0x1) == 0; }
constexpr bool is_bidirectional(uint64_t stream_id) { return (stream_id & 0x2) == 0; }
// RFC 9114 §6.1: every client-initiated bidirectional stream is a request stream.
constexpr bool is_request_stream(uint64_t stream_id) { return (stream_id & 0x3) == 0; }

}  // namespace quasar::http3
