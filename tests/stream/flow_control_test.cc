// Send and receive flow control (RFC 9000 §4.1, §4.2): limits, blocked signals, auto-tuning.
#include <catch2/catch.hpp>

#include "quic/stream/receive_flow_control.h"
#include "quic/stream/send_flow_control.h"

namespace quasar {
namespace {

const Instant kStart = Instant::from_nanos(1'000'000'000);
const Duration kRtt = Duration::from_millis(50);

TEST_CASE("SendFlowControl counts credit and ignores smaller limits", "[flow_control]") {
  SendFlowControl flow(1000);
  CHECK(flow.available() == 1000);
  flow.add_sent(400);
  CHECK(flow.available() == 600);
  CHECK(flow.update_limit(900) == SendFlowControl::LimitUpdate::kIgnored);   // decrease
  CHECK(flow.update_limit(1000) == SendFlowControl::LimitUpdate::kIgnored);  // same
  CHECK(flow.limit() == 1000);
  CHECK(flow.update_limit(1500) == SendFlowControl::LimitUpdate::kIncreased);
  flow.add_sent(1100);
  CHECK(flow.is_blocked());
  CHECK(flow.update_limit(1600) == SendFlowControl::LimitUpdate::kUnblocked);
  CHECK(flow.available() == 100);
}

TEST_CASE("SendFlowControl signals blocked once per limit value", "[flow_control]") {
  SendFlowControl flow(100);
  CHECK_FALSE(flow.should_send_blocked());
  flow.add_sent(100);
  REQUIRE(flow.should_send_blocked());
  CHECK(flow.blocked_at() == 100);
  flow.on_blocked_sent(100);
  CHECK_FALSE(flow.should_send_blocked());
  // Lost: worth repeating while the limit is the same.
  flow.on_blocked_lost(100);
  CHECK(flow.should_send_blocked());
  flow.on_blocked_sent(100);
  // A new limit, used up again: blocked again, at the new value.
  flow.update_limit(250);
  flow.add_sent(150);
  REQUIRE(flow.should_send_blocked());
  CHECK(flow.blocked_at() == 250);
  flow.on_blocked_sent(250);
  // A loss report for the old frame does not resend.
  flow.on_blocked_lost(100);
  CHECK_FALSE(flow.should_send_blocked());
}

TEST_CASE("ReceiveFlowControl: exactly at the limit is fine, one byte over is not",
          "[flow_control]") {
  ReceiveFlowControl flow(1000, 1000);
  REQUIRE(flow.on_received_up_to(600, 0x08).ok());
  REQUIRE(flow.on_received_up_to(300, 0x08).ok());  // lower: nothing changes
  CHECK(flow.received() == 600);
  REQUIRE(flow.on_received(400, 0x08).ok());
  CHECK(flow.received() == 1000);
  const Status over = flow.on_received_up_to(1001, 0x0e);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().is(TransportError::kFlowControlError));
  CHECK(over.error().frame_type == 0x0e);
}

TEST_CASE("ReceiveFlowControl advertises more when half the window is used", "[flow_control]") {
  ReceiveFlowControl flow(1000, 1000);
  REQUIRE(flow.on_received_up_to(1000, 0x08).ok());
  flow.on_consumed(500, kStart, Duration::zero());
  CHECK_FALSE(flow.should_send_update());  // exactly half left
  flow.on_consumed(1, kStart, Duration::zero());
  REQUIRE(flow.should_send_update());
  CHECK(flow.next_limit() == 1501);
  flow.on_update_sent(1501);
  CHECK(flow.limit() == 1501);
  CHECK_FALSE(flow.should_send_update());
  // The frame was lost: send again, with whatever is current.
  flow.on_update_lost(1501);
  REQUIRE(flow.should_send_update());
  flow.on_consumed(99, kStart, Duration::zero());
  CHECK(flow.next_limit() == 1600);
  flow.on_update_sent(1600);
  CHECK_FALSE(flow.should_send_update());
  // A stale loss report changes nothing.
  flow.on_update_lost(1501);
  CHECK_FALSE(flow.should_send_update());
  REQUIRE(flow.on_received_up_to(1600, 0x08).ok());
  CHECK_FALSE(flow.on_received_up_to(1601, 0x08).ok());
}

TEST_CASE("ReceiveFlowControl auto-tuning doubles a window used up quickly, to a bound",
          "[flow_control][autotune]") {
  ReceiveFlowControl flow(1000, 6000);
  Instant now = kStart;
  uint64_t received = 0;
  // The application drains a full window every RTT: the window doubles each time, up to 6000.
  std::vector<uint64_t> windows;
  for (int round = 0; round < 8; ++round) {
    const uint64_t window = flow.window();
    received += window;
    REQUIRE(flow.on_received_up_to(received, 0x08).ok());
    flow.on_consumed(window, now, kRtt);
    REQUIRE(flow.should_send_update());
    flow.on_update_sent(flow.next_limit());
    windows.push_back(flow.window());
    now += kRtt / 2;
  }
  CHECK(windows[0] == 1000);  // the first read starts the measurement
  CHECK(windows[1] == 2000);
  CHECK(windows[2] == 4000);
  CHECK(windows[3] == 6000);  // bounded
  CHECK(windows.back() == 6000);
  CHECK(flow.limit() == flow.consumed() + 6000);
  CHECK(flow.max_window() == 6000);
}

TEST_CASE("ReceiveFlowControl keeps the window when the reader is slow",
          "[flow_control][autotune]") {
  ReceiveFlowControl flow(1000, 64000);
  Instant now = kStart;
  for (int i = 0; i < 20; ++i) {
    flow.on_consumed(500, now, kRtt);
    now += kRtt * 2;  // a window per four RTTs
  }
  CHECK(flow.window() == 1000);
  // No RTT sample, no tuning.
  ReceiveFlowControl untuned(1000, 64000);
  for (int i = 0; i < 20; ++i) untuned.on_consumed(1000, kStart, Duration::zero());
  CHECK(untuned.window() == 1000);
}

TEST_CASE("ReceiveFlowControl discarded bytes return credit without tuning", "[flow_control]") {
  ReceiveFlowControl flow(1000, 64000);
  REQUIRE(flow.on_received_up_to(800, 0x04).ok());
  flow.on_discarded(800);
  CHECK(flow.consumed() == 800);
  CHECK(flow.window() == 1000);
  CHECK(flow.should_send_update());
  flow.ensure_window_at_least(5000);
  CHECK(flow.window() == 5000);
  flow.ensure_window_at_least(100'000);
  CHECK(flow.window() == 64000);
}

}  // namespace
}  // namespace quasar
