// Receiving GRO batches (Endpoint::handle_datagrams, Connection::handle_datagrams): runs of
// datagrams for one connection have the header protection of their 1-RTT packets removed
// together (RFC 9001 §5.4), then are processed one by one as if they had come alone.
#include <catch2/catch.hpp>

#include "crypto/testing/chacha_packet_keys.h"
#include "tests/conn/bulk_transfer.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

EndpointConfig with_chacha(EndpointConfig config) {
  config.key_factory = &chacha_packet_keys();
  config.transport.pmtu_discovery = false;
  return config;
}

Connection& server_of(EndpointPair& pair) {
  REQUIRE(!pair.server_events.empty());
  return *pair.server().connection(pair.server_events.front().connection);
}

TEST_CASE("receive batches: a ChaCha20 transfer delivered as GRO batches arrives intact", "[gro]") {
  EndpointPair pair(with_chacha(client_config()), with_chacha(server_config()));
  pair.deliver_as_gro = true;
  BulkTransfer transfer({{.from_client = false, .bidirectional = false, .size = 3'000'000},
                         {.from_client = true, .bidirectional = true, .size = 1'000'000}});
  ConnectionHandle handle = 0;
  REQUIRE(run_transfer(pair, transfer, Duration::from_seconds(30), &handle));
  const Connection& client = *pair.client().connection(handle);
  const Connection& server = server_of(pair);
  // Most 1-RTT packets came in batches and were unmasked there; none was refused.
  CHECK(client.stats().header_masks_batched > 500);
  CHECK(server.stats().header_masks_batched > 0);
  CHECK(client.stats().packets_dropped == 0);
  CHECK(server.stats().packets_dropped == 0);
  CHECK(pair.client().stats().datagrams_received == client.stats().datagrams_received);
}

TEST_CASE("receive batches: damaged and foreign datagrams inside a batch are dropped alone",
          "[gro]") {
  EndpointPair pair(with_chacha(client_config()), with_chacha(server_config()));
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  Connection& server = server_of(pair);
  Connection& client = *pair.client().connection(handle);
  // Five datagrams from the server, as one GRO read: a real one, a damaged copy of it, one for
  // an unknown connection, a runt, then another real one.
  const uint64_t stream = *server.open_stream(false);
  std::vector<uint8_t> payload(5000, 0x5a);
  REQUIRE(server.write(stream, payload).ok());
  REQUIRE(server.finish(stream).ok());
  std::vector<uint8_t> out(65536);
  auto t = server.poll_transmit(pair.now(), out, 2);
  REQUIRE(t);
  REQUIRE(t->size == 2 * t->segment_size);  // two full datagrams
  const size_t seg = t->segment_size;
  std::vector<uint8_t> batch;
  const auto first = std::span(out).first(seg);
  const auto second = std::span(out).subspan(seg, seg);
  std::vector<uint8_t> damaged(first.begin(), first.end());
  damaged[seg / 2] ^= 0x01;
  std::vector<uint8_t> foreign(first.begin(), first.end());
  foreign[1] ^= 0xff;  // another Destination CID
  batch.insert(batch.end(), first.begin(), first.end());
  batch.insert(batch.end(), damaged.begin(), damaged.end());
  batch.insert(batch.end(), foreign.begin(), foreign.end());
  std::vector<uint8_t> runt(first.begin(), first.begin() + 12);
  // A runt can only be last in a GRO read; put it in a batch of its own after the real one.
  batch.insert(batch.end(), second.begin(), second.end());
  const uint64_t received_before = client.stats().packets_received;
  const uint64_t dropped_before = client.stats().packets_dropped;
  const uint64_t endpoint_dropped_before = pair.client().stats().datagrams_dropped;
  pair.client().handle_datagrams(pair.now(), pair.client_address, pair.server_address, Ecn::kNotEct,
                                 batch, seg);
  pair.client().handle_datagrams(pair.now(), pair.client_address, pair.server_address, Ecn::kNotEct,
                                 runt, 0);
  CHECK(client.stats().packets_received == received_before + 2);
  // The damaged copy reaches the connection and fails to open; the endpoint routes neither the
  // foreign datagram nor the runt.
  CHECK(client.stats().packets_dropped == dropped_before + 1);
  CHECK(pair.client().stats().datagrams_dropped == endpoint_dropped_before + 2);
  CHECK(client.state() == Connection::State::kEstablished);
  std::vector<uint8_t> read(8000);
  auto r = client.read(stream, read, pair.now());
  REQUIRE(r.ok());
  CHECK(r->bytes > 0);
}

}  // namespace
}  // namespace quasar::test
