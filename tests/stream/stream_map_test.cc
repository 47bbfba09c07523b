// StreamMap: opening and limits, frame checks, events, control frames and connection credit.
#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include "quic/stream/stream_frame_types.h"
#include "quic/stream/stream_map.h"
#include "tests/stream/stream_test_util.h"

namespace quasar {
namespace {

using testing::pattern;
namespace ft = stream_frame_type;

const Instant kNow = Instant::from_nanos(1'000'000'000);
const Duration kRtt = Duration::from_millis(10);

StreamMapConfig config_for(Role role) {
  StreamMapConfig config;
  config.role = role;
  config.initial_max_data = 10000;
  config.initial_max_stream_data_bidi_local = 1000;
  config.initial_max_stream_data_bidi_remote = 1000;
  config.initial_max_stream_data_uni = 1000;
  config.initial_max_streams_bidi = 4;
  config.initial_max_streams_uni = 2;
  config.max_stream_receive_window = 1000;
  config.max_connection_receive_window = 10000;
  config.chunk_size = 256;
  return config;
}

PeerStreamLimits generous_peer() {
  PeerStreamLimits peer;
  peer.initial_max_data = 100000;
  peer.initial_max_stream_data_bidi_local = 5000;
  peer.initial_max_stream_data_bidi_remote = 5000;
  peer.initial_max_stream_data_uni = 5000;
  peer.initial_max_streams_bidi = 2;
  peer.initial_max_streams_uni = 1;
  return peer;
}

std::vector<StreamEvent> drain_events(StreamMap& map) {
  std::vector<StreamEvent> events;
  while (auto e = map.poll_event()) events.push_back(*e);
  return events;
}

std::vector<StreamControlFrame> drain_control(StreamMap& map) {
  std::vector<StreamControlFrame> frames;
  while (auto f = map.next_control_frame()) {
    frames.push_back(*f);
    map.on_control_frame_sent(*f);
    REQUIRE(frames.size() < 100);
  }
  return frames;
}

// Sends everything the scheduler offers; returns the chunks by stream.
std::vector<std::pair<uint64_t, StreamChunk>> send_all(StreamMap& map, uint64_t max_bytes = 500) {
  std::vector<std::pair<uint64_t, StreamChunk>> sent;
  while (Stream* stream = map.next_stream_to_send()) {
    auto chunk = map.next_stream_chunk(*stream, max_bytes);
    REQUIRE(chunk.has_value());
    map.on_stream_chunk_sent(*stream, *chunk);
    sent.emplace_back(stream->id(), *chunk);
    REQUIRE(sent.size() < 10000);
  }
  return sent;
}

void check_error(const Status& status, TransportError code, uint64_t frame_type) {
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().is(code));
  CHECK(status.error().frame_type == frame_type);
}

TEST_CASE("StreamMap opens local streams within the peer's MAX_STREAMS", "[stream_map][limits]") {
  StreamMap client(config_for(Role::kClient));
  // Before the peer's transport parameters: nothing may be opened.
  auto refused = client.open_stream(StreamDirection::kBidirectional);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error() == StreamApiError::kStreamsBlocked);
  client.apply_peer_limits(generous_peer());
  CHECK(drain_events(client) ==
        std::vector<StreamEvent>{{StreamEventType::kBidiStreamsAvailable, 0, 0}});
  CHECK(client.open_stream(StreamDirection::kBidirectional).value() == 0u);
  CHECK(client.open_stream(StreamDirection::kBidirectional).value() == 4u);
  CHECK(client.open_stream(StreamDirection::kUnidirectional).value() == 2u);
  CHECK_FALSE(client.open_stream(StreamDirection::kBidirectional).ok());
  CHECK_FALSE(client.open_stream(StreamDirection::kUnidirectional).ok());
  CHECK(client.stream_count(Role::kClient, StreamDirection::kBidirectional) == 2);
  // STREAMS_BLOCKED once per limit value (RFC 9000 §19.14).
  const auto blocked = drain_control(client);
  CHECK(blocked ==
        std::vector<StreamControlFrame>{{StreamControlFrameType::kStreamsBlockedBidi, 0, 2, 0},
                                        {StreamControlFrameType::kStreamsBlockedUni, 0, 1, 0}});
  CHECK_FALSE(client.open_stream(StreamDirection::kBidirectional).ok());
  CHECK(drain_control(client).empty());
  // MAX_STREAMS: decreases ignored, increases announced to the application.
  client.on_max_streams(StreamDirection::kBidirectional, 1);
  CHECK(drain_events(client).empty());
  client.on_max_streams(StreamDirection::kBidirectional, 3);
  CHECK(drain_events(client) ==
        std::vector<StreamEvent>{{StreamEventType::kBidiStreamsAvailable, 0, 0}});
  CHECK(client.streams_available(StreamDirection::kBidirectional) == 1);
  CHECK(client.open_stream(StreamDirection::kBidirectional).value() == 8u);
}

TEST_CASE("StreamMap server opens server-initiated IDs", "[stream_map]") {
  StreamMap server(config_for(Role::kServer));
  server.apply_peer_limits(generous_peer());
  CHECK(server.open_stream(StreamDirection::kBidirectional).value() == 1u);
  CHECK(server.open_stream(StreamDirection::kUnidirectional).value() == 3u);
  CHECK(server.find(3)->receive() == nullptr);
  CHECK(server.find(1)->receive() != nullptr);
}

TEST_CASE("StreamMap peer streams open implicitly with all lower IDs", "[stream_map][open]") {
  StreamMap server(config_for(Role::kServer));
  REQUIRE(server.on_stream_frame(8, 0x0a, 0, pattern(0, 5), false).ok());
  CHECK(server.stream_count() == 3);
  const auto events = drain_events(server);
  CHECK(events == std::vector<StreamEvent>{{StreamEventType::kOpened, 0, 0},
                                           {StreamEventType::kOpened, 4, 0},
                                           {StreamEventType::kOpened, 8, 0},
                                           {StreamEventType::kReadable, 8, 0}});
  // A lower ID that was opened implicitly takes data like any other.
  REQUIRE(server.on_stream_frame(4, 0x0b, 0, pattern(0, 3), true).ok());
  CHECK(server.find(4)->receive()->state() == ReceiveState::kDataRecvd);
  // The peer's unidirectional streams, and MAX_STREAM_DATA / STOP_SENDING opening bidi
  // streams (RFC 9000 §3.2).
  REQUIRE(server.on_stream_frame(6, 0x08, 0, pattern(0, 1), false).ok());
  CHECK(server.stream_count(Role::kClient, StreamDirection::kUnidirectional) == 2);
  REQUIRE(server.on_max_stream_data(12, 9999).ok());
  CHECK(server.find(12)->send()->flow().limit() == 9999);
  CHECK(server.find(12)->receive()->state() == ReceiveState::kRecv);
  // STREAM_DATA_BLOCKED and STOP_SENDING open streams too; STOP_SENDING on a new stream
  // resets its sending part at once.
  StreamMap other(config_for(Role::kServer));
  REQUIRE(other.on_stream_data_blocked(2, 0).ok());
  CHECK(other.find(2) != nullptr);
  REQUIRE(other.on_stop_sending(0, 5).ok());
  CHECK(other.find(0)->send()->state() == SendState::kResetSent);
  CHECK(drain_control(other) ==
        std::vector<StreamControlFrame>{{StreamControlFrameType::kResetStream, 0, 5, 0}});
}

TEST_CASE("StreamMap STREAM_LIMIT_ERROR beyond our MAX_STREAMS", "[stream_map][limits]") {
  StreamMap server(config_for(Role::kServer));  // 4 bidi, 2 uni
  // Stream 12 is the fourth client bidi stream: allowed. 16 is the fifth.
  CHECK(server.on_stream_frame(12, 0x08, 0, {}, false).ok());
  check_error(server.on_stream_frame(16, 0x0c, 0, {}, false), TransportError::kStreamLimitError,
              0x0c);
  check_error(server.on_reset_stream(16, 0, 0), TransportError::kStreamLimitError,
              ft::kResetStream);
  check_error(server.on_max_stream_data(16, 10), TransportError::kStreamLimitError,
              ft::kMaxStreamData);
  check_error(server.on_stop_sending(16, 0), TransportError::kStreamLimitError, ft::kStopSending);
  check_error(server.on_stream_frame(10, 0x08, 0, {}, false), TransportError::kStreamLimitError,
              0x08);  // third client uni stream
  CHECK(server.stream_count() == 4);
}

TEST_CASE("StreamMap STREAM_STATE_ERROR for frames on the wrong kind of stream",
          "[stream_map][rules]") {
  StreamMap client(config_for(Role::kClient));
  client.apply_peer_limits(generous_peer());
  REQUIRE(client.open_stream(StreamDirection::kUnidirectional).value() == 2u);
  // STREAM / RESET_STREAM / STREAM_DATA_BLOCKED on our send-only stream (§19.8, §19.4, §19.13).
  check_error(client.on_stream_frame(2, 0x0a, 0, pattern(0, 1), false),
              TransportError::kStreamStateError, 0x0a);
  check_error(client.on_reset_stream(2, 0, 0), TransportError::kStreamStateError, ft::kResetStream);
  check_error(client.on_stream_data_blocked(2, 0), TransportError::kStreamStateError,
              ft::kStreamDataBlocked);
  // MAX_STREAM_DATA / STOP_SENDING on a receive-only stream (§19.10, §19.5).
  check_error(client.on_max_stream_data(3, 100), TransportError::kStreamStateError,
              ft::kMaxStreamData);
  check_error(client.on_stop_sending(3, 0), TransportError::kStreamStateError, ft::kStopSending);
  // Any frame for one of our streams that we have not opened (§19.8, §19.10, §19.5).
  check_error(client.on_stream_frame(4, 0x08, 0, {}, false), TransportError::kStreamStateError,
              0x08);
  check_error(client.on_max_stream_data(0, 100), TransportError::kStreamStateError,
              ft::kMaxStreamData);
  check_error(client.on_stop_sending(6, 1), TransportError::kStreamStateError, ft::kStopSending);
  check_error(client.on_reset_stream(0, 1, 0), TransportError::kStreamStateError, ft::kResetStream);
  // And they did not open anything.
  CHECK(client.stream_count() == 1);
}

TEST_CASE("StreamMap data, FIN and events for a whole exchange", "[stream_map][events]") {
  StreamMap client(config_for(Role::kClient));
  client.apply_peer_limits(generous_peer());
  drain_events(client);
  const uint64_t id = client.open_stream(StreamDirection::kBidirectional).value();
  CHECK(client.write(id, pattern(0, 1200)).value() == 1200u);
  REQUIRE(client.finish(id).ok());
  CHECK(client.write(id, pattern(0, 1)).error() == StreamApiError::kFinished);
  const auto sent = send_all(client);
  REQUIRE(sent.size() == 3);
  CHECK(sent.back().second == StreamChunk{1000, 200, true, false});
  // The server's answer arrives, out of order.
  REQUIRE(client.on_stream_frame(id, 0x0f, 3, pattern(3, 4), true).ok());
  CHECK(drain_events(client).empty());  // nothing in order yet
  REQUIRE(client.on_stream_frame(id, 0x0a, 0, pattern(0, 3), false).ok());
  REQUIRE(client.on_stream_frame(id, 0x0a, 0, pattern(0, 3), false).ok());  // duplicate
  CHECK(drain_events(client) == std::vector<StreamEvent>{{StreamEventType::kReadable, id, 0}});
  std::vector<uint8_t> out(100);
  auto r = client.read(id, out.data(), out.size(), kNow, kRtt);
  REQUIRE(r.ok());
  CHECK(r->bytes == 7);
  CHECK(r->fin);
  CHECK(std::vector<uint8_t>(out.begin(), out.begin() + 7) == pattern(0, 7));
  CHECK(client.stream_count() == 1);  // our data is not acknowledged yet
  for (const auto& [stream_id, chunk] : sent) client.on_stream_chunk_acked(stream_id, chunk);
  CHECK(drain_events(client) == std::vector<StreamEvent>{{StreamEventType::kFinished, id, 0}});
  // Both directions terminal and every event taken: the stream is forgotten.
  CHECK(client.stream_count() == 0);
  CHECK(client.chunk_pool().chunks_in_use() == 0);
  // A late frame for it is ignored, and the application is told it is gone.
  CHECK(client.on_stream_frame(id, 0x0a, 0, pattern(0, 3), false).ok());
  CHECK(client.on_max_stream_data(id, 1 << 20).ok());
  CHECK(client.stream_count() == 0);
  CHECK(client.write(id, pattern(0, 1)).error() == StreamApiError::kUnknownStream);
}

TEST_CASE("StreamMap MAX_STREAMS credit returns as peer streams are released",
          "[stream_map][limits]") {
  StreamMap server(config_for(Role::kServer));  // 2 client uni streams allowed
  REQUIRE(server.on_stream_frame(2, 0x0b, 0, pattern(0, 10), true).ok());
  REQUIRE(server.on_stream_frame(6, 0x0b, 0, pattern(0, 10), true).ok());
  check_error(server.on_stream_frame(10, 0x0b, 0, pattern(0, 10), true),
              TransportError::kStreamLimitError, 0x0b);
  CHECK(drain_control(server).empty());
  std::vector<uint8_t> out(10);
  REQUIRE(server.read(2, out.data(), 10, kNow, kRtt)->fin);
  // Still held: its events have not been taken.
  CHECK(server.stream_count() == 2);
  drain_events(server);
  CHECK(server.stream_count() == 1);
  CHECK(server.incoming(StreamDirection::kUnidirectional).released() == 1);
  const auto frames = drain_control(server);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == StreamControlFrame{StreamControlFrameType::kMaxStreamsUni, 0, 3, 0});
  // The peer may now open a third stream, but not a fourth.
  CHECK(server.on_stream_frame(10, 0x0b, 0, pattern(0, 10), true).ok());
  CHECK_FALSE(server.on_stream_frame(14, 0x0b, 0, pattern(0, 10), true).ok());
  // A frame for the released stream 2 is ignored rather than re-creating it.
  CHECK(server.on_stream_frame(2, 0x0b, 0, pattern(0, 10), true).ok());
  CHECK(server.find(2) == nullptr);
  // A lost MAX_STREAMS is sent again.
  server.on_control_frame_lost(frames[0]);
  CHECK(drain_control(server) == frames);
}

TEST_CASE("StreamMap RESET_STREAM is reported once, with its code", "[stream_map][events]") {
  StreamMap server(config_for(Role::kServer));
  REQUIRE(server.on_stream_frame(2, 0x0a, 0, pattern(0, 100), false).ok());
  REQUIRE(server.on_reset_stream(2, 0x42, 300).ok());
  REQUIRE(server.on_reset_stream(2, 0x42, 300).ok());  // repeated
  // The unread readable hint is withdrawn in favour of the reset.
  const auto events = drain_events(server);
  CHECK(events == std::vector<StreamEvent>{{StreamEventType::kOpened, 2, 0},
                                           {StreamEventType::kResetReceived, 2, 0x42}});
  // The final size counted for the connection, and returned its credit.
  CHECK(server.connection_receive_flow().received() == 300);
  CHECK(server.connection_receive_flow().consumed() == 300);
  // Reported and terminal: forgotten.
  CHECK(server.stream_count() == 0);
  // Late data for it is ignored, not a new stream.
  CHECK(server.on_stream_frame(2, 0x0a, 0, pattern(0, 100), false).ok());
  CHECK(server.find(2) == nullptr);
}

TEST_CASE("StreamMap STOP_SENDING makes a RESET_STREAM with the peer's code",
          "[stream_map][stop_sending]") {
  StreamMap client(config_for(Role::kClient));
  client.apply_peer_limits(generous_peer());
  drain_events(client);
  const uint64_t id = client.open_stream(StreamDirection::kBidirectional).value();
  REQUIRE(client.write(id, pattern(0, 700)).value() == 700u);
  send_all(client, 300);  // [0,300) [300,600) [600,700)
  REQUIRE(client.on_stop_sending(id, 0x99).ok());
  CHECK(drain_events(client) ==
        std::vector<StreamEvent>{{StreamEventType::kStopSendingReceived, id, 0x99}});
  CHECK(client.next_stream_to_send() == nullptr);
  const auto frames = drain_control(client);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == StreamControlFrame{StreamControlFrameType::kResetStream, id, 0x99, 700});
  CHECK(client.write(id, pattern(0, 1)).error() == StreamApiError::kReset);
  // Lost, then sent again, then acknowledged: "Reset Recvd".
  client.on_control_frame_lost(frames[0]);
  CHECK(drain_control(client) == frames);
  client.on_control_frame_acked(frames[0]);
  CHECK(client.find(id)->send()->state() == SendState::kResetRecvd);
  // The receiving part is still open.
  CHECK(client.find(id) != nullptr);
}

TEST_CASE("StreamMap application reset and stop_sending produce frames", "[stream_map]") {
  StreamMap client(config_for(Role::kClient));
  client.apply_peer_limits(generous_peer());
  const uint64_t id = client.open_stream(StreamDirection::kBidirectional).value();
  REQUIRE(client.write(id, pattern(0, 100)).value() == 100u);
  REQUIRE(client.reset_stream(id, 7).ok());
  REQUIRE(client.reset_stream(id, 8).ok());  // no second frame
  REQUIRE(client.on_stream_frame(id, 0x0a, 0, pattern(0, 10), false).ok());
  REQUIRE(client.stop_sending(id, 9).ok());
  const auto frames = drain_control(client);
  CHECK(frames ==
        std::vector<StreamControlFrame>{{StreamControlFrameType::kResetStream, id, 7, 0},
                                        {StreamControlFrameType::kStopSending, id, 9, 0}});
  // Reading a stopped stream yields nothing.
  std::vector<uint8_t> out(10);
  CHECK(client.read(id, out.data(), 10, kNow, kRtt)->bytes == 0);
  CHECK(client.read(2, out.data(), 10, kNow, kRtt).error() == StreamApiError::kUnknownStream);
  const uint64_t uni = client.open_stream(StreamDirection::kUnidirectional).value();
  CHECK(client.read(uni, out.data(), 10, kNow, kRtt).error() == StreamApiError::kWrongDirection);
  CHECK(client.stop_sending(uni, 1).error() == StreamApiError::kWrongDirection);
}

TEST_CASE("StreamMap writable after credit or acknowledgement", "[stream_map][events]") {
  StreamMapConfig config = config_for(Role::kClient);
  config.send_buffer_limit = 1000;
  StreamMap client(config);
  PeerStreamLimits peer = generous_peer();
  peer.initial_max_stream_data_bidi_remote = 300;
  client.apply_peer_limits(peer);
  drain_events(client);
  const uint64_t id = client.open_stream(StreamDirection::kBidirectional).value();
  // Limited by the peer's stream credit.
  CHECK(client.write(id, pattern(0, 500)).value() == 300u);
  const auto first_sent = send_all(client);
  CHECK(drain_control(client) ==
        std::vector<StreamControlFrame>{{StreamControlFrameType::kStreamDataBlocked, id, 300, 0}});
  REQUIRE(client.on_max_stream_data(id, 2000).ok());
  REQUIRE(client.on_max_stream_data(id, 2000).ok());
  CHECK(drain_events(client) == std::vector<StreamEvent>{{StreamEventType::kWritable, id, 0}});
  // Now limited by the send buffer (1000 unacknowledged bytes).
  CHECK(client.write(id, pattern(300, 1000)).value() == 700u);
  CHECK(drain_events(client).empty());
  const auto sent = send_all(client);
  CHECK(drain_events(client).empty());  // sent, not acknowledged
  // Acknowledging beyond a gap frees nothing; closing the gap does.
  client.on_stream_chunk_acked(id, sent.front().second);
  CHECK(drain_events(client).empty());
  client.on_stream_chunk_acked(id, first_sent.front().second);
  CHECK(drain_events(client) == std::vector<StreamEvent>{{StreamEventType::kWritable, id, 0}});
  // No new event without a new short write.
  client.on_stream_chunk_acked(id, sent.back().second);
  CHECK(drain_events(client).empty());
}

TEST_CASE("StreamMap connection credit: DATA_BLOCKED, then MAX_DATA resumes streams",
          "[stream_map][flow_control]") {
  StreamMap client(config_for(Role::kClient));
  PeerStreamLimits peer = generous_peer();
  peer.initial_max_data = 1000;
  client.apply_peer_limits(peer);
  const uint64_t a = client.open_stream(StreamDirection::kBidirectional).value();
  const uint64_t b = client.open_stream(StreamDirection::kBidirectional).value();
  REQUIRE(client.write(a, pattern(0, 800)).value() == 800u);
  REQUIRE(client.write(b, pattern(0, 800)).value() == 800u);
  auto sent = send_all(client);
  uint64_t total = 0;
  for (const auto& s : sent) total += s.second.length;
  CHECK(total == 1000);
  CHECK(client.connection_send_flow().available() == 0);
  CHECK(drain_control(client) ==
        std::vector<StreamControlFrame>{{StreamControlFrameType::kDataBlocked, 0, 1000, 0}});
  // Lost retransmissions still go out while blocked.
  client.on_stream_chunk_lost(sent.front().first, sent.front().second);
  auto resent = send_all(client);
  REQUIRE(resent.size() == 1);
  CHECK(resent[0].second.is_retransmission);
  CHECK(client.next_stream_to_send() == nullptr);
  client.on_max_data(1600);
  sent = send_all(client);
  total = 0;
  for (const auto& s : sent) total += s.second.length;
  CHECK(total == 600);
  CHECK(client.find(a)->send()->buffer().unsent_bytes() == 0);
  CHECK(client.find(b)->send()->buffer().unsent_bytes() == 0);
}

TEST_CASE("StreamMap MAX_DATA and MAX_STREAM_DATA as the application reads",
          "[stream_map][flow_control]") {
  StreamMap server(config_for(Role::kServer));  // stream window 1000, connection 10000
  for (uint64_t n = 0; n < 4; ++n) {
    REQUIRE(server.on_stream_frame(4 * n, 0x0a, 0, pattern(0, 1000), false).ok());
  }
  check_error(server.on_stream_frame(0, 0x0e, 1000, pattern(0, 1), false),
              TransportError::kFlowControlError, 0x0e);
  std::vector<uint8_t> out(1000);
  for (uint64_t n = 0; n < 4; ++n) {
    REQUIRE(server.read(4 * n, out.data(), out.size(), kNow, kRtt)->bytes == 1000);
  }
  const auto frames = drain_control(server);
  // Four stream updates; the connection has used under half of its window, so no MAX_DATA.
  REQUIRE(frames.size() == 4);
  for (const auto& f : frames) {
    CHECK(f.type == StreamControlFrameType::kMaxStreamData);
    CHECK(f.value == 2000);
  }
  for (uint64_t n = 0; n < 4; ++n) {
    REQUIRE(server.on_stream_frame(4 * n, 0x0e, 1000, pattern(1000, 1000), false).ok());
    REQUIRE(server.read(4 * n, out.data(), out.size(), kNow, kRtt)->bytes == 1000);
  }
  // 8000 of 10000 consumed: MAX_DATA first, then the stream updates.
  const auto more = drain_control(server);
  REQUIRE_FALSE(more.empty());
  CHECK(more[0] == StreamControlFrame{StreamControlFrameType::kMaxData, 0, 18000, 0});
  CHECK(server.connection_receive_flow().limit() == 18000);
  // A lost MAX_STREAM_DATA is repeated.
  server.on_control_frame_lost(more[1]);
  const auto again = drain_control(server);
  REQUIRE(again.size() == 1);
  CHECK(again[0].type == StreamControlFrameType::kMaxStreamData);
  CHECK(again[0].stream_id == more[1].stream_id);
}

TEST_CASE("StreamMap early streams get the peer's limits when they arrive", "[stream_map]") {
  StreamMap client(config_for(Role::kClient));
  PeerStreamLimits remembered;  // 0-RTT: remembered, small limits
  remembered.initial_max_streams_bidi = 1;
  remembered.initial_max_stream_data_bidi_remote = 10;
  remembered.initial_max_data = 10;
  client.apply_peer_limits(remembered);
  drain_events(client);
  const uint64_t id = client.open_stream(StreamDirection::kBidirectional).value();
  CHECK(client.write(id, pattern(0, 50)).value() == 10u);
  client.apply_peer_limits(generous_peer());
  CHECK(drain_events(client) == std::vector<StreamEvent>{{StreamEventType::kWritable, id, 0}});
  CHECK(client.find(id)->send()->flow().limit() == 5000);
  CHECK(client.write(id, pattern(10, 40)).value() == 40u);
  // Smaller values later do not lower anything.
  client.apply_peer_limits(remembered);
  CHECK(client.find(id)->send()->flow().limit() == 5000);
  CHECK(client.connection_send_flow().limit() == 100000);
}

TEST_CASE("StreamMap priorities order the streams it offers", "[stream_map][priority]") {
  StreamMap client(config_for(Role::kClient));
  PeerStreamLimits peer = generous_peer();
  peer.initial_max_streams_bidi = 3;
  client.apply_peer_limits(peer);
  const uint64_t a = client.open_stream(StreamDirection::kBidirectional).value();
  const uint64_t b = client.open_stream(StreamDirection::kBidirectional).value();
  const uint64_t c = client.open_stream(StreamDirection::kBidirectional).value();
  for (uint64_t id : {a, b, c}) REQUIRE(client.write(id, pattern(0, 2000)).value() == 2000u);
  REQUIRE(client.set_priority(c, {0, false}).ok());
  REQUIRE(client.set_priority(a, {5, true}).ok());
  std::vector<uint64_t> order;
  for (int i = 0; i < 6; ++i) {
    Stream* s = client.next_stream_to_send();
    REQUIRE(s != nullptr);
    order.push_back(s->id());
    client.on_stream_chunk_sent(*s, *client.next_stream_chunk(*s, 1000));
  }
  // c (urgency 0) drains first, then b (default 3), then a (5).
  CHECK(order == std::vector<uint64_t>{c, c, b, b, a, a});
  CHECK(client.set_priority(99, {}).error() == StreamApiError::kUnknownStream);
}

}  // namespace
}  // namespace quasar
