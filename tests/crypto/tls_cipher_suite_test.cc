// Cipher suite negotiation and restriction. A minimal TLS 1.3 client with its own key schedule
// makes the server negotiate each suite and checks every secret the server hands QUIC.
#include <catch2/catch.hpp>

#include <openssl/aead.h>

#include "crypto/tls_alert.h"
#include "tests/crypto/minimal_tls13_client.h"
#include "tests/crypto/tls_test_support.h"

namespace quasar {
namespace {

using test::CertKind;
using test::MinimalTls13Client;
using test::TlsPeer;

std::vector<uint8_t> take_pending(TlsSession& tls, EncryptionLevel level) {
  const auto pending = tls.pending_crypto_data(level);
  std::vector<uint8_t> bytes(pending.begin(), pending.end());
  tls.consume_crypto_data(level, bytes.size());
  return bytes;
}

TEST_CASE("TLS cipher suites: the server negotiates each suite, secrets match RFC 8446 §7.1",
          "[crypto][tls][suites]") {
  const CipherSuite suite =
      GENERATE(from_range(std::begin(kAllCipherSuites), std::end(kAllCipherSuites)));
  const CertKind kind = GENERATE(CertKind::kEcdsa, CertKind::kRsa);
  CAPTURE(cipher_suite_name(suite), test::cert_kind_name(kind));
  auto server_context = test::make_server_context(test::server_config(kind));
  TlsPeer server = test::server_peer(*server_context);
  MinimalTls13Client client({static_cast<uint16_t>(suite)}, test::client_transport_parameters(),
                            "h3", "localhost");

  server.status = server.tls->provide_crypto_data(EncryptionLevel::kInitial, client.client_hello());
  server.collect();
  REQUIRE(server.status.ok());
  CHECK(server.tls->cipher_suite() == suite);
  REQUIRE(client.on_server_initial(take_pending(*server.tls, EncryptionLevel::kInitial)));
  CHECK(client.suite() == suite);

  const auto* hs_write = server.secret(EncryptionLevel::kHandshake, SecretDirection::kWrite);
  const auto* hs_read = server.secret(EncryptionLevel::kHandshake, SecretDirection::kRead);
  REQUIRE(hs_write != nullptr);
  REQUIRE(hs_read != nullptr);
  CHECK(hs_write->suite == suite);
  CHECK(hs_write->secret.size() == secret_length(suite));
  CHECK(hs_write->secret == client.server_handshake_secret());
  CHECK(hs_read->secret == client.client_handshake_secret());

  // The client checks the server's Finished and answers with its own.
  const auto finished =
      client.on_server_handshake(take_pending(*server.tls, EncryptionLevel::kHandshake));
  REQUIRE(finished.has_value());
  CHECK(client.selected_alpn() == "h3");
  CHECK(client.server_transport_parameters() == test::server_transport_parameters());
  const auto at_server = server.tls->peer_transport_parameters();
  CHECK(std::vector<uint8_t>(at_server.begin(), at_server.end()) ==
        test::client_transport_parameters());

  server.status = server.tls->provide_crypto_data(EncryptionLevel::kHandshake, *finished);
  server.collect();
  REQUIRE(server.status.ok());
  CHECK(server.tls->handshake_complete());
  const auto* app_write = server.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite);
  const auto* app_read = server.secret(EncryptionLevel::kOneRtt, SecretDirection::kRead);
  REQUIRE(app_write != nullptr);
  REQUIRE(app_read != nullptr);
  CHECK(app_write->secret == client.server_application_secret());
  CHECK(app_read->secret == client.client_application_secret());
  CHECK(app_read->suite == suite);
}

TEST_CASE("TLS cipher suites: a restricted server refuses clients outside its set",
          "[crypto][tls][suites]") {
  auto config = test::server_config();
  config.cipher_suites = CipherSuiteSet::only(CipherSuite::kChaCha20Poly1305Sha256);
  auto server_context = test::make_server_context(config);

  SECTION("a client offering only AES-128-GCM is refused at once") {
    TlsPeer server = test::server_peer(*server_context);
    MinimalTls13Client client({0x1301}, test::client_transport_parameters(), "h3", "localhost");
    const Status status =
        server.tls->provide_crypto_data(EncryptionLevel::kInitial, client.client_hello());
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code ==
          crypto_error_code(static_cast<uint8_t>(TlsAlert::kHandshakeFailure)));
  }
  SECTION("a client preferring AES-GCM to ChaCha20 lands outside the set and is refused") {
    TlsPeer server = test::server_peer(*server_context);
    MinimalTls13Client client({0x1301, 0x1303}, test::client_transport_parameters(), "h3",
                              "localhost");
    const Status status =
        server.tls->provide_crypto_data(EncryptionLevel::kInitial, client.client_hello());
    if (EVP_has_aes_hardware()) {
      // With AES instructions BoringSSL follows the client's order.
      REQUIRE_FALSE(status.ok());
      CHECK(status.error().code ==
            crypto_error_code(static_cast<uint8_t>(TlsAlert::kHandshakeFailure)));
    } else {
      // Without them it prefers ChaCha20 itself.
      REQUIRE(status.ok());
      CHECK(server.tls->cipher_suite() == CipherSuite::kChaCha20Poly1305Sha256);
    }
  }
  SECTION("a client offering ChaCha20 first gets it") {
    TlsPeer server = test::server_peer(*server_context);
    MinimalTls13Client client({0x1303, 0x1301}, test::client_transport_parameters(), "h3",
                              "localhost");
    REQUIRE(server.tls->provide_crypto_data(EncryptionLevel::kInitial, client.client_hello()).ok());
    CHECK(server.tls->cipher_suite() == CipherSuite::kChaCha20Poly1305Sha256);
  }
}

TEST_CASE("TLS cipher suites: a restricted client refuses a server's other choice",
          "[crypto][tls][suites]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_config = test::client_config();
  // BoringSSL's server never picks AES-256-GCM over the AES-128-GCM its client lists first.
  client_config.cipher_suites = CipherSuiteSet::only(CipherSuite::kAes256GcmSha384);
  auto client_context = test::make_client_context(client_config);
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  CHECK_FALSE(test::run_handshake(client, server));
  REQUIRE_FALSE(client.status.ok());
  CHECK(client.status.error().code ==
        crypto_error_code(static_cast<uint8_t>(TlsAlert::kHandshakeFailure)));
  CHECK(client.secrets.empty());
}

TEST_CASE("TLS cipher suites: ChaCha20-only client and server", "[crypto][tls][suites]") {
  // quic-interop-runner's chacha20 test restricts both ends. BoringSSL's client offers ChaCha20
  // first only on CPUs without AES instructions (or with OPENSSL_ia32cap masking them, as the
  // second run of these tests does), so only then can the handshake use it.
  auto server_config = test::server_config();
  server_config.cipher_suites = CipherSuiteSet::only(CipherSuite::kChaCha20Poly1305Sha256);
  auto client_config = test::client_config();
  client_config.cipher_suites = CipherSuiteSet::only(CipherSuite::kChaCha20Poly1305Sha256);
  auto server_context = test::make_server_context(server_config);
  auto client_context = test::make_client_context(client_config);
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  const bool completed = test::run_handshake(client, server);
  if (EVP_has_aes_hardware()) {
    CHECK_FALSE(completed);
    REQUIRE_FALSE(server.status.ok());
    CHECK(server.status.error().code ==
          crypto_error_code(static_cast<uint8_t>(TlsAlert::kHandshakeFailure)));
  } else {
    REQUIRE(completed);
    CHECK(client.tls->cipher_suite() == CipherSuite::kChaCha20Poly1305Sha256);
    CHECK(server.tls->cipher_suite() == CipherSuite::kChaCha20Poly1305Sha256);
  }
}

TEST_CASE("TLS ClientHello checks: ALPN and transport parameters are mandatory in QUIC",
          "[crypto][tls][alpn]") {
  auto server_context = test::make_server_context(test::server_config());
  auto refuse = [&](MinimalTls13Client client) {
    TlsPeer server = test::server_peer(*server_context);
    const Status status =
        server.tls->provide_crypto_data(EncryptionLevel::kInitial, client.client_hello());
    REQUIRE_FALSE(status.ok());
    return status.error().code;
  };
  // RFC 9001 §8.1: no ALPN extension, or no protocol in common: no_application_protocol.
  CHECK(refuse(MinimalTls13Client({0x1301}, test::client_transport_parameters(), std::nullopt,
                                  "localhost")) == 0x178);
  CHECK(refuse(MinimalTls13Client({0x1301}, test::client_transport_parameters(), "doq",
                                  "localhost")) == 0x178);
  // RFC 9001 §8.2: no quic_transport_parameters extension: missing_extension (0x16d).
  CHECK(refuse(MinimalTls13Client({0x1301}, std::nullopt, "h3", "localhost")) == 0x16d);
}

}  // namespace
}  // namespace quasar
