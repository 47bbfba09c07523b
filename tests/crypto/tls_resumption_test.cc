// Session tickets, resumption and 0-RTT (RFC 9001 §4.5, §4.6) between BoringSSL sessions.
#include <catch2/catch.hpp>

#include "crypto/stored_session.h"
#include "tests/crypto/tls_test_support.h"

namespace quasar {
namespace {

using test::TlsPeer;

const std::vector<uint8_t> kContextA = {'t', 'p', '-', 'A'};
const std::vector<uint8_t> kContextB = {'t', 'p', '-', 'B'};

TlsServerConfig early_data_server_config() {
  auto config = test::server_config();
  config.enable_early_data = true;
  return config;
}

// A full handshake, then the server's tickets delivered; returns the client's stored sessions.
std::vector<std::vector<uint8_t>> first_connection(const TlsClientContext& client_context,
                                                   const TlsServerContext& server_context,
                                                   std::vector<uint8_t> early_data_context = {},
                                                   uint32_t version = 1) {
  TlsPeer client = test::client_peer(client_context, {}, "localhost", version);
  TlsPeer server = test::server_peer(server_context, std::move(early_data_context), version);
  REQUIRE(test::run_handshake(client, server));
  std::vector<std::vector<uint8_t>> tickets;
  while (auto ticket = client.tls->take_session_ticket()) tickets.push_back(std::move(*ticket));
  CHECK(tickets.size() == server.tls->session_tickets_sent());
  return tickets;
}

TEST_CASE("TLS resumption: the server issues tickets after the handshake",
          "[crypto][tls][resume]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_context = test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  client.status = client.tls->start();
  test::flow(client, server);
  test::flow(server, client);
  REQUIRE(client.tls->handshake_complete());
  // Tickets only follow the client's Finished, at the 1-RTT level (RFC 9001 §4.5).
  CHECK(server.tls->session_tickets_sent() == 0);
  test::flow(client, server);
  REQUIRE(server.tls->handshake_complete());
  CHECK(server.tls->session_tickets_sent() >= 1);
  CHECK_FALSE(server.tls->pending_crypto_data(EncryptionLevel::kOneRtt).empty());
  CHECK(client.tls->take_session_ticket() == std::nullopt);
  test::flow(server, client);
  REQUIRE(client.status.ok());

  auto ticket = client.tls->take_session_ticket();
  REQUIRE(ticket.has_value());
  // The stored session remembers what 0-RTT needs: version, ALPN, server transport parameters.
  auto stored = decode_stored_session(*ticket);
  REQUIRE(stored.has_value());
  CHECK(stored->quic_version == 1);
  CHECK(stored->alpn == "h3");
  CHECK(stored->server_transport_parameters == test::server_transport_parameters());
  CHECK_FALSE(stored->early_data_capable);  // this server does not enable 0-RTT
  CHECK(encode_stored_session(*stored) == *ticket);
  CHECK_FALSE(decode_stored_session(std::span(*ticket).first(ticket->size() - 1)).has_value());
}

TEST_CASE("TLS resumption: a stored session resumes without 0-RTT", "[crypto][tls][resume]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_context = test::make_client_context(test::client_config());
  const auto tickets = first_connection(*client_context, *server_context);
  REQUIRE_FALSE(tickets.empty());

  TlsPeer client = test::client_peer(*client_context, tickets.front());
  TlsPeer server = test::server_peer(*server_context);
  REQUIRE(test::run_handshake(client, server));
  CHECK(client.tls->resumed());
  CHECK(server.tls->resumed());
  CHECK(client.tls->early_data_state() == EarlyDataState::kNotAttempted);
  CHECK(client.secret(EncryptionLevel::kZeroRtt, SecretDirection::kWrite) == nullptr);
  const auto* written = client.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite);
  const auto* read = server.secret(EncryptionLevel::kOneRtt, SecretDirection::kRead);
  REQUIRE(written != nullptr);
  REQUIRE(read != nullptr);
  CHECK(written->secret == read->secret);
}

TEST_CASE("TLS resumption: 0-RTT accepted under the same early-data context",
          "[crypto][tls][0rtt]") {
  auto server_context = test::make_server_context(early_data_server_config());
  auto client_context = test::make_client_context(test::client_config());
  const auto tickets = first_connection(*client_context, *server_context, kContextA);
  REQUIRE_FALSE(tickets.empty());
  REQUIRE(decode_stored_session(tickets.front())->early_data_capable);

  TlsPeer client = test::client_peer(*client_context, tickets.front());
  TlsPeer server = test::server_peer(*server_context, kContextA);
  // start() offers 0-RTT: the 0-RTT write key is there before anything is received.
  client.status = client.tls->start();
  client.collect();
  REQUIRE(client.status.ok());
  const auto* zero_rtt_write = client.secret(EncryptionLevel::kZeroRtt, SecretDirection::kWrite);
  REQUIRE(zero_rtt_write != nullptr);
  CHECK(client.tls->early_data_state() == EarlyDataState::kPending);
  CHECK_FALSE(client.tls->handshake_complete());

  test::flow(client, server);
  REQUIRE(server.status.ok());
  CHECK(server.tls->early_data_state() == EarlyDataState::kAccepted);
  const auto* zero_rtt_read = server.secret(EncryptionLevel::kZeroRtt, SecretDirection::kRead);
  REQUIRE(zero_rtt_read != nullptr);
  CHECK(zero_rtt_read->secret == zero_rtt_write->secret);
  CHECK(zero_rtt_read->suite == zero_rtt_write->suite);
  // Order at the server: Handshake write, 1-RTT write, 0-RTT read, Handshake read. Keys to write
  // acknowledgments with always come first (0-RTT packets are acknowledged in 1-RTT).
  REQUIRE(server.secrets.size() == 4);
  CHECK(server.secrets[0].level == EncryptionLevel::kHandshake);
  CHECK(server.secrets[1].level == EncryptionLevel::kOneRtt);
  CHECK(server.secrets[2].level == EncryptionLevel::kZeroRtt);
  CHECK(server.secrets[3].level == EncryptionLevel::kHandshake);
  CHECK(server.secrets[3].direction == SecretDirection::kRead);

  REQUIRE(test::run_handshake(client, server));
  CHECK(client.tls->early_data_state() == EarlyDataState::kAccepted);
  CHECK(client.tls->resumed());
}

TEST_CASE("TLS resumption: 0-RTT rejected after the server changes its early-data context",
          "[crypto][tls][0rtt]") {
  auto server_context = test::make_server_context(early_data_server_config());
  auto client_context = test::make_client_context(test::client_config());
  const auto tickets = first_connection(*client_context, *server_context, kContextA);
  REQUIRE_FALSE(tickets.empty());

  TlsPeer client = test::client_peer(*client_context, tickets.front());
  TlsPeer server = test::server_peer(*server_context, kContextB);
  client.status = client.tls->start();
  client.collect();
  REQUIRE(client.secret(EncryptionLevel::kZeroRtt, SecretDirection::kWrite) != nullptr);
  test::flow(client, server);
  REQUIRE(server.status.ok());
  CHECK(server.tls->early_data_state() == EarlyDataState::kRejected);
  CHECK(server.secret(EncryptionLevel::kZeroRtt, SecretDirection::kRead) == nullptr);

  REQUIRE(test::run_handshake(client, server));
  CHECK(client.tls->early_data_state() == EarlyDataState::kRejected);
  // The resumption itself still succeeds (RFC 9001 §4.6.2).
  CHECK(client.tls->resumed());
  CHECK(server.tls->resumed());
}

TEST_CASE("TLS resumption: a server without 0-RTT rejects an offer", "[crypto][tls][0rtt]") {
  auto server_context = test::make_server_context(early_data_server_config());
  auto client_context = test::make_client_context(test::client_config());
  const auto tickets = first_connection(*client_context, *server_context, kContextA);
  REQUIRE_FALSE(tickets.empty());
  // The same ticket keys are needed to resume, so the second server shares the first's context
  // but this connection gives it no early-data context.
  TlsPeer client = test::client_peer(*client_context, tickets.front());
  TlsPeer server = test::server_peer(*server_context);
  REQUIRE(test::run_handshake(client, server));
  CHECK(client.tls->early_data_state() == EarlyDataState::kRejected);
  CHECK(server.tls->early_data_state() == EarlyDataState::kRejected);
}

TEST_CASE("TLS resumption: a client with 0-RTT disabled only resumes", "[crypto][tls][0rtt]") {
  auto server_context = test::make_server_context(early_data_server_config());
  auto client_config = test::client_config();
  client_config.enable_early_data = false;
  auto client_context = test::make_client_context(client_config);
  const auto tickets = first_connection(*client_context, *server_context, kContextA);
  REQUIRE_FALSE(tickets.empty());
  TlsPeer client = test::client_peer(*client_context, tickets.front());
  TlsPeer server = test::server_peer(*server_context, kContextA);
  REQUIRE(test::run_handshake(client, server));
  CHECK(client.tls->resumed());
  CHECK(client.tls->early_data_state() == EarlyDataState::kNotAttempted);
  CHECK(server.tls->early_data_state() == EarlyDataState::kNotAttempted);
}

TEST_CASE("TLS resumption: shared ticket keys let another server resume", "[crypto][tls][resume]") {
  std::array<uint8_t, 48> key;
  key.fill(0x5c);
  auto config = test::server_config();
  config.session_ticket_key = key;
  auto first_server = test::make_server_context(config);
  auto second_server = test::make_server_context(config);
  auto stranger = test::make_server_context(test::server_config());
  auto client_context = test::make_client_context(test::client_config());
  const auto tickets = first_connection(*client_context, *first_server);
  REQUIRE_FALSE(tickets.empty());

  TlsPeer client = test::client_peer(*client_context, tickets.front());
  TlsPeer server = test::server_peer(*second_server);
  REQUIRE(test::run_handshake(client, server));
  CHECK(server.tls->resumed());

  // A server with other keys cannot read the ticket and falls back to a full handshake.
  TlsPeer client2 = test::client_peer(*client_context, tickets.front());
  TlsPeer server2 = test::server_peer(*stranger);
  REQUIRE(test::run_handshake(client2, server2));
  CHECK_FALSE(server2.tls->resumed());
}

TEST_CASE("TLS resumption: sessions do not cross QUIC versions (RFC 9369 §5)",
          "[crypto][tls][resume]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_context = test::make_client_context(test::client_config());
  const auto tickets = first_connection(*client_context, *server_context);
  REQUIRE(tickets.size() >= 1);
  constexpr uint32_t kVersion2 = 0x6b3343cf;

  // The client will not offer a version 1 session on a version 2 connection.
  TlsPeer client = test::client_peer(*client_context, tickets.front(), "localhost", kVersion2);
  TlsPeer server = test::server_peer(*server_context, {}, kVersion2);
  REQUIRE(test::run_handshake(client, server));
  CHECK_FALSE(client.tls->resumed());

  // Nor will the server resume it if a client offers it anyway.
  TlsPeer client2 = test::client_peer(*client_context, tickets.back(), "localhost", 1);
  TlsPeer server2 = test::server_peer(*server_context, {}, kVersion2);
  REQUIRE(test::run_handshake(client2, server2));
  CHECK_FALSE(server2.tls->resumed());

  // Garbage instead of a session is ignored: a full handshake.
  const std::vector<uint8_t> garbage = {1, 2, 3};
  TlsPeer client3 = test::client_peer(*client_context, garbage);
  TlsPeer server3 = test::server_peer(*server_context);
  REQUIRE(test::run_handshake(client3, server3));
  CHECK_FALSE(client3.tls->resumed());
}

}  // namespace
}  // namespace quasar
