// QUIC versions: Version Negotiation (RFC 9000 §6, RFC 9368 §4) — the server answers a version
// it does not speak, the client starts over in one both speak, ignores what it must ignore and
// detects a downgrade — and compatible version negotiation from v1 to v2 (RFC 9368 §4,
// RFC 9369 §4), with tickets bound to the negotiated version (RFC 9369 §5).
#include <catch2/catch.hpp>

#include "quic/wire/packet_header.h"
#include "quic/wire/version_negotiation.h"
#include "tests/conn/bulk_transfer.h"
#include "tests/conn/crafted_peer.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

EndpointConfig speaking(EndpointConfig config, std::vector<uint32_t> versions) {
  config.version = versions.front();
  config.versions = std::move(versions);
  return config;
}

// Long-header packets seen on the link: direction, type, version, first byte (as sent, header
// protection on) and the size of the datagram that carried them.
struct SeenPacket {
  bool to_server = false;
  PacketType type = PacketType::kInitial;
  uint32_t version = 0;
  uint8_t first_byte = 0;
  size_t datagram_size = 0;
};

void record_long_headers(EndpointPair& pair, std::vector<SeenPacket>& seen) {
  pair.tap = [&seen](bool to_server, std::vector<uint8_t>& datagram) {
    std::span<const uint8_t> rest = datagram;
    // Coalesced packets: each long header's Length field says where the next one starts.
    while (!rest.empty()) {
      auto header = parse_packet_header(rest, 8);
      if (!header.ok() || !header->is_long()) break;
      seen.push_back({to_server, header->type, header->version, rest[0], datagram.size()});
      if (header->packet.size() >= rest.size()) break;
      rest = rest.subspan(header->packet.size());
    }
    return true;
  };
}

// A Version Negotiation packet as a server (or an attacker who saw the client's Initial) would
// write it to `client`.
std::vector<uint8_t> version_negotiation_for(const Connection& client,
                                             std::vector<uint32_t> versions) {
  std::vector<uint8_t> bytes(1200);
  BufferWriter writer(bytes);
  SeededRng rng(7);
  const auto size =
      write_version_negotiation(writer, client.initial_dcid().span(),
                                client.local_cids().all().front().cid.span(), versions, rng);
  REQUIRE(size);
  bytes.resize(*size);
  return bytes;
}

// The client's first flight in `first_version`, the server's Version Negotiation, then the
// client's Initial in v1.
void check_restarted_in_v1(const std::vector<SeenPacket>& seen, uint32_t first_version) {
  REQUIRE(seen.size() >= 3);
  CHECK((seen[0].to_server && seen[0].version == first_version));
  CHECK((!seen[1].to_server && seen[1].type == PacketType::kVersionNegotiation));
  CHECK((seen[2].to_server && seen[2].version == kQuicVersion1));
}

Connection& server_connection(EndpointPair& pair) {
  REQUIRE(!pair.server_events.empty());
  Connection* c = pair.server().connection(pair.server_events.front().connection);
  REQUIRE(c != nullptr);
  return *c;
}

TEST_CASE("versions: a client in a version the server does not speak starts over in one it does",
          "[version]") {
  EndpointPair pair(speaking(null_client_config(), {kQuicVersion2, kQuicVersion1}),
                    speaking(null_server_config(), {kQuicVersion1}));
  std::vector<SeenPacket> seen;
  record_long_headers(pair, seen);
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  const Connection& client = *pair.client().connection(handle);
  CHECK(pair.server().stats().version_negotiations_sent == 1);
  CHECK(client.stats().version_negotiations_received == 1);
  CHECK(client.version() == kQuicVersion1);
  CHECK(server_connection(pair).version() == kQuicVersion1);
  check_restarted_in_v1(seen, kQuicVersion2);
}

TEST_CASE("versions: a first flight in a reserved version elicits Version Negotiation",
          "[version]") {
  // RFC 9000 §6.3: 0x1a2a3a4a names no protocol; its Initial is laid out as in v1.
  constexpr uint32_t kReserved = 0x1a2a3a4a;
  EndpointConfig client_config = speaking(null_client_config(), {kQuicVersion1, kQuicVersion2});
  client_config.version = kReserved;
  EndpointPair pair(std::move(client_config), null_server_config());
  std::vector<SeenPacket> seen;
  record_long_headers(pair, seen);
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  CHECK(pair.server().stats().version_negotiations_sent == 1);
  CHECK(pair.client().connection(handle)->stats().version_negotiations_received == 1);
  CHECK(pair.client().connection(handle)->version() == kQuicVersion1);
  check_restarted_in_v1(seen, kReserved);
  // Laid out as a v1 Initial (RFC 9000 §17.2.2: type code 0), padded to 1200 bytes (§14.1).
  REQUIRE(seen[0].datagram_size >= 1200);
  CHECK(((seen[0].first_byte & 0x30) >> 4) == 0);
}

TEST_CASE("versions: only a client may start in a reserved version, and only a reserved one",
          "[version]") {
  SeededRng rng(3);
  EndpointConfig server = null_server_config();
  server.version = 0x1a2a3a4a;
  CHECK_FALSE(Endpoint::create(std::move(server), rng).ok());
  EndpointConfig client = speaking(null_client_config(), {kQuicVersion1});
  client.version = 0xff00001d;  // a draft version: neither spoken nor reserved
  CHECK_FALSE(Endpoint::create(std::move(client), rng).ok());
}

TEST_CASE("versions: the connection after Version Negotiation carries data intact", "[version]") {
  EndpointPair pair(speaking(null_client_config(), {kQuicVersion2, kQuicVersion1}),
                    speaking(null_server_config(), {kQuicVersion1}));
  BulkTransfer transfer({{.from_client = true, .bidirectional = true, .size = 200'000},
                         {.from_client = false, .bidirectional = false, .size = 200'000}});
  ConnectionHandle handle = 0;
  REQUIRE(run_transfer(pair, transfer, Duration::from_seconds(30), &handle));
  CHECK(pair.client().connection(handle)->stats().version_negotiations_received == 1);
}

TEST_CASE("versions: no version in common ends the attempt with VERSION_NEGOTIATION_ERROR",
          "[version]") {
  EndpointPair pair(speaking(null_client_config(), {kQuicVersion2}),
                    speaking(null_server_config(), {kQuicVersion1}));
  pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::ConnectionClosed>(pair.client_events); }));
  const auto closed = find_event<event::ConnectionClosed>(pair.client_events);
  CHECK(closed->reason.kind == CloseReason::Kind::kVersionNegotiation);
  CHECK(closed->reason.error.code ==
        static_cast<uint64_t>(TransportError::kVersionNegotiationError));
  CHECK(pair.server().connection_count() == 0);
}

TEST_CASE("versions: Version Negotiation the client must ignore", "[version]") {
  EndpointPair pair(null_client_config(), null_server_config());
  const ConnectionHandle handle = pair.connect();
  Connection& client = *pair.client().connection(handle);
  std::vector<uint8_t> vn;
  SECTION("it lists the client's own version (RFC 9000 §6.2)") {
    vn = version_negotiation_for(client, {kQuicVersion2, kQuicVersion1});
  }
  SECTION("its connection IDs are not those of the client's Initial (RFC 9000 §17.2.1)") {
    vn = version_negotiation_for(client, {kQuicVersion2});
    vn[7] ^= 0xff;  // inside the Destination Connection ID
  }
  pair.client().handle_datagram(pair.now(), pair.client_address, pair.server_address, Ecn::kNotEct,
                                vn);
  REQUIRE(run_until_confirmed(pair));
  CHECK(client.stats().version_negotiations_received == 0);
  CHECK(client.version() == kQuicVersion1);
}

TEST_CASE("versions: Version Negotiation after the server answered is ignored", "[version]") {
  EndpointPair pair(null_client_config(), null_server_config());
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  Connection& client = *pair.client().connection(handle);
  auto vn = version_negotiation_for(client, {kQuicVersion2});
  pair.client().handle_datagram(pair.now(), pair.client_address, pair.server_address, Ecn::kNotEct,
                                vn);
  CHECK(client.stats().version_negotiations_received == 0);
  CHECK(client.state() == Connection::State::kEstablished);
  BulkTransfer transfer({{.from_client = true, .bidirectional = true, .size = 10'000}});
  CHECK(pair.run_until([&] {
    return !transfer.pump(&client, &server_connection(pair), pair.now()) || transfer.done();
  }));
  CHECK(transfer.done());
}

TEST_CASE("versions: a forged Version Negotiation that downgrades the client is detected",
          "[version]") {
  // Both speak v2, the client's favourite; an attacker drops its v2 Initial and answers with a
  // Version Negotiation listing v1 only. The server's version_information (RFC 9368 §4) shows
  // v2 was available: the client closes with VERSION_NEGOTIATION_ERROR.
  EndpointPair pair(speaking(null_client_config(), {kQuicVersion2, kQuicVersion1}),
                    speaking(null_server_config(), {kQuicVersion1, kQuicVersion2}));
  bool first_dropped = false;
  pair.drop = [&](bool to_server, std::span<const uint8_t>) {
    if (!to_server || first_dropped) return false;
    first_dropped = true;
    return true;
  };
  const ConnectionHandle handle = pair.connect();
  Connection& client = *pair.client().connection(handle);
  auto vn = version_negotiation_for(client, {kQuicVersion1});
  pair.client().handle_datagram(pair.now(), pair.client_address, pair.server_address, Ecn::kNotEct,
                                vn);
  CHECK(client.stats().version_negotiations_received == 1);
  REQUIRE(pair.run_until([&] { return has_event<event::ConnectionClosed>(pair.client_events); }));
  const auto closed = find_event<event::ConnectionClosed>(pair.client_events);
  CHECK(closed->reason.kind == CloseReason::Kind::kLocal);
  CHECK(closed->reason.error.code ==
        static_cast<uint64_t>(TransportError::kVersionNegotiationError));
  CHECK(!has_event<event::HandshakeCompleted>(pair.client_events));
}

TEST_CASE("versions: a server preferring v2 moves a v1 client to v2 without a round trip",
          "[version]") {
  EndpointPair pair(client_config(), speaking(server_config(), {kQuicVersion2, kQuicVersion1}));
  std::vector<SeenPacket> seen;
  record_long_headers(pair, seen);
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  CHECK(pair.client().connection(handle)->version() == kQuicVersion2);
  CHECK(server_connection(pair).version() == kQuicVersion2);
  CHECK(pair.server().stats().version_negotiations_sent == 0);
  REQUIRE(!seen.empty());
  CHECK((seen.front().to_server && seen.front().type == PacketType::kInitial &&
         seen.front().version == kQuicVersion1));
  size_t server_packets = 0;
  size_t handshake_packets = 0;
  bool client_moved_to_v2 = false;
  for (const SeenPacket& p : seen) {
    // RFC 9369 §4: the server sends everything in the negotiated version, and Handshake packets
    // from both sides are v2.
    if (!p.to_server) {
      server_packets++;
      CHECK(p.version == kQuicVersion2);
    }
    if (p.type == PacketType::kHandshake) {
      handshake_packets++;
      CHECK(p.version == kQuicVersion2);
    }
    if (p.to_server && p.version == kQuicVersion2) client_moved_to_v2 = true;
    // Once the client sent v2, it does not go back.
    if (client_moved_to_v2 && p.to_server) CHECK(p.version == kQuicVersion2);
  }
  CHECK(server_packets > 0);
  CHECK(handshake_packets > 0);
  CHECK(client_moved_to_v2);
}

TEST_CASE("versions: by default a v1 client stays in v1", "[version]") {
  EndpointPair pair(client_config(), server_config());
  std::vector<SeenPacket> seen;
  record_long_headers(pair, seen);
  const ConnectionHandle handle = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  CHECK(pair.client().connection(handle)->version() == kQuicVersion1);
  REQUIRE(!seen.empty());
  for (const SeenPacket& p : seen) CHECK(p.version == kQuicVersion1);
  // Both sides sent version_information (RFC 9369 §4 requires it of v2-capable endpoints).
  const auto& from_server = pair.client().connection(handle)->peer_transport_parameters();
  REQUIRE(from_server.version_information);
  CHECK(from_server.version_information->chosen_version == kQuicVersion1);
  CHECK(from_server.version_information->lists(kQuicVersion2));
  const auto& from_client = server_connection(pair).peer_transport_parameters();
  REQUIRE(from_client.version_information);
  CHECK(from_client.version_information->chosen_version == kQuicVersion1);
}

TEST_CASE("versions: a ticket from an upgraded connection resumes in v2", "[version]") {
  EndpointPair pair(client_config(), speaking(server_config(), {kQuicVersion2, kQuicVersion1}));
  pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::SessionTicket>(pair.client_events); }));
  const auto ticket = find_event<event::SessionTicket>(pair.client_events);

  std::vector<SeenPacket> seen;
  record_long_headers(pair, seen);
  pair.client_events.clear();
  pair.server_events.clear();
  ConnectOptions options;
  options.server_name = "localhost";
  options.session = ticket->ticket;
  const ConnectionHandle second = pair.connect(options);
  REQUIRE(run_until_confirmed(pair));
  const Connection& client = *pair.client().connection(second);
  CHECK(client.version() == kQuicVersion2);
  CHECK(client.tls().resumed());
  // RFC 9369 §5: the session belongs to v2, so the first flight is v2 already.
  REQUIRE(!seen.empty());
  CHECK((seen.front().to_server && seen.front().version == kQuicVersion2));
}

}  // namespace
}  // namespace quasar::test
