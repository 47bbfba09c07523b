// Unreliable datagrams (RFC 9221): delivery, no retransmission under loss, the send API's
// limits and queue, and PROTOCOL_VIOLATION for DATAGRAM frames that were not offered (§3).
#include <catch2/catch.hpp>

#include <set>

#include "quic/conn/datagram_queue.h"
#include "tests/conn/bulk_transfer.h"
#include "tests/conn/crafted_peer.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

// A datagram whose content depends on its sequence number and length only.
std::vector<uint8_t> make_datagram(uint32_t sequence, size_t size) {
  std::vector<uint8_t> d(size);
  for (size_t i = 0; i < size; ++i) {
    d[i] = i < 4 ? static_cast<uint8_t>(sequence >> (8 * i))
                 : static_cast<uint8_t>(sequence * 31 + i * 7);
  }
  return d;
}

uint32_t sequence_of(const std::vector<uint8_t>& d) {
  uint32_t s = 0;
  for (size_t i = 0; i < 4 && i < d.size(); ++i) s |= static_cast<uint32_t>(d[i]) << (8 * i);
  return s;
}

TransportSettings offering(uint64_t max_datagram_frame_size) {
  TransportSettings t;
  t.max_datagram_frame_size = max_datagram_frame_size;
  return t;
}

// A client and a server over the null cipher, with the handshake confirmed on both sides.
struct Connected {
  EndpointPair pair;
  ConnectionHandle client_handle = 0;
  ConnectionHandle server_handle = 0;

  Connected(const TransportSettings& client_settings, const TransportSettings& server_settings)
      : pair(with(null_client_config(), client_settings),
             with(null_server_config(), server_settings)) {
    client_handle = pair.connect();
    if (!run_until_confirmed(pair)) {
      std::abort();
    }
    server_handle = pair.server_events.front().connection;
  }
  static EndpointConfig with(EndpointConfig c, const TransportSettings& t) {
    c.transport = t;
    return c;
  }
  Connection& client() { return *pair.client().connection(client_handle); }
  Connection& server() { return *pair.server().connection(server_handle); }

  // Every datagram the server (or client) has received so far, read as an application would.
  const std::vector<std::vector<uint8_t>>& server_datagrams() {
    return read_all(server(), server_read_);
  }
  const std::vector<std::vector<uint8_t>>& client_datagrams() {
    return read_all(client(), client_read_);
  }

 private:
  static const std::vector<std::vector<uint8_t>>& read_all(
      Connection& c, std::vector<std::vector<uint8_t>>& read) {
    std::vector<uint8_t> datagram;
    while (c.read_datagram(datagram)) read.push_back(datagram);
    return read;
  }
  std::vector<std::vector<uint8_t>> server_read_;
  std::vector<std::vector<uint8_t>> client_read_;
};

TEST_CASE("datagram: DatagramQueue keeps the newest payloads in order", "[datagram]") {
  DatagramQueue q(3);
  CHECK(q.empty());
  for (uint32_t i = 0; i < 3; ++i) CHECK(q.push(make_datagram(i, 10 + i)));
  CHECK(q.size() == 3);
  CHECK_FALSE(q.push(make_datagram(3, 13)));  // full: 0 made room
  CHECK(q.size() == 3);
  const auto front = q.front();
  CHECK(std::vector<uint8_t>(front.begin(), front.end()) == make_datagram(1, 11));
  q.pop();
  std::vector<uint8_t> taken;
  REQUIRE(q.take(taken));
  CHECK(taken == make_datagram(2, 12));
  CHECK(q.push(make_datagram(4, 0)));  // empty datagrams are allowed (RFC 9221 §4)
  REQUIRE(q.take(taken));
  CHECK(taken == make_datagram(3, 13));
  CHECK(q.front().empty());
  q.pop();
  CHECK(q.empty());
  CHECK_FALSE(q.take(taken));
  CHECK(taken == make_datagram(3, 13));  // untouched
  q.pop();                               // popping an empty queue does nothing
  CHECK(q.empty());
}

TEST_CASE("datagram: every datagram arrives intact and in order on a clean path", "[datagram]") {
  Connected c(offering(65535), offering(65535));
  std::vector<std::vector<uint8_t>> sent;
  for (uint32_t i = 0; i < 50; ++i) {
    sent.push_back(make_datagram(i, 20 + i * 23));
    REQUIRE(c.client().send_datagram(sent.back()).ok());
  }
  const auto reply = make_datagram(7777, 300);
  REQUIRE(c.server().send_datagram(reply).ok());
  REQUIRE(c.pair.run_until([&] {
    return c.server_datagrams().size() == sent.size() && c.client_datagrams().size() == 1;
  }));
  CHECK(c.server_datagrams() == sent);
  CHECK(c.client_datagrams().front() == reply);
  CHECK(c.client().stats().datagram_frames_sent == 50);
  CHECK(c.server().stats().datagram_frames_received == 50);
  CHECK(c.client().stats().datagram_frames_received == 1);
  REQUIRE(c.pair.run_until([&] { return c.client().stats().datagram_frames_acked == 50; },
                           Duration::from_seconds(2)));
  CHECK(c.client().stats().datagram_frames_lost == 0);
  CHECK(c.client().stats().datagram_frames_dropped == 0);
}

TEST_CASE("datagram: lost datagrams are counted, never retransmitted; streams still complete",
          "[datagram]") {
  Connected c(offering(65535), offering(65535));
  // From now on every tenth client datagram vanishes.
  uint64_t index = 0;
  c.pair.drop = [&](bool to_server, std::span<const uint8_t>) {
    return to_server && ++index % 10 == 0;
  };
  BulkTransfer upload({{.from_client = true, .bidirectional = false, .size = 200'000}});
  constexpr uint32_t kCount = 200;
  uint32_t queued = 0;
  Instant next_send = c.pair.now();
  bool ok = true;
  const bool finished = c.pair.run_until(
      [&] {
        // One datagram every 2 ms, alongside the stream.
        while (queued < kCount && c.pair.now() >= next_send) {
          ok = ok && c.client().send_datagram(make_datagram(queued, 900)).ok();
          ++queued;
          next_send += Duration::from_millis(2);
        }
        ok = ok && upload.pump(&c.client(), &c.server(), c.pair.now());
        c.server_datagrams();  // read as they arrive, before the receive queue fills
        const ConnectionStats& s = c.client().stats();
        return !ok ||
               (upload.done() && queued == kCount &&
                s.datagram_frames_acked + s.datagram_frames_lost + s.datagram_frames_dropped ==
                    kCount);
      },
      Duration::from_seconds(20));
  const ConnectionStats& s = c.client().stats();
  INFO("upload " << upload.bytes_read() << " queued " << queued << " sent "
                 << s.datagram_frames_sent << " acked " << s.datagram_frames_acked << " lost "
                 << s.datagram_frames_lost << " dropped " << s.datagram_frames_dropped);
  REQUIRE(finished);
  REQUIRE(ok);
  const auto received = c.server_datagrams();
  std::set<uint32_t> unique;
  for (const auto& d : received) {
    CHECK(d == make_datagram(sequence_of(d), 900));
    unique.insert(sequence_of(d));
  }
  CHECK(unique.size() == received.size());  // none arrived twice
  // Each datagram was sent once, or dropped from a queue the congestion window held back.
  CHECK(s.datagram_frames_sent + s.datagram_frames_dropped == kCount);
  CHECK(s.datagram_frames_sent > kCount / 2);
  CHECK(s.datagram_frames_lost > 0);
  CHECK(received.size() == s.datagram_frames_acked);
  CHECK(received.size() + s.datagram_frames_lost == s.datagram_frames_sent);
  CHECK(s.stream_bytes_retransmitted > 0);  // the same losses hit stream data, resent
  CHECK(upload.bytes_read() == 200'000);
}

TEST_CASE("datagram: the send API refuses what the peer or a packet cannot take", "[datagram]") {
  const auto small = make_datagram(1, 100);

  SECTION("the peer did not offer DATAGRAM") {
    Connected c(offering(65535), offering(0));
    const auto r = c.client().send_datagram(small);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == DatagramSendError::Kind::kNotNegotiated);
    CHECK(r.error().message() == "the peer does not accept DATAGRAM frames");
    CHECK(c.client().max_datagram_payload() == 0);
    // The server offered nothing, yet it may send: the client offered.
    CHECK(c.server().send_datagram(small).ok());
  }

  SECTION("larger than the peer's max_datagram_frame_size") {
    Connected c(offering(65535), offering(200));
    // RFC 9221 §3: the limit counts the type (1 byte) and length (2 bytes) fields too.
    CHECK(c.client().max_datagram_payload() == 197);
    CHECK(c.client().send_datagram(make_datagram(2, 197)).ok());
    const auto r = c.client().send_datagram(make_datagram(3, 198));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == DatagramSendError::Kind::kTooLarge);
    CHECK(r.error().limit == 197);
    CHECK(r.error().message() == "datagram of 198 bytes too large: at most 197 bytes fit");
    REQUIRE(c.pair.run_until([&] { return c.server_datagrams().size() == 1; }));
    CHECK(c.server_datagrams().front() == make_datagram(2, 197));
  }

  SECTION("larger than one packet at the current path MTU") {
    TransportSettings no_pmtud = offering(65535);
    no_pmtud.pmtu_discovery = false;
    Connected c(no_pmtud, no_pmtud);
    REQUIRE(c.client().max_datagram_size() == 1200);
    const size_t limit = c.client().max_datagram_payload();
    CHECK(limit > 1100);
    CHECK(limit < 1200);
    const auto r = c.client().send_datagram(make_datagram(4, limit + 1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == DatagramSendError::Kind::kTooLarge);
    // The largest accepted one fits a single 1200-byte packet and arrives whole.
    size_t largest_datagram = 0;
    c.pair.drop = [&](bool, std::span<const uint8_t> d) {
      largest_datagram = std::max(largest_datagram, d.size());
      return false;
    };
    REQUIRE(c.client().send_datagram(make_datagram(5, limit)).ok());
    REQUIRE(c.pair.run_until([&] { return c.server_datagrams().size() == 1; }));
    CHECK(c.server_datagrams().front() == make_datagram(5, limit));
    CHECK(largest_datagram <= 1200);
  }

  SECTION("before the handshake and after the close") {
    EndpointPair pair(Connected::with(null_client_config(), offering(65535)),
                      Connected::with(null_server_config(), offering(65535)));
    const ConnectionHandle h = pair.connect();
    const auto before = pair.client().connection(h)->send_datagram(small);
    REQUIRE_FALSE(before.ok());
    CHECK(before.error().kind == DatagramSendError::Kind::kNotNegotiated);
    REQUIRE(
        pair.run_until([&] { return has_event<event::HandshakeCompleted>(pair.client_events); }));
    Connection* client = pair.client().connection(h);
    CHECK(client->send_datagram(small).ok());
    client->close(pair.now(), 0, "done");
    const auto after = client->send_datagram(small);
    REQUIRE_FALSE(after.ok());
    CHECK(after.error().kind == DatagramSendError::Kind::kClosed);
  }
}

TEST_CASE("datagram: a full send queue drops its oldest datagram and counts it", "[datagram]") {
  TransportSettings t = offering(65535);
  t.datagram_queue_length = 4;
  Connected c(t, t);
  for (uint32_t i = 0; i < 10; ++i) REQUIRE(c.client().send_datagram(make_datagram(i, 50)).ok());
  CHECK(c.client().stats().datagram_frames_dropped == 6);
  REQUIRE(c.pair.run_until([&] { return c.server_datagrams().size() == 4; }));
  c.pair.run_until([] { return false; }, Duration::from_millis(200));
  const auto received = c.server_datagrams();
  REQUIRE(received.size() == 4);
  for (uint32_t i = 0; i < 4; ++i) CHECK(received[i] == make_datagram(6 + i, 50));
}

TEST_CASE("datagram: a full receive queue drops the oldest unread datagram", "[datagram]") {
  TransportSettings t = offering(65535);
  t.datagram_queue_length = 3;
  Connected c(t, t);
  // The server's events are not taken while five datagrams arrive.
  Connection& server = c.server();
  for (uint32_t i = 0; i < 5; ++i) {
    const auto payload = make_datagram(i, 40);
    auto packet =
        crafted_one_rtt_packet(server.local_cids().all().front().cid,
                               std::vector<Frame>{DatagramFrame{payload, true}}, 1'000'000 + i);
    c.pair.server().handle_datagram(c.pair.now(), c.pair.server_address, c.pair.client_address,
                                    Ecn::kNotEct, packet);
  }
  CHECK(server.stats().datagram_frames_received == 5);
  CHECK(server.stats().datagram_frames_dropped_unread == 2);
  // One event says datagrams wait, however many arrived.
  size_t announced = 0;
  while (auto e = c.pair.server().poll_event()) {
    announced += std::holds_alternative<event::DatagramsReceived>(e->event);
  }
  CHECK(announced == 1);
  std::vector<std::vector<uint8_t>> taken;
  std::vector<uint8_t> datagram;
  while (server.read_datagram(datagram)) taken.push_back(datagram);
  REQUIRE(taken.size() == 3);
  for (uint32_t i = 0; i < 3; ++i) CHECK(taken[i] == make_datagram(2 + i, 40));
  // Once all were read, the next arrival is announced again.
  CHECK_FALSE(c.pair.server().poll_event());
  auto packet =
      crafted_one_rtt_packet(server.local_cids().all().front().cid,
                             std::vector<Frame>{DatagramFrame{taken[0], true}}, 1'000'010);
  c.pair.server().handle_datagram(c.pair.now(), c.pair.server_address, c.pair.client_address,
                                  Ecn::kNotEct, packet);
  const auto next = c.pair.server().poll_event();
  REQUIRE(next);
  CHECK(std::holds_alternative<event::DatagramsReceived>(next->event));
  REQUIRE(server.read_datagram(datagram));
  CHECK(datagram == taken[0]);
}

// RFC 9221 §3: receiving DATAGRAM without having offered it, or larger than offered, is a
// PROTOCOL_VIOLATION.
std::optional<CloseReason> send_crafted(Connected& c, const std::vector<Frame>& frames,
                                        uint64_t packet_number) {
  auto packet =
      crafted_one_rtt_packet(c.server().local_cids().all().front().cid, frames, packet_number);
  c.pair.server().handle_datagram(c.pair.now(), c.pair.server_address, c.pair.client_address,
                                  Ecn::kNotEct, packet);
  return c.server().close_reason();
}

TEST_CASE("datagram: DATAGRAM frames not offered are a PROTOCOL_VIOLATION", "[datagram]") {
  const auto payload = make_datagram(9, 100);

  SECTION("without max_datagram_frame_size") {
    Connected c(offering(65535), offering(0));
    const auto reason = send_crafted(c, {DatagramFrame{payload, true}}, 1'000'000);
    REQUIRE(reason);
    INFO(reason->to_string());
    CHECK(reason->error.is(TransportError::kProtocolViolation));
    CHECK(reason->error.frame_type == 0x31);
  }

  SECTION("larger than offered") {
    Connected c(offering(65535), offering(103));
    // Type (1 byte), Length (2 bytes) and 100 bytes: exactly the limit, accepted.
    CHECK_FALSE(send_crafted(c, {DatagramFrame{payload, true}}, 1'000'000));
    CHECK(c.server().stats().datagram_frames_received == 1);
    // Without a Length field, 103 bytes of payload make a 104-byte frame: too large.
    const auto larger = make_datagram(10, 103);
    const auto reason = send_crafted(c, {PingFrame{}, DatagramFrame{larger, false}}, 1'000'001);
    REQUIRE(reason);
    INFO(reason->to_string());
    CHECK(reason->error.is(TransportError::kProtocolViolation));
    CHECK(reason->error.frame_type == 0x30);
  }
}

}  // namespace
}  // namespace quasar::test
