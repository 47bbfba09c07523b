// Address validation with Retry (RFC 9000 §8.1.2, §17.2.5; RFC 9001 §5.8): the server answers
// a tokenless Initial with a Retry; the client validates it, starts over with its token, keeps
// its packet numbers increasing, and accepts one Retry only.
#include <catch2/catch.hpp>

#include "quic/wire/packet_header.h"
#include "tests/conn/crafted_peer.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

EndpointConfig retrying(EndpointConfig server) {
  server.retry = RetryPolicy::kAlways;
  return server;
}

bool is_retry(std::span<const uint8_t> datagram) {
  auto header = parse_packet_header(datagram, 8);
  return header.ok() && header->is_long() && header->type == PacketType::kRetry;
}

// The packet number of a client Initial sent with the null cipher (identity header protection).
std::optional<uint64_t> initial_packet_number(std::span<const uint8_t> datagram) {
  auto header = parse_packet_header(datagram, 8);
  if (!header.ok() || !header->is_long() || header->type != PacketType::kInitial) {
    return std::nullopt;
  }
  const size_t length = (header->first_byte & 0x03) + 1;
  uint64_t pn = 0;
  for (size_t i = 0; i < length; ++i)
    pn = (pn << 8) | header->packet[header->packet_number_offset + i];
  return pn;
}

TEST_CASE("retry: one Retry, then the handshake completes with its token", "[retry]") {
  EndpointPair pair(client_config(), retrying(server_config()));
  const ConnectionHandle client = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  CHECK(pair.server().stats().retries_sent == 1);
  CHECK(pair.client().connection(client)->stats().retries_received == 1);
  // The server's transport parameters named the Retry's CID and the original one (§7.3);
  // the client checked both, or it would have closed.
  const Connection* server = pair.server().connection(pair.server_events.front().connection);
  CHECK(server->original_dcid() != server->initial_dcid());
  // A validated address: nothing held back by the amplification limit (§8.1).
  CHECK(server->stats().amplification_limit_exceeded == 0);
}

TEST_CASE("retry: the client's packet numbers keep increasing across the Retry", "[retry]") {
  EndpointPair pair(null_client_config(), retrying(null_server_config()));
  std::vector<uint64_t> client_initials;
  bool retry_seen = false;
  size_t initials_before_retry = 0;
  pair.tap = [&](bool to_server, std::vector<uint8_t>& datagram) {
    if (to_server) {
      if (auto pn = initial_packet_number(datagram)) client_initials.push_back(*pn);
    } else if (is_retry(datagram) && !retry_seen) {
      retry_seen = true;
      initials_before_retry = client_initials.size();
    }
    return true;
  };
  pair.connect();
  REQUIRE(run_until_confirmed(pair));
  REQUIRE(retry_seen);
  REQUIRE(client_initials.size() > initials_before_retry);
  // RFC 9000 §17.2.5.3: never reset to zero.
  for (size_t i = 1; i < client_initials.size(); ++i) {
    CHECK(client_initials[i] > client_initials[i - 1]);
  }
}

TEST_CASE("retry: a Retry with a bad integrity tag is ignored", "[retry]") {
  EndpointPair pair(client_config(), retrying(server_config()));
  size_t retries = 0;
  pair.tap = [&](bool to_server, std::vector<uint8_t>& datagram) {
    if (!to_server && is_retry(datagram) && ++retries == 1) datagram.back() ^= 0x01;
    return true;
  };
  const ConnectionHandle client = pair.connect();
  // The client's Initial is sent again on PTO; the server's second Retry is intact.
  REQUIRE(run_until_confirmed(pair));
  CHECK(retries >= 2);
  CHECK(pair.client().connection(client)->stats().retries_received == 1);
}

TEST_CASE("retry: a second Retry is ignored", "[retry]") {
  EndpointPair pair(client_config(), retrying(server_config()));
  std::vector<uint8_t> first_retry;
  pair.tap = [&](bool to_server, std::vector<uint8_t>& datagram) {
    if (!to_server && is_retry(datagram) && first_retry.empty()) first_retry = datagram;
    return true;
  };
  const ConnectionHandle client = pair.connect();
  REQUIRE(run_until_confirmed(pair));
  REQUIRE(!first_retry.empty());
  pair.client().handle_datagram(pair.now(), pair.client_address, pair.server_address, Ecn::kNotEct,
                                first_retry);
  const Connection* c = pair.client().connection(client);
  CHECK(c->stats().retries_received == 1);
  CHECK_FALSE(c->close_reason());
}

TEST_CASE("retry: a forged Retry token is closed with INVALID_TOKEN", "[retry]") {
  EndpointPair pair(client_config(), server_config());
  ConnectOptions options;
  options.server_name = "localhost";
  options.token.assign(60, 0x33);
  options.token[0] = static_cast<uint8_t>(AddressTokenKind::kRetry);
  pair.connect(options);
  REQUIRE(pair.run_until([&] { return has_event<event::ConnectionClosed>(pair.client_events); }));
  const auto closed = find_event<event::ConnectionClosed>(pair.client_events);
  INFO(closed->reason.to_string());
  CHECK(closed->reason.kind == CloseReason::Kind::kRemote);
  CHECK(closed->reason.error.is(TransportError::kInvalidToken));
  CHECK(pair.server().stats().invalid_tokens == 1);
}

TEST_CASE("retry: an unknown token is as if there were none", "[retry]") {
  // RFC 9000 §8.1.3: a NEW_TOKEN-kind token that does not validate is ignored.
  EndpointPair pair(client_config(), server_config());
  ConnectOptions options;
  options.server_name = "localhost";
  options.token.assign(60, 0x33);
  options.token[0] = static_cast<uint8_t>(AddressTokenKind::kNewToken);
  pair.connect(options);
  REQUIRE(run_until_confirmed(pair));
  CHECK(pair.server().stats().invalid_tokens == 1);
}

TEST_CASE("retry: above a load threshold only", "[retry]") {
  EndpointConfig server = server_config();
  server.retry = RetryPolicy::kAboveLoad;
  server.retry_above_connections = 1;
  EndpointPair pair(client_config(), std::move(server));
  pair.connect();
  REQUIRE(run_until_confirmed(pair));
  CHECK(pair.server().stats().retries_sent == 0);
  pair.client_events.clear();
  pair.server_events.clear();
  pair.connect();
  REQUIRE(run_until_confirmed(pair));
  CHECK(pair.server().stats().retries_sent == 1);
}

TEST_CASE("new token: a later connection skips the Retry with it", "[retry][new-token]") {
  EndpointPair pair(client_config(), retrying(server_config()));
  pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::NewToken>(pair.client_events); }));
  const std::vector<uint8_t> token = find_event<event::NewToken>(pair.client_events)->token;
  CHECK_FALSE(token.empty());
  CHECK(pair.server().stats().retries_sent == 1);

  SECTION("from the same address: no Retry, the address is validated") {
    pair.client_events.clear();
    pair.server_events.clear();
    pair.client_address = *SocketAddress::parse("10.0.0.1:6000");  // a new port is fine
    ConnectOptions options;
    options.server_name = "localhost";
    options.token = token;
    const ConnectionHandle second = pair.connect(options);
    REQUIRE(run_until_confirmed(pair));
    CHECK(pair.server().stats().retries_sent == 1);
    CHECK(pair.server().stats().invalid_tokens == 0);
    CHECK(pair.client().connection(second)->stats().retries_received == 0);
  }
  SECTION("from another address: the token is ignored and a Retry follows") {
    pair.client_events.clear();
    pair.server_events.clear();
    pair.client_address = *SocketAddress::parse("10.0.0.9:5000");
    ConnectOptions options;
    options.server_name = "localhost";
    options.token = token;
    const ConnectionHandle second = pair.connect(options);
    REQUIRE(run_until_confirmed(pair));
    CHECK(pair.server().stats().retries_sent == 2);
    CHECK(pair.server().stats().invalid_tokens == 1);
    CHECK(pair.client().connection(second)->stats().retries_received == 1);
  }
}

}  // namespace
}  // namespace quasar::test
