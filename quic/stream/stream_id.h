// Stream ID arithmetic (RFC 9000 §2.1): initiator, direction, index and the n-th ID of a type.
#pragma once

#include <cstdint>

#include "quic/base/role.h"
#include "quic/base/varint.h"

namespace quasar {

// RFC 9000 §2.1: bit 0x02 of a stream ID.
enum class StreamDirection : uint8_t { kBidirectional = 0, kUnidirectional = 1 };

// RFC 9000 §2.1: a stream ID is a 62-bit integer.
inline constexpr uint64_t kMaxStreamId = kMaxVarint;
// RFC 9000 §4.6: a stream count above 2^60 would allow IDs that cannot be encoded.
inline constexpr uint64_t kMaxStreamCount = uint64_t{1} << 60;

// RFC 9000 §2.1: the least significant bit is 0 for client-initiated streams.
constexpr Role stream_initiator(uint64_t stream_id) {
  return (stream_id & 0x01) == 0 ? Role::kClient : Role::kServer;
}

constexpr StreamDirection stream_direction(uint64_t stream_id) {
  return (stream_id & 0x02) == 0 ? StreamDirection::kBidirectional
                                 : StreamDirection::kUnidirectional;
}

constexpr bool is_bidirectional(uint64_t stream_id) { return (stream_id & 0x02) == 0; }
constexpr bool is_unidirectional(uint64_t stream_id) { return (stream_id & 0x02) != 0; }

// The position of a stream among the streams of its type: 0 for the first.
constexpr uint64_t stream_index(uint64_t stream_id) { return stream_id >> 2; }

// The type bits (0x00..0x03) shared by every stream of the same initiator and direction.
constexpr uint64_t stream_type_bits(Role initiator, StreamDirection direction) {
  return (direction == StreamDirection::kUnidirectional ? 0x02 : 0x00) |
         (initiator == Role::kServer ? 0x01 : 0x00);
}

// The `index`-th stream ID (0-based) of a type: 0, 4, 8... for client bidirectional streams.
constexpr uint64_t nth_stream_id(Role initiator, StreamDirection direction, uint64_t index) {
  return (index << 2) | stream_type_bits(initiator, direction);
}

// How many streams of its type must exist for `stream_id` to be open: its index + 1. A peer
// needs a MAX_STREAMS limit of at least this value to use the ID (RFC 9000 §4.6).
constexpr uint64_t stream_count_needed(uint64_t stream_id) { return stream_index(stream_id) + 1; }

constexpr bool is_locally_initiated(uint64_t stream_id, Role local) {
  return stream_initiator(stream_id) == local;
}

// RFC 9000 §2.1: a unidirectional stream carries data only from its initiator.
constexpr bool can_send_on(uint64_t stream_id, Role local) {
  return is_bidirectional(stream_id) || is_locally_initiated(stream_id, local);
}
constexpr bool can_receive_on(uint64_t stream_id, Role local) {
  return is_bidirectional(stream_id) || !is_locally_initiated(stream_id, local);
}

}  // namespace quasar
