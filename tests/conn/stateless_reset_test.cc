// Stateless resets (RFC 9000 §10.3): an endpoint that lost a connection answers its packets
// with a reset; the peer recognises the token and ends the connection at once, silently.
#include <catch2/catch.hpp>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/wire/stateless_reset.h"
#include "tests/conn/crafted_peer.h"
#include "tests/conn/test_endpoints.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

struct Established {
  EndpointPair pair{client_config(), server_config()};
  ConnectionHandle client = 0;
  ConnectionHandle server = 0;

  Established() {
    client = pair.connect();
    if (!run_until_confirmed(pair)) {
      std::abort();
    }
    server = pair.server_events.front().connection;
  }
};

TEST_CASE("a server that forgot the connection resets it; the client ends at once",
          "[stateless-reset]") {
  Established e;
  e.pair.server().discard(e.server);
  CHECK(e.pair.server().connection_count() == 0);
  Connection* client = e.pair.client().connection(e.client);
  auto stream = client->open_stream(true);
  REQUIRE(stream.ok());
  const uint8_t data[] = {1, 2, 3};
  REQUIRE(client->write(*stream, data).ok());
  const Instant sent = e.pair.now();
  REQUIRE(
      e.pair.run_until([&] { return has_event<event::ConnectionClosed>(e.pair.client_events); }));
  // One round trip: the packet out, the reset back.
  CHECK(e.pair.now() - sent <= Duration::from_millis(25));
  CHECK(e.pair.server().stats().stateless_resets_sent >= 1);
  const auto closed = find_event<event::ConnectionClosed>(e.pair.client_events);
  CHECK(closed->reason.kind == CloseReason::Kind::kStatelessReset);
  // RFC 9000 §10.3.1: the client enters draining and sends nothing more.
  const uint64_t sent_before = e.pair.client().connection(e.client)
                                   ? e.pair.client().connection(e.client)->stats().packets_sent
                                   : 0;
  e.pair.run_until([] { return false; }, Duration::from_seconds(1));
  if (Connection* c = e.pair.client().connection(e.client)) {
    CHECK(c->stats().packets_sent == sent_before);
  }
  CHECK(e.pair.server().stats().stateless_resets_sent == 1);
}

TEST_CASE("resets are smaller than their trigger and never answer tiny packets",
          "[stateless-reset]") {
  SeededRng rng(3);
  auto endpoint = Endpoint::create(server_config(), rng).value();
  const SocketAddress local = *SocketAddress::parse("10.0.0.2:443");
  const SocketAddress peer = *SocketAddress::parse("10.0.0.1:5000");
  std::vector<uint8_t> out(65536);
  for (size_t size : {size_t{21}, size_t{43}, size_t{44}, size_t{100}, size_t{1400}}) {
    std::vector<uint8_t> packet(size);
    rng.fill(packet);
    packet[0] = 0x40 | (packet[0] & 0x3f);  // a short header for an unknown CID
    endpoint->handle_datagram(Instant::from_nanos(1), local, peer, Ecn::kNotEct, packet);
    auto t = endpoint->poll_transmit(Instant::from_nanos(1), out, 16);
    INFO("trigger of " << size << " bytes");
    if (size <= kMinStatelessResetLength) {
      CHECK_FALSE(t);
      continue;
    }
    REQUIRE(t);
    CHECK(t->size < size);
    if (size <= kStatelessResetOneShorterThreshold) CHECK(t->size == size - 1);
    CHECK(t->size >= kMinStatelessResetLength);
    CHECK((out[0] & 0xc0) == 0x40);
    CHECK(t->destination == peer);
  }
}

TEST_CASE("an undecryptable datagram without the peer's token is only dropped",
          "[stateless-reset]") {
  Established e;
  Connection* client = e.pair.client().connection(e.client);
  std::vector<uint8_t> junk(100, 0x5a);
  junk[0] = 0x40;
  const ConnectionId cid = client->local_cids().all().front().cid;
  std::copy(cid.span().begin(), cid.span().end(), junk.begin() + 1);
  const uint64_t dropped = client->stats().packets_dropped;
  e.pair.client().handle_datagram(e.pair.now(), e.pair.client_address, e.pair.server_address,
                                  Ecn::kNotEct, junk);
  CHECK_FALSE(client->close_reason());
  CHECK(client->stats().packets_dropped > dropped);
}

// The server's encoded transport parameters with its stateless_reset_token (id 0x02) cut to
// 15 bytes.
std::vector<uint8_t> with_short_reset_token(std::span<const uint8_t> encoded) {
  std::vector<uint8_t> out(encoded.size() + 32);
  BufferWriter w(out);
  BufferReader r(encoded);
  uint64_t id = 0;
  uint64_t length = 0;
  std::span<const uint8_t> value;
  while (r.read_varint(id) && r.read_varint(length) && r.read_bytes(length, value)) {
    if (id == 0x02) continue;
    if (!w.write_varint(id) || !w.write_varint(length) || !w.write_bytes(value)) std::abort();
  }
  const std::vector<uint8_t> token(15, 0xaa);
  if (!w.write_varint(0x02) || !w.write_varint(15) || !w.write_bytes(token)) std::abort();
  out.resize(w.written());
  return out;
}

TEST_CASE("a reset token of the wrong length is a TRANSPORT_PARAMETER_ERROR", "[stateless-reset]") {
  // RFC 9000 §18.2: stateless_reset_token is 16 bytes; §7.4: a malformed transport parameter
  // is a connection error of type TRANSPORT_PARAMETER_ERROR.
  EndpointConfig server = null_server_config();
  server.server_tls = [](const TlsServerSessionParams& p) -> Result<std::unique_ptr<TlsSession>> {
    FakeTlsConfig config;
    config.alpn = {"test"};
    config.transport_parameters = with_short_reset_token(p.transport_parameters);
    return std::unique_ptr<TlsSession>(FakeTlsSession::server(config));
  };
  EndpointPair pair(null_client_config(), std::move(server));
  pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::ConnectionClosed>(pair.client_events); }));
  const auto closed = find_event<event::ConnectionClosed>(pair.client_events);
  INFO(closed->reason.to_string());
  CHECK(closed->reason.kind == CloseReason::Kind::kLocal);
  CHECK(closed->reason.error.is(TransportError::kTransportParameterError));
  CHECK_FALSE(has_event<event::HandshakeCompleted>(pair.client_events));
}

}  // namespace
}  // namespace quasar::test
