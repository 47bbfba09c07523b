// ReceiveStream: the §3.2 states reached through frames and reads; flow control at both levels.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/stream/receive_stream.h"
#include "tests/stream/stream_test_util.h"

namespace quasar {
namespace {

using testing::pattern;

const Instant kNow = Instant::from_nanos(5'000'000'000);
const Duration kRtt = Duration::from_millis(20);

struct Fixture {
  ChunkPool pool{64};
  ReceiveFlowControl connection{100000, 100000};
  ReceiveStream stream{pool, 1000, 1000};

  Status frame(uint64_t offset, size_t length, bool fin, uint64_t type = 0x0e) {
    return stream.on_stream_frame(offset, pattern(offset, length), fin, type, connection);
  }
  StreamReadResult read(std::vector<uint8_t>& out) {
    return stream.read(out.data(), out.size(), kNow, kRtt, connection);
  }
};

TEST_CASE("ReceiveStream walks Recv, Size Known, Data Recvd, Data Read",
          "[receive_stream][state]") {
  Fixture f;
  CHECK(f.stream.state() == ReceiveState::kRecv);
  REQUIRE(f.frame(50, 50, true).ok());
  CHECK(f.stream.state() == ReceiveState::kSizeKnown);
  CHECK_FALSE(f.stream.is_readable());
  REQUIRE(f.frame(0, 20, false).ok());
  CHECK(f.stream.state() == ReceiveState::kSizeKnown);
  CHECK(f.stream.is_readable());
  REQUIRE(f.frame(20, 30, false).ok());
  CHECK(f.stream.state() == ReceiveState::kDataRecvd);
  std::vector<uint8_t> out(60);
  StreamReadResult r = f.read(out);
  CHECK(r.bytes == 60);
  CHECK_FALSE(r.fin);
  CHECK(f.stream.state() == ReceiveState::kDataRecvd);
  r = f.read(out);
  CHECK(r.bytes == 40);
  CHECK(r.fin);
  CHECK(std::vector<uint8_t>(out.begin(), out.begin() + 40) == pattern(60, 40));
  CHECK(f.stream.state() == ReceiveState::kDataRead);
  // Late duplicates are absorbed; final size rules still hold.
  CHECK(f.frame(0, 100, true).ok());
  CHECK(f.stream.state() == ReceiveState::kDataRead);
  CHECK_FALSE(f.frame(0, 101, false).ok());
  CHECK(f.connection.consumed() == 100);
}

TEST_CASE("ReceiveStream FIN completing all data goes straight to Data Recvd",
          "[receive_stream][state]") {
  Fixture f;
  REQUIRE(f.frame(0, 10, true).ok());
  CHECK(f.stream.state() == ReceiveState::kDataRecvd);
  // An empty stream: a FIN at offset 0 is still something to report.
  Fixture empty;
  REQUIRE(empty.frame(0, 0, true).ok());
  CHECK(empty.stream.state() == ReceiveState::kDataRecvd);
  CHECK(empty.stream.is_readable());
  std::vector<uint8_t> out(8);
  const StreamReadResult r = empty.read(out);
  CHECK(r.bytes == 0);
  CHECK(r.fin);
  CHECK(empty.stream.state() == ReceiveState::kDataRead);
}

TEST_CASE("ReceiveStream RESET_STREAM from Recv, Size Known and Data Recvd",
          "[receive_stream][state]") {
  for (int reached = 0; reached < 3; ++reached) {
    Fixture f;
    REQUIRE(f.frame(0, 30, false).ok());
    if (reached >= 1) REQUIRE(f.frame(60, 40, true).ok());   // Size Known
    if (reached >= 2) REQUIRE(f.frame(30, 30, false).ok());  // Data Recvd
    INFO("reset from " << receive_state_name(f.stream.state()));
    REQUIRE(f.stream.on_reset_stream(9, 100, f.connection).ok());
    CHECK(f.stream.state() == ReceiveState::kResetRecvd);
    CHECK(f.stream.reset_error_code() == 9);
    CHECK_FALSE(f.stream.is_readable());
    // The whole final size counts as received and, never to be read, as consumed.
    CHECK(f.connection.received() == 100);
    CHECK(f.connection.consumed() == 100);
    CHECK(f.stream.flow().consumed() == 100);
    CHECK(f.pool.chunks_in_use() == 0);
    // A repeated reset is absorbed; one with another final size is not.
    CHECK(f.stream.on_reset_stream(9, 100, f.connection).ok());
    const Status changed = f.stream.on_reset_stream(9, 101, f.connection);
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().is(TransportError::kFinalSizeError));
    CHECK(changed.error().frame_type == 0x04);
    // Reading reports the reset once and moves to Reset Read.
    std::vector<uint8_t> out(10);
    const StreamReadResult r = f.read(out);
    CHECK(r.reset_error_code == 9);
    CHECK(r.bytes == 0);
    CHECK(f.stream.state() == ReceiveState::kResetRead);
  }
}

TEST_CASE("ReceiveStream RESET_STREAM final size rules", "[receive_stream][final_size]") {
  Fixture f;
  REQUIRE(f.frame(0, 50, false).ok());
  // Below data already received.
  Status s = f.stream.on_reset_stream(1, 49, f.connection);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().is(TransportError::kFinalSizeError));
  // Beyond the stream's flow control limit.
  s = f.stream.on_reset_stream(1, 1001, f.connection);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().is(TransportError::kFlowControlError));
  CHECK(s.error().frame_type == 0x04);
  // Different from a FIN already seen.
  Fixture g;
  REQUIRE(g.frame(0, 50, true).ok());
  s = g.stream.on_reset_stream(1, 60, g.connection);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().is(TransportError::kFinalSizeError));
  // Data after a reset, beyond its final size.
  Fixture h;
  REQUIRE(h.stream.on_reset_stream(1, 10, h.connection).ok());
  s = h.frame(5, 10, false, 0x0f);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().is(TransportError::kFinalSizeError));
  CHECK(s.error().frame_type == 0x0f);
  CHECK(h.frame(0, 10, false).ok());
}

TEST_CASE("ReceiveStream stream and connection flow control limits",
          "[receive_stream][flow_control]") {
  Fixture f;
  REQUIRE(f.frame(0, 1000, false).ok());  // exactly the stream limit
  Status s = f.frame(1000, 1, false, 0x0e);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().is(TransportError::kFlowControlError));
  CHECK(s.error().frame_type == 0x0e);

  ChunkPool pool(64);
  ReceiveFlowControl connection(150, 150);
  ReceiveStream a(pool, 1000, 1000);
  ReceiveStream b(pool, 1000, 1000);
  REQUIRE(a.on_stream_frame(0, pattern(0, 100), false, 0x08, connection).ok());
  // Retransmitted data below the highest offset costs nothing more.
  REQUIRE(a.on_stream_frame(0, pattern(0, 100), false, 0x08, connection).ok());
  REQUIRE(b.on_stream_frame(40, pattern(40, 10), false, 0x0e, connection).ok());
  CHECK(connection.received() == 150);  // highest offsets: 100 + 50
  s = b.on_stream_frame(50, pattern(50, 1), false, 0x0e, connection);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().is(TransportError::kFlowControlError));
}

TEST_CASE("ReceiveStream MAX_STREAM_DATA as the application reads",
          "[receive_stream][flow_control]") {
  Fixture f;
  REQUIRE(f.frame(0, 600, false).ok());
  CHECK_FALSE(f.stream.should_send_max_stream_data());
  std::vector<uint8_t> out(600);
  REQUIRE(f.read(out).bytes == 600);
  REQUIRE(f.stream.should_send_max_stream_data());
  CHECK(f.stream.next_max_stream_data() == 1600);
  f.stream.on_max_stream_data_sent(1600);
  CHECK_FALSE(f.stream.should_send_max_stream_data());
  REQUIRE(f.frame(600, 1000, false).ok());  // up to the new limit
  // Once the final size is known, no more MAX_STREAM_DATA (RFC 9000 §3.2).
  REQUIRE(f.frame(1600, 0, true).ok());
  out.resize(1000);
  REQUIRE(f.read(out).bytes == 1000);
  CHECK_FALSE(f.stream.should_send_max_stream_data());
}

TEST_CASE("ReceiveStream stop_sending discards data but keeps counting it",
          "[receive_stream][stop_sending]") {
  Fixture f;
  REQUIRE(f.frame(0, 100, false).ok());
  REQUIRE(f.stream.stop_sending(0x33, f.connection));
  CHECK(f.stream.has_stop_sending_to_send());
  CHECK(f.stream.stop_sending_error_code() == 0x33);
  CHECK_FALSE(f.stream.is_readable());
  CHECK(f.connection.consumed() == 100);
  CHECK(f.pool.chunks_in_use() == 0);
  // More data still counts for flow control, and is credited at once.
  REQUIRE(f.frame(100, 50, false).ok());
  CHECK(f.connection.received() == 150);
  CHECK(f.connection.consumed() == 150);
  CHECK_FALSE(f.frame(150, 900, false).ok());  // the stream limit still applies
  f.stream.on_stop_sending_sent();
  CHECK_FALSE(f.stream.has_stop_sending_to_send());
  f.stream.on_stop_sending_lost();
  CHECK(f.stream.has_stop_sending_to_send());  // still in Recv: worth repeating
  // The peer resets in answer.
  REQUIRE(f.stream.on_reset_stream(0x33, 150, f.connection).ok());
  CHECK(f.stream.state() == ReceiveState::kResetRecvd);
  CHECK_FALSE(f.stream.has_stop_sending_to_send());
  f.stream.on_stop_sending_lost();
  CHECK_FALSE(f.stream.has_stop_sending_to_send());
}

TEST_CASE("ReceiveStream stop_sending after all data arrived just finishes reading",
          "[receive_stream][stop_sending]") {
  Fixture f;
  REQUIRE(f.frame(0, 100, true).ok());
  CHECK(f.stream.state() == ReceiveState::kDataRecvd);
  CHECK_FALSE(f.stream.stop_sending(1, f.connection));  // no frame needed
  CHECK(f.stream.state() == ReceiveState::kDataRead);
  CHECK(f.connection.consumed() == 100);
}

TEST_CASE("ReceiveStream peek and consume", "[receive_stream]") {
  Fixture f;
  REQUIRE(f.frame(0, 100, true).ok());
  std::vector<uint8_t> got;
  for (auto view = f.stream.peek(); !view.empty(); view = f.stream.peek()) {
    got.insert(got.end(), view.begin(), view.end());
    f.stream.consume(view.size(), kNow, kRtt, f.connection);
  }
  CHECK(got == pattern(0, 100));
  CHECK(f.stream.state() == ReceiveState::kDataRead);
  CHECK(f.connection.consumed() == 100);
}

}  // namespace
}  // namespace quasar
