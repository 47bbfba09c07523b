// Stream ID arithmetic (RFC 9000 §2.1) and the direction rules for received stream frames.
#include <catch2/catch.hpp>

#include "quic/stream/stream_frame_rules.h"
#include "quic/stream/stream_frame_types.h"
#include "quic/stream/stream_id.h"

namespace quasar {
namespace {

TEST_CASE("Stream ID type bits follow the RFC 9000 §2.1 table", "[stream_id]") {
  // Table 1 of RFC 9000: 0x00 client bidi, 0x01 server bidi, 0x02 client uni, 0x03 server uni.
  CHECK(stream_initiator(0x00) == Role::kClient);
  CHECK(stream_direction(0x00) == StreamDirection::kBidirectional);
  CHECK(stream_initiator(0x01) == Role::kServer);
  CHECK(stream_direction(0x01) == StreamDirection::kBidirectional);
  CHECK(stream_initiator(0x02) == Role::kClient);
  CHECK(stream_direction(0x02) == StreamDirection::kUnidirectional);
  CHECK(stream_initiator(0x03) == Role::kServer);
  CHECK(stream_direction(0x03) == StreamDirection::kUnidirectional);
  CHECK(is_bidirectional(4));
  CHECK(is_unidirectional(6));
  CHECK_FALSE(is_unidirectional(9));
}

TEST_CASE("n-th stream IDs and indexes invert each other", "[stream_id]") {
  CHECK(nth_stream_id(Role::kClient, StreamDirection::kBidirectional, 0) == 0);
  CHECK(nth_stream_id(Role::kClient, StreamDirection::kBidirectional, 3) == 12);
  CHECK(nth_stream_id(Role::kServer, StreamDirection::kBidirectional, 1) == 5);
  CHECK(nth_stream_id(Role::kClient, StreamDirection::kUnidirectional, 2) == 10);
  // RFC 9000 §19.11: a server with a uni limit of 3 may open 3, 7 and 11, but not 15.
  CHECK(nth_stream_id(Role::kServer, StreamDirection::kUnidirectional, 0) == 3);
  CHECK(nth_stream_id(Role::kServer, StreamDirection::kUnidirectional, 2) == 11);
  CHECK(stream_count_needed(11) == 3);
  CHECK(stream_count_needed(15) == 4);
  for (Role role : {Role::kClient, Role::kServer}) {
    for (StreamDirection d : {StreamDirection::kBidirectional, StreamDirection::kUnidirectional}) {
      for (uint64_t n : {uint64_t{0}, uint64_t{1}, uint64_t{77}, (uint64_t{1} << 60) - 1}) {
        const uint64_t id = nth_stream_id(role, d, n);
        CHECK(stream_index(id) == n);
        CHECK(stream_initiator(id) == role);
        CHECK(stream_direction(id) == d);
        CHECK(id <= kMaxStreamId);
      }
    }
  }
  // The last stream a limit of 2^60 allows is the largest encodable ID of its type.
  CHECK(nth_stream_id(Role::kServer, StreamDirection::kUnidirectional, kMaxStreamCount - 1) ==
        kMaxStreamId);
}

TEST_CASE("Which side may send and receive on each stream type", "[stream_id]") {
  // Client view.
  CHECK(is_locally_initiated(0, Role::kClient));
  CHECK_FALSE(is_locally_initiated(1, Role::kClient));
  CHECK(can_send_on(2, Role::kClient));  // our uni
  CHECK_FALSE(can_receive_on(2, Role::kClient));
  CHECK_FALSE(can_send_on(3, Role::kClient));  // peer's uni
  CHECK(can_receive_on(3, Role::kClient));
  CHECK(can_send_on(1, Role::kClient));
  CHECK(can_receive_on(1, Role::kClient));
  // Server view mirrors it.
  CHECK(can_send_on(3, Role::kServer));
  CHECK_FALSE(can_receive_on(3, Role::kServer));
  CHECK_FALSE(can_send_on(2, Role::kServer));
  CHECK(can_receive_on(2, Role::kServer));
}

TEST_CASE("Frame direction rules of RFC 9000 §19.4-§19.13", "[stream_id][rules]") {
  using namespace stream_frame_type;
  const uint64_t own_uni = 2;   // client's send-only stream
  const uint64_t peer_uni = 3;  // client's receive-only stream
  const uint64_t peer_bidi = 1;
  for (uint64_t type : {kStreamBase, uint64_t{0x0f}, kResetStream, kStreamDataBlocked}) {
    const Status on_own_uni = check_stream_frame_direction(own_uni, type, Role::kClient);
    REQUIRE_FALSE(on_own_uni.ok());
    CHECK(on_own_uni.error().is(TransportError::kStreamStateError));
    CHECK(on_own_uni.error().frame_type == type);
    CHECK(check_stream_frame_direction(peer_uni, type, Role::kClient).ok());
    CHECK(check_stream_frame_direction(peer_bidi, type, Role::kClient).ok());
  }
  for (uint64_t type : {kMaxStreamData, kStopSending}) {
    const Status on_peer_uni = check_stream_frame_direction(peer_uni, type, Role::kClient);
    REQUIRE_FALSE(on_peer_uni.ok());
    CHECK(on_peer_uni.error().is(TransportError::kStreamStateError));
    CHECK(on_peer_uni.error().frame_type == type);
    CHECK(check_stream_frame_direction(own_uni, type, Role::kClient).ok());
    CHECK(check_stream_frame_direction(peer_bidi, type, Role::kClient).ok());
  }
  // Frames that do not name a stream are not this checker's business.
  CHECK(check_stream_frame_direction(own_uni, kMaxData, Role::kClient).ok());
  CHECK_FALSE(stream_frame_side(kMaxStreamsBidi).has_value());
  CHECK(stream_frame_side(0x0a) == StreamFrameSide::kPeerSending);
  CHECK(stream_frame_side(kStopSending) == StreamFrameSide::kPeerReceiving);
  CHECK(stream_with(0, false) == 0x0a);
  CHECK(stream_with(5, true) == 0x0f);
}

}  // namespace
}  // namespace quasar
