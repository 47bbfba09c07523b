// Handshake cross-checks of the peer's transport parameters: connection IDs (RFC 9000 §7.3)
// and version negotiation (RFC 9368 §4).
#include <catch2/catch.hpp>

#include <array>
#include <string_view>
#include <vector>

#include "quic/base/hex.h"
#include "quic/wire/handshake_parameter_checks.h"
#include "quic/wire/version.h"

namespace quasar {
namespace {

ConnectionId cid(std::string_view text) { return ConnectionId::of(*hex_decode(text)); }

void expect_error(const Status& status, TransportError code, std::string_view reason) {
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().is(code));
  CHECK(std::string_view(status.error().reason) == reason);
}

// RFC 9000 Figures 7 and 8: client C1, server S1 (chosen by the client), S2 (Retry), S3.
const ConnectionId kC1 = cid("c1c1c1c1");
const ConnectionId kS1 = cid("5151515151515151");
const ConnectionId kS2 = cid("52525252");
const ConnectionId kS3 = cid("53535353");

TEST_CASE("server parameters checked by the client without Retry", "[wire][handshake_checks]") {
  TransportParameters server;
  server.original_destination_connection_id = kS1;
  server.initial_source_connection_id = kS3;
  const HandshakeConnectionIds seen{kS3, kS1, std::nullopt};
  CHECK(check_handshake_connection_ids(server, Role::kServer, seen).ok());

  auto p = server;
  p.initial_source_connection_id.reset();
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError, "initial_source_connection_id missing");
  p = server;
  p.initial_source_connection_id = kS1;
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError,
               "initial_source_connection_id does not match the Initial packet");
  p = server;
  p.original_destination_connection_id.reset();
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError,
               "original_destination_connection_id missing");
  p = server;
  p.original_destination_connection_id = kS2;
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError,
               "original_destination_connection_id does not match");
  p = server;
  p.retry_source_connection_id = kS2;
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError,
               "retry_source_connection_id without a Retry");
}

TEST_CASE("server parameters checked by the client after a Retry", "[wire][handshake_checks]") {
  TransportParameters server;
  server.original_destination_connection_id = kS1;
  server.retry_source_connection_id = kS2;
  server.initial_source_connection_id = kS3;
  const HandshakeConnectionIds seen{kS3, kS1, kS2};
  CHECK(check_handshake_connection_ids(server, Role::kServer, seen).ok());
  auto p = server;
  p.retry_source_connection_id.reset();
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError,
               "retry_source_connection_id missing after a Retry");
  p.retry_source_connection_id = kS3;
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError,
               "retry_source_connection_id does not match the Retry");
  // A zero-length CID is a value like any other: it must match too.
  p = server;
  p.initial_source_connection_id = ConnectionId();
  expect_error(check_handshake_connection_ids(p, Role::kServer, seen),
               TransportError::kTransportParameterError,
               "initial_source_connection_id does not match the Initial packet");
}

TEST_CASE("client parameters checked by the server", "[wire][handshake_checks]") {
  TransportParameters client;
  client.initial_source_connection_id = kC1;
  const HandshakeConnectionIds seen{kC1, {}, std::nullopt};
  CHECK(check_handshake_connection_ids(client, Role::kClient, seen).ok());
  client.initial_source_connection_id = ConnectionId();
  expect_error(check_handshake_connection_ids(client, Role::kClient, seen),
               TransportError::kTransportParameterError,
               "initial_source_connection_id does not match the Initial packet");
  client.initial_source_connection_id.reset();
  expect_error(check_handshake_connection_ids(client, Role::kClient, seen),
               TransportError::kTransportParameterError, "initial_source_connection_id missing");
}

TEST_CASE("the server checks the client's chosen version", "[wire][handshake_checks]") {
  TransportParameters client;
  CHECK(check_client_version_information(client, kQuicVersion1).ok());  // absent: allowed
  client.version_information = VersionInformation{kQuicVersion1, {kQuicVersion1, kQuicVersion2}};
  CHECK(check_client_version_information(client, kQuicVersion1).ok());
  expect_error(check_client_version_information(client, kQuicVersion2),
               TransportError::kVersionNegotiationError,
               "client chosen version differs from the version in use");
}

TEST_CASE("the client checks the server's version information", "[wire][handshake_checks]") {
  const std::array<uint32_t, 2> offered = {kQuicVersion1, kQuicVersion2};
  const std::array<uint32_t, 2> preference = {kQuicVersion2, kQuicVersion1};
  TransportParameters server;
  // Without Version Negotiation, absence is fine.
  CHECK(check_server_version_information(server, offered, false, preference, kQuicVersion1).ok());
  // With it, absence is a downgrade risk.
  expect_error(check_server_version_information(server, offered, true, preference, kQuicVersion2),
               TransportError::kVersionNegotiationError,
               "server version_information missing after version negotiation");
  // The server's choice must be one the client offered.
  server.version_information = VersionInformation{0x1a2a3a4a, {kQuicVersion1}};
  expect_error(check_server_version_information(server, offered, false, preference, kQuicVersion1),
               TransportError::kVersionNegotiationError,
               "server chose a version the client did not offer");
  server.version_information = VersionInformation{kQuicVersion2, {kQuicVersion1, kQuicVersion2}};
  CHECK(check_server_version_information(server, offered, false, preference, kQuicVersion1).ok());
}

TEST_CASE("after Version Negotiation the client detects a downgrade", "[wire][handshake_checks]") {
  // The client prefers v2, got a Version Negotiation, and retried with what it selected.
  const std::array<uint32_t, 2> preference = {kQuicVersion2, kQuicVersion1};
  TransportParameters server;
  // The server really supports only v1: the client rightly went with v1.
  server.version_information = VersionInformation{kQuicVersion1, {kQuicVersion1, 0x0a1a2a3a}};
  const std::array<uint32_t, 1> offered_v1 = {kQuicVersion1};
  CHECK(check_server_version_information(server, offered_v1, true, preference, kQuicVersion1).ok());
  // The server supports v2 too: a forged Version Negotiation pushed the client down to v1.
  server.version_information = VersionInformation{kQuicVersion1, {kQuicVersion1, kQuicVersion2}};
  expect_error(
      check_server_version_information(server, offered_v1, true, preference, kQuicVersion1),
      TransportError::kVersionNegotiationError, "version negotiation was downgraded");
  // An empty Available Versions after Version Negotiation.
  server.version_information = VersionInformation{kQuicVersion1, {}};
  expect_error(
      check_server_version_information(server, offered_v1, true, preference, kQuicVersion1),
      TransportError::kVersionNegotiationError,
      "server lists no available version after version negotiation");
}

}  // namespace
}  // namespace quasar
