// The self-signed certificate generator: its output loads into a server and verifies as its own
// trust anchor for exactly the names it was made for.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "crypto/self_signed_certificate.h"
#include "crypto/tls_alert.h"
#include "tests/crypto/tls_test_support.h"

namespace quasar {
namespace {

using test::TlsPeer;

// Writes `text` to a fresh file in the system's temporary directory and returns its path.
std::string write_temp_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("quasar-crypto-test-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

TlsServerConfig server_config_for(const PemCertificate& certificate) {
  TlsServerConfig config;
  config.alpn = {"h3"};
  config.certificate_chain_pem = certificate.certificate_pem;
  config.private_key_pem = certificate.private_key_pem;
  return config;
}

TEST_CASE("self-signed certificate: serves a handshake and verifies for its own names",
          "[crypto][tls][cert]") {
  SelfSignedCertificateOptions options;
  options.dns_names = {"quasar.test", "localhost"};
  auto certificate = generate_self_signed_certificate(options);
  REQUIRE(certificate.ok());
  CHECK(certificate->certificate_pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(certificate->private_key_pem.find("PRIVATE KEY-----") != std::string::npos);
  auto server_context = test::make_server_context(server_config_for(*certificate));

  const std::string ca_file = write_temp_file("self-signed.pem", certificate->certificate_pem);
  auto client_config = test::client_config();
  client_config.ca_file = ca_file;
  auto client_context = test::make_client_context(client_config);
  for (const char* name : {"quasar.test", "localhost", "127.0.0.1"}) {
    CAPTURE(name);
    TlsPeer client = test::client_peer(*client_context, {}, name);
    TlsPeer server = test::server_peer(*server_context);
    CHECK(test::run_handshake(client, server));
  }
  TlsPeer client = test::client_peer(*client_context, {}, "other.test");
  TlsPeer server = test::server_peer(*server_context);
  CHECK_FALSE(test::run_handshake(client, server));
  CHECK(client.status.error().code ==
        crypto_error_code(static_cast<uint8_t>(TlsAlert::kBadCertificate)));
  std::filesystem::remove(ca_file);
}

TEST_CASE("self-signed certificate: every call makes a new key", "[crypto][tls][cert]") {
  auto first = generate_self_signed_certificate();
  auto second = generate_self_signed_certificate();
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->private_key_pem != second->private_key_pem);
  CHECK(first->certificate_pem != second->certificate_pem);
  // A key that does not belong to the certificate is refused.
  TlsServerConfig mismatched = server_config_for(*first);
  mismatched.private_key_pem = second->private_key_pem;
  CHECK_FALSE(TlsServerContext::create(mismatched).ok());

  SelfSignedCertificateOptions nameless;
  nameless.dns_names.clear();
  nameless.ip_addresses.clear();
  CHECK_FALSE(generate_self_signed_certificate(nameless).ok());
}

}  // namespace
}  // namespace quasar
