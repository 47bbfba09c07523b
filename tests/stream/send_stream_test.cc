// SendStream: the §3.1 states reached through real operations, STOP_SENDING, blocked signals.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/stream/send_stream.h"
#include "tests/stream/stream_test_util.h"

namespace quasar {
namespace {

using testing::pattern;

constexpr uint64_t kLots = uint64_t{1} << 40;

StreamChunk send(SendStream& stream, uint64_t max_bytes, uint64_t connection_credit = kLots) {
  auto chunk = stream.next_send(max_bytes, connection_credit);
  REQUIRE(chunk.has_value());
  stream.on_sent(*chunk);
  return *chunk;
}

TEST_CASE("SendStream walks Ready, Send, Data Sent, Data Recvd", "[send_stream][state]") {
  ChunkPool pool(64);
  SendStream stream(pool, 10000, 1000);
  CHECK(stream.state() == SendState::kReady);
  REQUIRE(stream.write(pattern(0, 100)) == 100);
  CHECK(stream.state() == SendState::kReady);  // buffered, nothing sent
  const StreamChunk first = send(stream, 60);
  CHECK(stream.state() == SendState::kSend);
  stream.finish();
  const StreamChunk last = send(stream, 60);
  CHECK(last.fin);
  CHECK(stream.state() == SendState::kDataSent);
  CHECK_FALSE(stream.on_acked(last));
  CHECK(stream.state() == SendState::kDataSent);
  CHECK(stream.on_acked(first));  // the last missing piece
  CHECK(stream.state() == SendState::kDataRecvd);
  CHECK(is_terminal(stream.state()));
  // Nothing more to do in a terminal state.
  CHECK_FALSE(stream.reset(1));
  CHECK_FALSE(stream.has_data_to_send(kLots));
}

TEST_CASE("SendStream: data and FIN in one frame go from Ready to Data Sent", "[send_stream]") {
  ChunkPool pool(64);
  SendStream stream(pool, 10000, 1000);
  REQUIRE(stream.write(pattern(0, 10)) == 10);
  stream.finish();
  CHECK(send(stream, 100) == StreamChunk{0, 10, true, false});
  CHECK(stream.state() == SendState::kDataSent);
}

TEST_CASE("SendStream reset from each non-terminal state", "[send_stream][state]") {
  ChunkPool pool(64);
  for (int reached = 0; reached < 3; ++reached) {
    SendStream stream(pool, 10000, 1000);
    REQUIRE(stream.write(pattern(0, 100)) == 100);
    if (reached >= 1) send(stream, 40);  // Send
    if (reached >= 2) {                  // Data Sent
      stream.finish();
      send(stream, 100);
    }
    const SendState before = stream.state();
    INFO("reset from " << send_state_name(before));
    REQUIRE(stream.reset(77));
    CHECK(stream.state() == SendState::kResetSent);
    CHECK(stream.has_reset_to_send());
    // RFC 9000 §4.5: the final size is what was sent.
    CHECK(stream.reset_fields() == ResetStreamFields{77, reached == 0   ? 0u
                                                         : reached == 1 ? 40u
                                                                        : 100u});
    // After a reset: no STREAM frames (§3.3), no retransmissions, no second reset.
    CHECK_FALSE(stream.next_send(100, kLots).has_value());
    CHECK_FALSE(stream.has_data_to_send(kLots));
    CHECK(stream.write(pattern(0, 1)) == 0);
    CHECK_FALSE(stream.reset(78));
    CHECK(stream.reset_fields().error_code == 77);
    stream.on_reset_sent();
    CHECK_FALSE(stream.has_reset_to_send());
    stream.on_reset_lost();
    CHECK(stream.has_reset_to_send());
    stream.on_reset_sent();
    stream.on_reset_acked();
    CHECK(stream.state() == SendState::kResetRecvd);
    // A late loss report does not bring the frame back.
    stream.on_reset_lost();
    CHECK_FALSE(stream.has_reset_to_send());
    CHECK(pool.chunks_in_use() == 0);
  }
}

TEST_CASE("SendStream answers STOP_SENDING with a reset carrying its code", "[send_stream]") {
  ChunkPool pool(64);
  SendStream stream(pool, 10000, 1000);
  REQUIRE(stream.write(pattern(0, 100)) == 100);
  send(stream, 30);
  CHECK(stream.on_stop_sending(0x10c));
  CHECK(stream.state() == SendState::kResetSent);
  CHECK(stream.reset_fields() == ResetStreamFields{0x10c, 30});
  CHECK(stream.stop_sending_error_code() == 0x10c);
  // A repeated STOP_SENDING changes nothing.
  CHECK_FALSE(stream.on_stop_sending(5));
  CHECK(stream.reset_fields().error_code == 0x10c);

  // Once every byte is acknowledged, there is nothing left to reset.
  SendStream done(pool, 10000, 1000);
  REQUIRE(done.write(pattern(0, 10)) == 10);
  done.finish();
  done.on_acked(send(done, 100));
  CHECK_FALSE(done.on_stop_sending(1));
  CHECK(done.state() == SendState::kDataRecvd);
}

TEST_CASE("SendStream writes stop at the peer's stream limit", "[send_stream][flow_control]") {
  ChunkPool pool(64);
  SendStream stream(pool, 10000, 100);
  CHECK(stream.writable_bytes() == 100);
  CHECK(stream.write(pattern(0, 150)) == 100);
  CHECK_FALSE(stream.take_writable());
  send(stream, 1000);
  // RFC 9000 §19.13: blocked at 100, said once.
  REQUIRE(stream.should_send_blocked());
  CHECK(stream.blocked_at() == 100);
  stream.on_blocked_sent(100);
  CHECK_FALSE(stream.should_send_blocked());
  CHECK(stream.on_max_stream_data(90) == SendFlowControl::LimitUpdate::kIgnored);
  CHECK(stream.on_max_stream_data(300) == SendFlowControl::LimitUpdate::kUnblocked);
  CHECK(stream.take_writable());
  CHECK_FALSE(stream.take_writable());  // once
  CHECK(stream.write(pattern(100, 200)) == 200);
}

TEST_CASE("SendStream STREAM_DATA_BLOCKED moves Ready to Send", "[send_stream][state]") {
  ChunkPool pool(64);
  SendStream stream(pool, 10000, 0);  // no credit at all yet
  CHECK(stream.write(pattern(0, 10)) == 0);
  REQUIRE(stream.should_send_blocked());
  CHECK(stream.blocked_at() == 0);
  stream.on_blocked_sent(0);
  CHECK(stream.state() == SendState::kSend);
}

TEST_CASE("SendStream send buffer space frees on acknowledgement", "[send_stream]") {
  ChunkPool pool(64);
  SendStream stream(pool, 100, kLots);
  CHECK(stream.write(pattern(0, 150)) == 100);
  const StreamChunk chunk = send(stream, 1000);
  CHECK_FALSE(stream.take_writable());  // sent but not acknowledged
  stream.on_acked(chunk);
  CHECK(stream.take_writable());
}

TEST_CASE("SendStream new data respects connection credit, retransmissions do not",
          "[send_stream][flow_control]") {
  ChunkPool pool(64);
  SendStream stream(pool, 10000, 1000);
  REQUIRE(stream.write(pattern(0, 500)) == 500);
  CHECK(send(stream, 1000, 200) == StreamChunk{0, 200, false, false});
  CHECK(stream.is_blocked_by_connection(0));
  CHECK_FALSE(stream.has_data_to_send(0));
  stream.on_lost(StreamChunk{0, 200, false, false});
  CHECK(stream.has_data_to_send(0));
  CHECK_FALSE(stream.is_blocked_by_connection(0));
  CHECK(stream.next_send(1000, 0) == StreamChunk{0, 200, false, true});
  // Retransmitted bytes are not new: nothing to charge the connection.
  CHECK(stream.on_sent(StreamChunk{0, 200, false, true}) == 0);
  CHECK(stream.on_sent(*stream.next_send(1000, 50)) == 50);
  CHECK(stream.flow().sent() == 250);
}

}  // namespace
}  // namespace quasar
