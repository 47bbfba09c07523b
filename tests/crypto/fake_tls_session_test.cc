// The deterministic fake TLS session of quasar_crypto_testing: the same TlsSession contract as
// BoringSSL's, byte-identical runs, and the failures the simulator needs.
#include <catch2/catch.hpp>

#include "crypto/one_rtt_keys.h"
#include "crypto/testing/fake_tls_session.h"
#include "crypto/testing/null_packet_protection.h"
#include "tests/crypto/tls_test_support.h"

namespace quasar {
namespace {

using test::TlsPeer;

TlsPeer fake_client(std::vector<std::string> alpn = {"h3"}) {
  FakeTlsConfig config;
  config.alpn = std::move(alpn);
  config.transport_parameters = test::client_transport_parameters();
  return TlsPeer{FakeTlsSession::client(config), {}, {}};
}

TlsPeer fake_server(std::vector<std::string> alpn = {"h3"}) {
  FakeTlsConfig config;
  config.alpn = std::move(alpn);
  config.transport_parameters = test::server_transport_parameters();
  return TlsPeer{FakeTlsSession::server(config), {}, {}};
}

// Every byte either side sends, in order, tagged with its level.
std::vector<uint8_t> transcript_of_run() {
  TlsPeer client = fake_client();
  TlsPeer server = fake_server();
  std::vector<uint8_t> transcript;
  REQUIRE(client.tls->start().ok());
  for (int round = 0; round < 4; ++round) {
    for (TlsPeer* from : {&client, &server}) {
      TlsPeer& to = from == &client ? server : client;
      for (EncryptionLevel level : test::kCryptoLevels) {
        const auto pending = from->tls->pending_crypto_data(level);
        const std::vector<uint8_t> bytes(pending.begin(), pending.end());
        from->tls->consume_crypto_data(level, bytes.size());
        transcript.push_back(static_cast<uint8_t>(level));
        transcript.insert(transcript.end(), bytes.begin(), bytes.end());
        REQUIRE(to.tls->provide_crypto_data(level, bytes).ok());
      }
    }
  }
  CHECK(client.tls->handshake_complete());
  CHECK(server.tls->handshake_complete());
  return transcript;
}

TEST_CASE("fake TLS: a handshake installs matching secrets in a real stack's order",
          "[crypto][fake-tls]") {
  TlsPeer client = fake_client({"hq-interop", "h3"});
  TlsPeer server = fake_server({"h3", "hq-interop"});
  REQUIRE(test::run_handshake(client, server));
  // The server's preference wins among the client's offers.
  CHECK(client.tls->alpn() == "h3");
  CHECK(server.tls->alpn() == "h3");
  const auto at_server = server.tls->peer_transport_parameters();
  const auto at_client = client.tls->peer_transport_parameters();
  CHECK(std::vector<uint8_t>(at_server.begin(), at_server.end()) ==
        test::client_transport_parameters());
  CHECK(std::vector<uint8_t>(at_client.begin(), at_client.end()) ==
        test::server_transport_parameters());
  CHECK(client.tls->cipher_suite() == CipherSuite::kAes128GcmSha256);

  REQUIRE(server.secrets.size() == 4);
  CHECK(server.secrets[0].level == EncryptionLevel::kHandshake);
  CHECK(server.secrets[0].direction == SecretDirection::kWrite);
  CHECK(server.secrets[1].level == EncryptionLevel::kOneRtt);
  CHECK(server.secrets[1].direction == SecretDirection::kWrite);
  CHECK(server.secrets[2].level == EncryptionLevel::kHandshake);
  CHECK(server.secrets[2].direction == SecretDirection::kRead);
  CHECK(server.secrets[3].level == EncryptionLevel::kOneRtt);
  CHECK(server.secrets[3].direction == SecretDirection::kRead);
  REQUIRE(client.secrets.size() == 4);
  for (EncryptionLevel level : {EncryptionLevel::kHandshake, EncryptionLevel::kOneRtt}) {
    for (auto [writer, reader] : {std::pair{&client, &server}, std::pair{&server, &client}}) {
      const auto* written = writer->secret(level, SecretDirection::kWrite);
      const auto* read = reader->secret(level, SecretDirection::kRead);
      REQUIRE(written != nullptr);
      REQUIRE(read != nullptr);
      CHECK(written->secret == read->secret);
      CHECK(written->secret.size() == 32);
    }
  }
  // The directions differ, and so do the levels.
  CHECK_FALSE(client.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite)->secret ==
              client.secret(EncryptionLevel::kOneRtt, SecretDirection::kRead)->secret);
  CHECK_FALSE(client.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite)->secret ==
              client.secret(EncryptionLevel::kHandshake, SecretDirection::kWrite)->secret);
}

TEST_CASE("fake TLS: identical runs are byte-identical", "[crypto][fake-tls]") {
  const auto first = transcript_of_run();
  CHECK(first.size() > 20);
  CHECK(transcript_of_run() == first);
}

TEST_CASE("fake TLS: bytes may arrive one at a time", "[crypto][fake-tls]") {
  TlsPeer client = fake_client();
  TlsPeer server = fake_server();
  REQUIRE(client.tls->start().ok());
  auto trickle = [](TlsPeer& from, TlsPeer& to) {
    for (EncryptionLevel level : test::kCryptoLevels) {
      const auto pending = from.tls->pending_crypto_data(level);
      const std::vector<uint8_t> bytes(pending.begin(), pending.end());
      from.tls->consume_crypto_data(level, bytes.size());
      for (uint8_t b : bytes) REQUIRE(to.tls->provide_crypto_data(level, std::span(&b, 1)).ok());
      to.collect();
    }
  };
  trickle(client, server);
  trickle(server, client);
  trickle(client, server);
  CHECK(client.tls->handshake_complete());
  CHECK(server.tls->handshake_complete());
  CHECK(server.tls->alpn() == "h3");
}

TEST_CASE("fake TLS: ALPN mismatch fails with no_application_protocol", "[crypto][fake-tls]") {
  TlsPeer client = fake_client({"h3"});
  TlsPeer server = fake_server({"hq-interop"});
  CHECK_FALSE(test::run_handshake(client, server));
  REQUIRE_FALSE(server.status.ok());
  CHECK(server.status.error().code == 0x178);
  CHECK(server.secrets.empty());
}

TEST_CASE("fake TLS: malformed or misplaced messages fail cleanly", "[crypto][fake-tls]") {
  auto feed = [](TlsPeer& peer, EncryptionLevel level, std::vector<uint8_t> bytes) {
    return peer.tls->provide_crypto_data(level, bytes);
  };
  {
    TlsPeer server = fake_server();
    const Status status = feed(server, EncryptionLevel::kInitial, {0xf1, 0, 0, 2, 5, 1});
    CHECK(status.error().code == 0x132);  // decode_error
    CHECK(feed(server, EncryptionLevel::kInitial, {0xf1}).error().code == 0x132);
  }
  {
    TlsPeer server = fake_server();
    CHECK(feed(server, EncryptionLevel::kInitial, {0xf4, 0, 0, 1, 0}).error().code == 0x10a);
  }
  {
    TlsPeer server = fake_server();
    CHECK(feed(server, EncryptionLevel::kHandshake, {0xf4, 0, 0, 1, 0})
              .error()
              .is(TransportError::kProtocolViolation));
  }
  {
    TlsPeer client = fake_client();
    CHECK(feed(client, EncryptionLevel::kInitial, {0xf2, 0, 0, 0})
              .error()
              .is(TransportError::kInternalError));  // not started
  }
  {
    TlsPeer client = fake_client();
    TlsPeer server = fake_server();
    REQUIRE(client.tls->start().ok());
    test::flow(client, server);
    // A forged server Finished.
    const auto hello = server.tls->pending_crypto_data(EncryptionLevel::kInitial);
    REQUIRE(feed(client, EncryptionLevel::kInitial, {hello.begin(), hello.end()}).ok());
    const auto handshake = server.tls->pending_crypto_data(EncryptionLevel::kHandshake);
    std::vector<uint8_t> forged(handshake.begin(), handshake.end());
    forged.back() ^= 0xff;
    CHECK(feed(client, EncryptionLevel::kHandshake, forged).error().code == 0x133);
  }
  {
    TlsPeer server = fake_server();
    CHECK(feed(server, EncryptionLevel::kInitial, {0xf1, 0xff, 0xff, 0xff})
              .ok());  // waits for the rest of a (too large) message...
    CHECK(feed(server, EncryptionLevel::kInitial, std::vector<uint8_t>(20000))
              .error()
              .is(TransportError::kCryptoBufferExceeded));
  }
}

TEST_CASE("fake TLS with the null cipher: packets and key updates work end to end",
          "[crypto][fake-tls][null-cipher]") {
  TlsPeer client = fake_client();
  TlsPeer server = fake_server();
  REQUIRE(test::run_handshake(client, server));
  const auto& factory = null_packet_key_factory();
  const auto* c_write = client.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite);
  const auto* c_read = client.secret(EncryptionLevel::kOneRtt, SecretDirection::kRead);
  auto client_keys =
      OneRttKeys::create(factory, c_write->suite, 1, c_read->secret.span(), c_write->secret.span());
  const auto* s_write = server.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite);
  const auto* s_read = server.secret(EncryptionLevel::kOneRtt, SecretDirection::kRead);
  auto server_keys =
      OneRttKeys::create(factory, s_write->suite, 1, s_read->secret.span(), s_write->secret.span());
  REQUIRE(client_keys.ok());
  REQUIRE(server_keys.ok());

  uint64_t pn = 0;
  for (int generation = 0; generation < 3; ++generation) {
    REQUIRE(client_keys->initiate_key_update().ok());
    const std::vector<uint8_t> header = {0x44, 0x01};
    std::vector<uint8_t> body = {'h', 'e', 'l', 'l', 'o'};
    body.resize(body.size() + kAeadTagLength);
    REQUIRE(client_keys->write_key().seal(pn, header, body).ok());
    // The payload stays readable on the wire.
    CHECK(body[0] == 'h');
    auto opened = server_keys->open(client_keys->write_key_phase(), pn, header, body);
    REQUIRE(opened.ok());
    CHECK(opened->key_phase_changed);
    std::vector<uint8_t> reply(20 + kAeadTagLength, 0x42);
    REQUIRE(server_keys->write_key().seal(pn, header, reply).ok());
    REQUIRE(client_keys->open(server_keys->write_key_phase(), pn, header, reply).ok());
    ++pn;
  }
  CHECK(server_keys->read_generation() == 3);
}

}  // namespace
}  // namespace quasar
