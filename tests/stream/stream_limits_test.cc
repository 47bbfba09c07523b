// Stream count limits (RFC 9000 §4.6): opening under MAX_STREAMS and granting it.
#include <catch2/catch.hpp>

#include "quic/stream/incoming_stream_limit.h"
#include "quic/stream/outgoing_stream_limit.h"
#include "quic/stream/stream_id.h"

namespace quasar {
namespace {

TEST_CASE("OutgoingStreamLimit opens up to the peer's limit", "[limits]") {
  OutgoingStreamLimit limit(2);
  CHECK(limit.try_open() == 0u);
  CHECK(limit.try_open() == 1u);
  CHECK_FALSE(limit.should_send_blocked());  // nobody asked for more yet
  CHECK_FALSE(limit.try_open().has_value());
  REQUIRE(limit.should_send_blocked());
  limit.on_blocked_sent(2);
  CHECK_FALSE(limit.should_send_blocked());
  limit.on_blocked_lost(2);
  CHECK(limit.should_send_blocked());
  // RFC 9000 §19.11: decreases are ignored; an increase after a refusal unblocks.
  CHECK_FALSE(limit.update_max_streams(1));
  CHECK(limit.max_streams() == 2);
  CHECK(limit.update_max_streams(3));
  CHECK_FALSE(limit.should_send_blocked());
  CHECK(limit.try_open() == 2u);
  // An increase nobody was waiting for is not news.
  CHECK_FALSE(limit.update_max_streams(10));
  CHECK(limit.available() == 7);
  limit.update_max_streams(uint64_t{1} << 61);
  CHECK(limit.max_streams() == kMaxStreamCount);
}

TEST_CASE("IncomingStreamLimit refuses indexes beyond the limit", "[limits]") {
  IncomingStreamLimit limit(3);
  CHECK(limit.check_index(2, 0x08).ok());
  const Status over = limit.check_index(3, 0x0b);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().is(TransportError::kStreamLimitError));
  CHECK(over.error().frame_type == 0x0b);
  limit.on_opened_through(2);
  CHECK(limit.opened() == 3);
  limit.on_opened_through(0);
  CHECK(limit.opened() == 3);
}

TEST_CASE("IncomingStreamLimit returns credit as streams are released", "[limits]") {
  IncomingStreamLimit limit(8);
  limit.on_opened_through(7);
  CHECK_FALSE(limit.should_send_max_streams());
  limit.on_released();
  CHECK_FALSE(limit.should_send_max_streams());  // one of eight: not yet worth a frame
  limit.on_released();
  REQUIRE(limit.should_send_max_streams());  // a quarter freed
  CHECK(limit.next_max_streams() == 10);
  limit.on_max_streams_sent(10);
  CHECK(limit.max_streams() == 10);
  CHECK(limit.check_index(9, 0x08).ok());
  CHECK_FALSE(limit.check_index(10, 0x08).ok());
  CHECK_FALSE(limit.should_send_max_streams());
  limit.on_max_streams_lost(10);
  CHECK(limit.should_send_max_streams());
  limit.on_max_streams_sent(10);
  limit.on_max_streams_lost(9);  // stale
  CHECK_FALSE(limit.should_send_max_streams());
  CHECK(limit.open_count() == 6);
  // A limit of zero stays zero: the peer may not open this kind of stream at all.
  IncomingStreamLimit none(0);
  CHECK_FALSE(none.check_index(0, 0x08).ok());
  CHECK_FALSE(none.should_send_max_streams());
}

}  // namespace
}  // namespace quasar
