// Connection migration over the in-memory link (RFC 9000 §9): the client moves to a new
// address; the server follows after validating the path; refusals where the RFC forbids it.
#include <catch2/catch.hpp>

#include "tests/conn/bulk_transfer.h"
#include "tests/conn/test_endpoints.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

TEST_CASE("migration: the server follows the client to a new port after a challenge",
          "[migration]") {
  EndpointPair pair(client_config(), server_config());
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  // Let the client receive the server's NEW_CONNECTION_ID frames first.
  pair.run_until([] { return false; }, Duration::from_millis(100));
  Connection* client = pair.client().connection(handle);
  const ConnectionId old_dcid = client->peer_cids().active();
  const SocketAddress moved = *SocketAddress::parse("10.0.0.1:6001");
  REQUIRE(client->migrate(pair.now(), moved).ok());
  CHECK(client->peer_cids().active() != old_dcid);  // §9.5: a fresh CID on the new path
  pair.client_address = moved;
  Connection* server = pair.server().connection(pair.server_events.front().connection);
  REQUIRE(pair.run_until([&] {
    return server->path().peer == moved && server->path().validated && !client->path().challenge;
  }));
  CHECK(server->stats().path_changes == 1);
  CHECK(client->path().local == moved);
  CHECK(has_event<event::PathChanged>(pair.server_events));
}

TEST_CASE("migration: refused before the handshake is confirmed", "[migration]") {
  EndpointPair pair(client_config(), server_config());
  const ConnectionHandle handle = pair.connect();
  CHECK_FALSE(pair.client()
                  .connection(handle)
                  ->migrate(pair.now(), *SocketAddress::parse("10.0.0.1:6001"))
                  .ok());
}

TEST_CASE("migration: refused when the server disabled active migration", "[migration]") {
  EndpointConfig server = server_config();
  server.transport.disable_active_migration = true;
  EndpointPair pair(client_config(), std::move(server));
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  CHECK_FALSE(pair.client()
                  .connection(handle)
                  ->migrate(pair.now(), *SocketAddress::parse("10.0.0.1:6001"))
                  .ok());
}

const SocketAddress kPreferred = *SocketAddress::parse("10.0.0.3:4433");

EndpointConfig with_preferred_address(EndpointConfig server) {
  server.preferred_address_ipv4 = kPreferred;
  return server;
}

Connection& server_of(EndpointPair& pair) {
  REQUIRE(!pair.server_events.empty());
  return *pair.server().connection(pair.server_events.front().connection);
}

TEST_CASE("preferred address: the client validates it, then moves there with its CID",
          "[migration]") {
  EndpointPair pair(client_config(), with_preferred_address(server_config()));
  // Datagrams the server sent from its preferred address before the client moved there: the
  // answers to the client's challenges (RFC 9000 §8.2.2: on the path they arrived on).
  size_t answers_from_preferred = 0;
  size_t client_probes = 0;
  bool client_moved = false;
  std::vector<uint8_t> last_to_original;  // the client's last datagram to the original address
  pair.observe = [&](bool to_server, const SocketAddress& from, const SocketAddress& to,
                     std::span<const uint8_t> datagram) {
    if (to_server && to == pair.server_address)
      last_to_original.assign(datagram.begin(), datagram.end());
    if (to_server && to == kPreferred && !client_moved) {
      client_probes++;
      CHECK(datagram.size() >= 1200);  // §8.2.1: padded
    }
    if (!to_server && from == kPreferred && !client_moved) answers_from_preferred++;
  };
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  Connection& client = *pair.client().connection(handle);
  const auto& offered = client.peer_transport_parameters().preferred_address;
  REQUIRE(offered);
  CHECK(offered->ipv4 == kPreferred);
  REQUIRE(pair.run_until([&] { return client.path().peer == kPreferred; }));
  client_moved = true;
  CHECK(client_probes >= 1);
  CHECK(answers_from_preferred >= 1);
  CHECK(client.peer_cids().active() == offered->connection_id);  // §9.6.1
  CHECK(client.stats().path_changes == 1);
  // The server follows the client's first non-probing packet there and checks the new path with
  // a challenge of its own.
  Connection& server = server_of(pair);
  BulkTransfer transfer({{.from_client = true, .bidirectional = true, .size = 300'000},
                         {.from_client = false, .bidirectional = false, .size = 300'000}});
  REQUIRE(pair.run_until(
      [&] { return !transfer.pump(&client, &server, pair.now()) || transfer.done(); }));
  CHECK(transfer.done());
  CHECK(server.path().local == kPreferred);
  CHECK(server.path().peer == pair.client_address);
  CHECK(server.stats().path_changes == 1);
  CHECK(client.path().peer == kPreferred);
  // A datagram with the CID the client retired, arriving late at the original address, still
  // reaches the connection: no stateless reset answers it (RFC 9000 §10.3).
  REQUIRE(!last_to_original.empty());
  pair.server().handle_datagram(pair.now(), pair.server_address, pair.client_address, Ecn::kNotEct,
                                last_to_original);
  CHECK(pair.server().stats().stateless_resets_sent == 0);
  CHECK(server.state() == Connection::State::kEstablished);
}

TEST_CASE("preferred address: unreachable, the client stays on the original address",
          "[migration]") {
  EndpointPair pair(client_config(), with_preferred_address(server_config()));
  pair.unreachable = {kPreferred};
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  Connection& client = *pair.client().connection(handle);
  REQUIRE(pair.run_until([&] { return client.stats().path_validations_failed == 1; }));
  CHECK(client.path().peer == pair.server_address);
  CHECK(client.stats().path_changes == 0);
  BulkTransfer transfer({{.from_client = false, .bidirectional = false, .size = 200'000}});
  REQUIRE(pair.run_until(
      [&] { return !transfer.pump(&client, &server_of(pair), pair.now()) || transfer.done(); }));
  CHECK(transfer.done());
}

TEST_CASE("preferred address: refused with zero-length connection IDs", "[migration]") {
  EndpointConfig server = with_preferred_address(server_config());
  server.transport.connection_id_length = 0;
  SeededRng rng(1);
  CHECK_FALSE(Endpoint::create(std::move(server), rng).ok());
}

}  // namespace
}  // namespace quasar::test
