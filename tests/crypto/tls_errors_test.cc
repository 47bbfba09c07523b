// TLS failures become connection errors and never crash (RFC 9001 §4.8): garbage handshake bytes
// at each encryption level, CRYPTO data where TLS does not read, TLS KeyUpdate, and key logging.
#include <catch2/catch.hpp>

#include "crypto/tls_alert.h"
#include "quic/base/hex.h"
#include "tests/crypto/tls_test_support.h"

namespace quasar {
namespace {

using test::TlsPeer;

uint64_t alert_code(TlsAlert alert) { return crypto_error_code(static_cast<uint8_t>(alert)); }

Status feed(TlsSession& tls, EncryptionLevel level, const std::vector<uint8_t>& bytes) {
  return tls.provide_crypto_data(level, bytes);
}

struct Pair {
  std::shared_ptr<TlsServerContext> server_context =
      test::make_server_context(test::server_config());
  std::shared_ptr<TlsClientContext> client_context =
      test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
};

// Feeds `bytes` at `level` and checks the error, that it sticks, and that nothing more is sent.
void expect_failure(TlsPeer& peer, EncryptionLevel level, const std::vector<uint8_t>& bytes,
                    uint64_t code) {
  for (EncryptionLevel l : test::kCryptoLevels) {
    peer.tls->consume_crypto_data(l, peer.tls->pending_crypto_data(l).size());
  }
  const Status status = peer.tls->provide_crypto_data(level, bytes);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == code);
  CHECK(std::string_view(status.error().reason).size() > 0);
  CHECK(peer.tls->provide_crypto_data(level, bytes).error().code == code);
  for (EncryptionLevel l : test::kCryptoLevels) CHECK(peer.tls->pending_crypto_data(l).empty());
  CHECK_FALSE(peer.tls->handshake_complete());
}

TEST_CASE("TLS errors: garbage at the Initial level", "[crypto][tls][errors]") {
  SECTION("a message type that cannot start a handshake") {
    Pair p;
    expect_failure(p.server, EncryptionLevel::kInitial, {0x14, 0x00, 0x00, 0x00},
                   alert_code(TlsAlert::kUnexpectedMessage));
  }
  SECTION("a ClientHello too short for its fields") {
    Pair p;
    expect_failure(p.server, EncryptionLevel::kInitial,
                   {0x01, 0x00, 0x00, 0x04, 0x03, 0x03, 0x00, 0x00},
                   alert_code(TlsAlert::kDecodeError));
  }
  SECTION("a ServerHello that is not one, at the client") {
    Pair p;
    REQUIRE(p.client.tls->start().ok());
    expect_failure(p.client, EncryptionLevel::kInitial, {0x02, 0x00, 0x00, 0x02, 0xff, 0xff},
                   alert_code(TlsAlert::kDecodeError));
  }
}

TEST_CASE("TLS errors: garbage at the Handshake level", "[crypto][tls][errors]") {
  SECTION("the client gets a bad EncryptedExtensions") {
    Pair p;
    p.client.status = p.client.tls->start();
    test::flow(p.client, p.server);
    // Deliver only the ServerHello, then garbage instead of the server's Handshake flight.
    const auto hello = p.server.tls->pending_crypto_data(EncryptionLevel::kInitial);
    REQUIRE(p.client.tls
                ->provide_crypto_data(EncryptionLevel::kInitial,
                                      std::vector<uint8_t>(hello.begin(), hello.end()))
                .ok());
    expect_failure(p.client, EncryptionLevel::kHandshake, {0x08, 0x00, 0x00, 0x02, 0x00, 0x09},
                   alert_code(TlsAlert::kDecodeError));
  }
  SECTION("the server gets a forged client Finished") {
    Pair p;
    p.client.status = p.client.tls->start();
    test::flow(p.client, p.server);
    REQUIRE(p.server.status.ok());
    std::vector<uint8_t> finished = {0x14, 0x00, 0x00, 0x20};
    finished.resize(4 + 32, 0xab);
    expect_failure(p.server, EncryptionLevel::kHandshake, finished,
                   alert_code(TlsAlert::kDecryptError));
    CHECK(p.server.secret(EncryptionLevel::kOneRtt, SecretDirection::kRead) == nullptr);
  }
}

TEST_CASE("TLS errors: garbage at the 1-RTT level after the handshake", "[crypto][tls][errors]") {
  SECTION("a malformed NewSessionTicket") {
    Pair p;
    REQUIRE(test::run_handshake(p.client, p.server));
    const Status status =
        feed(*p.client.tls, EncryptionLevel::kOneRtt, {0x04, 0x00, 0x00, 0x01, 0x00});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == alert_code(TlsAlert::kDecodeError));
  }
  SECTION("a TLS KeyUpdate is refused with unexpected_message (RFC 9001 §6)") {
    Pair p;
    REQUIRE(test::run_handshake(p.client, p.server));
    const Status status =
        feed(*p.server.tls, EncryptionLevel::kOneRtt, {0x18, 0x00, 0x00, 0x01, 0x00});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == 0x10a);
  }
}

TEST_CASE("TLS errors: CRYPTO data where TLS does not read is a protocol violation",
          "[crypto][tls][errors]") {
  SECTION("0-RTT packets never carry CRYPTO frames (RFC 9001 §8.3)") {
    Pair p;
    const Status status = feed(*p.server.tls, EncryptionLevel::kZeroRtt, {0x01});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().is(TransportError::kProtocolViolation));
  }
  SECTION("Handshake data before Handshake keys") {
    Pair p;
    const Status status =
        feed(*p.server.tls, EncryptionLevel::kHandshake, {0x14, 0x00, 0x00, 0x00});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().is(TransportError::kProtocolViolation));
  }
  SECTION("Initial data once the handshake moved on") {
    Pair p;
    REQUIRE(test::run_handshake(p.client, p.server));
    const Status status = feed(*p.client.tls, EncryptionLevel::kInitial, {0x02, 0x00, 0x00, 0x00});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().is(TransportError::kProtocolViolation));
  }
  SECTION("a client must start before receiving") {
    Pair p;
    const Status status = feed(*p.client.tls, EncryptionLevel::kInitial, {0x02});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().is(TransportError::kInternalError));
  }
}

TEST_CASE("TLS errors: more CRYPTO data than TLS may buffer is refused", "[crypto][tls][errors]") {
  Pair p;
  // A ClientHello claiming 16 MB: TLS buffers at most max_crypto_buffer() bytes of an incomplete
  // flight, and the connection closes with CRYPTO_BUFFER_EXCEEDED beyond (RFC 9000 §7.5).
  const size_t limit = p.server.tls->max_crypto_buffer(EncryptionLevel::kInitial);
  REQUIRE(limit > 0);
  REQUIRE(
      feed(*p.server.tls, EncryptionLevel::kInitial, {0x01, 0xff, 0xff, 0xff, 0x03, 0x03}).ok());
  const Status status =
      feed(*p.server.tls, EncryptionLevel::kInitial, std::vector<uint8_t>(limit, 0x00));
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().is(TransportError::kCryptoBufferExceeded));
}

TEST_CASE("TLS key log: NSS key log lines carry the traffic secrets", "[crypto][tls][keylog]") {
  std::vector<std::string> client_lines, server_lines;
  auto client_config = test::client_config();
  client_config.key_log = [&](std::string_view line) { client_lines.emplace_back(line); };
  auto server_config = test::server_config();
  server_config.key_log = [&](std::string_view line) { server_lines.emplace_back(line); };
  auto client_context = test::make_client_context(client_config);
  auto server_context = test::make_server_context(server_config);
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  REQUIRE(test::run_handshake(client, server));

  auto find = [](const std::vector<std::string>& lines, std::string_view label) -> std::string {
    for (const auto& line : lines) {
      if (line.rfind(std::string(label) + " ", 0) == 0) return line;
    }
    return {};
  };
  for (const char* label : {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                            "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"}) {
    CAPTURE(label);
    const std::string line = find(client_lines, label);
    REQUIRE_FALSE(line.empty());
    // Both ends log the same line: the same client random and secret.
    CHECK(find(server_lines, label) == line);
  }
  // "<label> <client random, 64 hex digits> <secret in hex>", the secret being what TLS gave QUIC.
  const std::string line = find(client_lines, "CLIENT_TRAFFIC_SECRET_0");
  const auto* secret = client.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite);
  REQUIRE(secret != nullptr);
  const std::string expected_tail = " " + hex_encode(secret->secret.span());
  REQUIRE(line.size() ==
          std::string_view("CLIENT_TRAFFIC_SECRET_0 ").size() + 64 + expected_tail.size());
  CHECK(line.substr(line.size() - expected_tail.size()) == expected_tail);
}

}  // namespace
}  // namespace quasar
