// In-memory TLS 1.3 handshakes between BoringSSL client and server sessions (RFC 9001 §4):
// secrets, transport parameters, ALPN, certificates and their verification.
#include <catch2/catch.hpp>

#include <openssl/aead.h>

#include "crypto/packet_keys.h"
#include "crypto/tls_alert.h"
#include "tests/crypto/tls_test_support.h"

namespace quasar {
namespace {

using test::CertKind;
using test::TlsPeer;

// BoringSSL's client lists AES-GCM first when the CPU has AES instructions and ChaCha20 first
// otherwise; servers follow the client's order.
CipherSuite expected_default_suite() {
  return EVP_has_aes_hardware() ? CipherSuite::kAes128GcmSha256
                                : CipherSuite::kChaCha20Poly1305Sha256;
}

// Every secret one side writes is the secret the other reads, level by level.
void check_secrets_match(const TlsPeer& writer, const TlsPeer& reader, EncryptionLevel level) {
  const TlsSecret* written = writer.secret(level, SecretDirection::kWrite);
  const TlsSecret* read = reader.secret(level, SecretDirection::kRead);
  REQUIRE(written != nullptr);
  REQUIRE(read != nullptr);
  CHECK(written->secret == read->secret);
  CHECK(written->suite == read->suite);
  CHECK(written->secret.size() == secret_length(written->suite));
}

// Keys derived from matching secrets interoperate: one side seals, the other opens.
void check_packet_exchange(const TlsSecret& write, const TlsSecret& read) {
  const auto& factory = standard_packet_key_factory();
  auto sender = factory.make_packet_keys(write.secret.span(), write.suite, 1);
  auto receiver = factory.make_packet_keys(read.secret.span(), read.suite, 1);
  REQUIRE(sender.ok());
  REQUIRE(receiver.ok());
  const std::vector<uint8_t> header = {0x40, 0x01};
  std::vector<uint8_t> body(100 + kAeadTagLength, 0x33);
  REQUIRE(sender->aead->seal(1, header, body).ok());
  CHECK(receiver->aead->open(1, header, body).ok());
}

TEST_CASE("TLS handshake: client and server complete with each certificate type", "[crypto][tls]") {
  const CertKind kind = GENERATE(CertKind::kEcdsa, CertKind::kRsa, CertKind::kChain);
  CAPTURE(test::cert_kind_name(kind));
  auto server_context = test::make_server_context(test::server_config(kind));
  auto client_context = test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);

  REQUIRE(test::run_handshake(client, server));
  CHECK(client.tls->role() == Role::kClient);
  CHECK(server.tls->role() == Role::kServer);
  CHECK(client.tls->alpn() == "h3");
  CHECK(server.tls->alpn() == "h3");
  CHECK(server.tls->server_name() == "localhost");
  CHECK_FALSE(client.tls->resumed());
  CHECK(client.tls->early_data_state() == EarlyDataState::kNotAttempted);
  CHECK(server.tls->early_data_state() == EarlyDataState::kNotAttempted);

  // Transport parameters arrive intact both ways (RFC 9001 §8.2).
  const auto at_server = server.tls->peer_transport_parameters();
  const auto at_client = client.tls->peer_transport_parameters();
  CHECK(std::vector<uint8_t>(at_server.begin(), at_server.end()) ==
        test::client_transport_parameters());
  CHECK(std::vector<uint8_t>(at_client.begin(), at_client.end()) ==
        test::server_transport_parameters());

  // Both sides derive identical secrets for every level, with the negotiated suite.
  REQUIRE(client.tls->cipher_suite() == expected_default_suite());
  CHECK(server.tls->cipher_suite() == client.tls->cipher_suite());
  for (EncryptionLevel level : {EncryptionLevel::kHandshake, EncryptionLevel::kOneRtt}) {
    check_secrets_match(client, server, level);
    check_secrets_match(server, client, level);
  }
  check_packet_exchange(*client.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite),
                        *server.secret(EncryptionLevel::kOneRtt, SecretDirection::kRead));
  check_packet_exchange(*server.secret(EncryptionLevel::kHandshake, SecretDirection::kWrite),
                        *client.secret(EncryptionLevel::kHandshake, SecretDirection::kRead));
  // Initial keys come from the connection ID, never from TLS; 0-RTT was not attempted.
  CHECK(client.secret(EncryptionLevel::kInitial, SecretDirection::kRead) == nullptr);
  CHECK(client.secret(EncryptionLevel::kZeroRtt, SecretDirection::kWrite) == nullptr);
  for (EncryptionLevel level : test::kCryptoLevels) {
    CHECK(client.tls->pending_crypto_data(level).empty());
    CHECK(server.tls->max_crypto_buffer(level) > 0);
  }
}

TEST_CASE("TLS handshake: secrets arrive in the order RFC 9001 §4.1.4 describes", "[crypto][tls]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_context = test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);

  // The client starts with only the ClientHello at the Initial level.
  client.status = client.tls->start();
  REQUIRE(client.status.ok());
  CHECK_FALSE(client.tls->pending_crypto_data(EncryptionLevel::kInitial).empty());
  CHECK(client.tls->take_secret() == std::nullopt);
  CHECK(client.tls->pending_crypto_data(EncryptionLevel::kHandshake).empty());

  // The server answers with Handshake write keys, 1-RTT write keys for half-RTT data once its
  // Finished is written, and only then Handshake read keys: write keys always come first, so
  // whatever is read can be acknowledged. No 1-RTT read keys before the client's Finished.
  REQUIRE(test::flow(client, server));
  REQUIRE(server.status.ok());
  REQUIRE(server.secrets.size() == 3);
  CHECK(server.secrets[0].level == EncryptionLevel::kHandshake);
  CHECK(server.secrets[0].direction == SecretDirection::kWrite);
  CHECK(server.secrets[1].level == EncryptionLevel::kOneRtt);
  CHECK(server.secrets[1].direction == SecretDirection::kWrite);
  CHECK(server.secrets[2].level == EncryptionLevel::kHandshake);
  CHECK(server.secrets[2].direction == SecretDirection::kRead);
  CHECK_FALSE(server.tls->pending_crypto_data(EncryptionLevel::kInitial).empty());
  CHECK_FALSE(server.tls->pending_crypto_data(EncryptionLevel::kHandshake).empty());
  CHECK_FALSE(server.tls->handshake_complete());

  // The client learns Handshake keys from the ServerHello, then completes with the rest.
  REQUIRE(test::flow(server, client));
  REQUIRE(client.status.ok());
  CHECK(client.tls->handshake_complete());
  REQUIRE(client.secrets.size() == 4);
  for (size_t i = 0; i < client.secrets.size(); ++i) {
    CAPTURE(i);
    CHECK(client.secrets[i].level ==
          (i < 2 ? EncryptionLevel::kHandshake : EncryptionLevel::kOneRtt));
  }
  // Write before read at each level.
  CHECK(client.secrets[0].direction == SecretDirection::kWrite);
  CHECK(client.secrets[2].direction == SecretDirection::kWrite);
  CHECK_FALSE(client.tls->pending_crypto_data(EncryptionLevel::kHandshake).empty());

  // The client Finished completes the server, which then has its 1-RTT read key.
  REQUIRE(test::flow(client, server));
  CHECK(server.tls->handshake_complete());
  REQUIRE(server.secrets.size() == 4);
  CHECK(server.secrets[3].level == EncryptionLevel::kOneRtt);
  CHECK(server.secrets[3].direction == SecretDirection::kRead);
}

TEST_CASE("TLS handshake: consuming part of the pending bytes leaves the rest", "[crypto][tls]") {
  auto client_context = test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  REQUIRE(client.tls->start().ok());
  const auto hello = client.tls->pending_crypto_data(EncryptionLevel::kInitial);
  const std::vector<uint8_t> all(hello.begin(), hello.end());
  REQUIRE(all.size() > 100);
  CHECK(all[0] == 0x01);  // ClientHello
  client.tls->consume_crypto_data(EncryptionLevel::kInitial, 100);
  const auto rest = client.tls->pending_crypto_data(EncryptionLevel::kInitial);
  CHECK(std::vector<uint8_t>(rest.begin(), rest.end()) ==
        std::vector<uint8_t>(all.begin() + 100, all.end()));
  client.tls->consume_crypto_data(EncryptionLevel::kInitial, 100000);
  CHECK(client.tls->pending_crypto_data(EncryptionLevel::kInitial).empty());
}

TEST_CASE("TLS handshake: ALPN mismatch ends with no_application_protocol (0x178)",
          "[crypto][tls][alpn]") {
  auto server_config = test::server_config();
  server_config.alpn = {"hq-interop"};
  auto server_context = test::make_server_context(server_config);
  auto client_context = test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);

  CHECK_FALSE(test::run_handshake(client, server));
  REQUIRE_FALSE(server.status.ok());
  CHECK(server.status.error().code == 0x178);
  CHECK(server.status.error().frame_type == 0x06);
  // Nothing is sent after the failure, and the error sticks.
  CHECK(server.tls->pending_crypto_data(EncryptionLevel::kInitial).empty());
  const std::vector<uint8_t> more = {0x01};
  CHECK(server.tls->provide_crypto_data(EncryptionLevel::kInitial, more).error().code == 0x178);
  CHECK_FALSE(client.tls->handshake_complete());
}

TEST_CASE("TLS handshake: the server's ALPN selector decides among the client's offers",
          "[crypto][tls][alpn]") {
  auto client_config = test::client_config();
  client_config.alpn = {"h3", "hq-interop", "doq"};
  auto client_context = test::make_client_context(client_config);
  std::vector<std::string> seen;
  auto server_config = test::server_config();
  server_config.select_alpn = [&seen](std::span<const std::string_view> offered) {
    seen.assign(offered.begin(), offered.end());
    return std::optional<std::string>("hq-interop");
  };
  auto server_context = test::make_server_context(server_config);
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  REQUIRE(test::run_handshake(client, server));
  CHECK(seen == std::vector<std::string>{"h3", "hq-interop", "doq"});
  CHECK(client.tls->alpn() == "hq-interop");
  CHECK(server.tls->alpn() == "hq-interop");

  // A selector answering with something the client never offered is no agreement.
  auto refusing = test::server_config();
  refusing.select_alpn = [](std::span<const std::string_view>) {
    return std::optional<std::string>("smtp");
  };
  auto refusing_context = test::make_server_context(refusing);
  TlsPeer client2 = test::client_peer(*client_context);
  TlsPeer server2 = test::server_peer(*refusing_context);
  CHECK_FALSE(test::run_handshake(client2, server2));
  CHECK(server2.status.error().code == 0x178);
}

TEST_CASE("TLS handshake: an untrusted certificate fails with unknown_ca", "[crypto][tls][cert]") {
  auto server_config = test::server_config();
  server_config.certificate_chain_file = test::cert_path("leaf-untrusted.pem");
  server_config.private_key_file = test::cert_path("leaf-untrusted.key");
  auto server_context = test::make_server_context(server_config);
  auto client_context = test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  CHECK_FALSE(test::run_handshake(client, server));
  REQUIRE_FALSE(client.status.ok());
  CHECK(client.status.error().code ==
        crypto_error_code(static_cast<uint8_t>(TlsAlert::kUnknownCa)));
  CHECK_FALSE(client.tls->handshake_complete());
  CHECK(client.secret(EncryptionLevel::kOneRtt, SecretDirection::kWrite) == nullptr);
}

TEST_CASE("TLS handshake: a certificate for another host fails verification",
          "[crypto][tls][cert]") {
  auto client_context = test::make_client_context(test::client_config());
  // The right certificate, but the client expects another name.
  {
    auto server_context = test::make_server_context(test::server_config());
    TlsPeer client = test::client_peer(*client_context, {}, "quasar.example");
    TlsPeer server = test::server_peer(*server_context);
    CHECK_FALSE(test::run_handshake(client, server));
    REQUIRE_FALSE(client.status.ok());
    CHECK(client.status.error().code ==
          crypto_error_code(static_cast<uint8_t>(TlsAlert::kBadCertificate)));
  }
  // A trusted certificate that names only example.org.
  {
    auto server_config = test::server_config();
    server_config.certificate_chain_file = test::cert_path("other-host.pem");
    server_config.private_key_file = test::cert_path("other-host.key");
    auto server_context = test::make_server_context(server_config);
    TlsPeer client = test::client_peer(*client_context);
    TlsPeer server = test::server_peer(*server_context);
    CHECK_FALSE(test::run_handshake(client, server));
    REQUIRE_FALSE(client.status.ok());
    CHECK(client.status.error().code ==
          crypto_error_code(static_cast<uint8_t>(TlsAlert::kBadCertificate)));
  }
}

TEST_CASE("TLS handshake: an IP literal is verified against the certificate's addresses",
          "[crypto][tls][cert]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_context = test::make_client_context(test::client_config());
  for (const char* address : {"127.0.0.1", "::1"}) {
    TlsPeer client = test::client_peer(*client_context, {}, address);
    TlsPeer server = test::server_peer(*server_context);
    REQUIRE(test::run_handshake(client, server));
    // An address is not a host name, so no SNI is sent (RFC 6066 §3).
    CHECK(server.tls->server_name().empty());
  }
  TlsPeer client = test::client_peer(*client_context, {}, "192.0.2.1");
  TlsPeer server = test::server_peer(*server_context);
  CHECK_FALSE(test::run_handshake(client, server));
  CHECK(client.status.error().code ==
        crypto_error_code(static_cast<uint8_t>(TlsAlert::kBadCertificate)));
}

TEST_CASE("TLS handshake: insecure mode accepts any certificate", "[crypto][tls][cert]") {
  auto server_config = test::server_config();
  server_config.certificate_chain_file = test::cert_path("leaf-untrusted.pem");
  server_config.private_key_file = test::cert_path("leaf-untrusted.key");
  auto server_context = test::make_server_context(server_config);
  auto client_config = test::client_config();
  client_config.verify_peer = false;
  client_config.ca_file.clear();
  auto client_context = test::make_client_context(client_config);
  TlsPeer client = test::client_peer(*client_context, {}, "any.name.example");
  TlsPeer server = test::server_peer(*server_context);
  REQUIRE(test::run_handshake(client, server));
  CHECK(server.tls->server_name() == "any.name.example");
}

TEST_CASE("TLS handshake: the system trust store does not trust the test CA",
          "[crypto][tls][cert]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_config = test::client_config();
  client_config.ca_file.clear();
  auto client_context = test::make_client_context(client_config);
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  CHECK_FALSE(test::run_handshake(client, server));
  CHECK(client.status.error().code ==
        crypto_error_code(static_cast<uint8_t>(TlsAlert::kUnknownCa)));
}

TEST_CASE("TLS handshake: a session outlives the context that made it", "[crypto][tls]") {
  auto server_context = test::make_server_context(test::server_config());
  auto client_context = test::make_client_context(test::client_config());
  TlsPeer client = test::client_peer(*client_context);
  TlsPeer server = test::server_peer(*server_context);
  client_context.reset();
  server_context.reset();
  CHECK(test::run_handshake(client, server));
}

TEST_CASE("TLS configuration: errors are reported, not thrown", "[crypto][tls][config]") {
  auto missing = test::server_config();
  missing.certificate_chain_file = test::cert_path("does-not-exist.pem");
  auto result = TlsServerContext::create(missing);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message.find("does-not-exist.pem") != std::string::npos);

  auto mismatched = test::server_config();
  mismatched.private_key_file = test::cert_path("leaf-rsa.key");
  CHECK_FALSE(TlsServerContext::create(mismatched).ok());

  auto no_alpn = test::server_config();
  no_alpn.alpn.clear();
  CHECK_FALSE(TlsServerContext::create(no_alpn).ok());

  auto no_suites = test::server_config();
  no_suites.cipher_suites = CipherSuiteSet();
  CHECK_FALSE(TlsServerContext::create(no_suites).ok());

  auto client_no_alpn = test::client_config();
  client_no_alpn.alpn.clear();
  CHECK_FALSE(TlsClientContext::create(client_no_alpn).ok());
  auto client_bad_alpn = test::client_config();
  client_bad_alpn.alpn = {std::string(256, 'x')};
  CHECK_FALSE(TlsClientContext::create(client_bad_alpn).ok());
  auto client_missing_ca = test::client_config();
  client_missing_ca.ca_file = test::cert_path("missing-ca.pem");
  CHECK_FALSE(TlsClientContext::create(client_missing_ca).ok());

  // Verifying a server needs its name.
  auto context = test::make_client_context(test::client_config());
  TlsClientSessionParams params;
  CHECK_FALSE(context->new_session(params).ok());

  CHECK(encode_alpn_list({"h3", "hq"}) == std::vector<uint8_t>{2, 'h', '3', 2, 'h', 'q'});
  CHECK(encode_alpn_list({"h3", ""}).empty());
}

}  // namespace
}  // namespace quasar
