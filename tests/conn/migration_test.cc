// Connection migration over the in-memory link (RFC 9000 §9): the client moves to a new
// address; the server follows after validating the path; refusals where the RFC forbids it.
#include <catch2/catch.hpp>

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

}  // namespace
}  // namespace quasar::test
