// MinimalTls13Client: just enough of a TLS 1.3 client (RFC 8446) to drive a server TlsSession
// with a chosen cipher suite and check its secrets against an independent key schedule. It
// offers one suite, one X25519 key share, no PSK, and does not verify the certificate.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto/cipher_suite.h"
#include "crypto/secret.h"

namespace quasar::test {

class MinimalTls13Client {
 public:
  // A missing `transport_parameters` or `alpn` leaves that extension out of the ClientHello.
  MinimalTls13Client(std::vector<uint16_t> offered_suites,
                     std::optional<std::vector<uint8_t>> transport_parameters,
                     std::optional<std::string> alpn, std::string server_name);

  // The ClientHello handshake message, to deliver at the Initial level.
  const std::vector<uint8_t>& client_hello() const { return client_hello_; }

  // The server's Initial-level bytes (the ServerHello): derives the handshake secrets.
  bool on_server_initial(std::span<const uint8_t> bytes);
  // The server's Handshake-level flight (EncryptedExtensions .. Finished): checks the server
  // Finished, derives the application secrets and returns the client Finished to send.
  std::optional<std::vector<uint8_t>> on_server_handshake(std::span<const uint8_t> bytes);

  CipherSuite suite() const { return suite_; }
  const Secret& client_handshake_secret() const { return client_handshake_; }
  const Secret& server_handshake_secret() const { return server_handshake_; }
  const Secret& client_application_secret() const { return client_application_; }
  const Secret& server_application_secret() const { return server_application_; }
  const std::vector<uint8_t>& server_transport_parameters() const { return server_parameters_; }
  const std::string& selected_alpn() const { return selected_alpn_; }

 private:
  std::vector<uint8_t> transcript_hash() const;
  std::vector<uint8_t> finished_mac(const Secret& base, std::span<const uint8_t> hash) const;
  bool parse_encrypted_extensions(std::span<const uint8_t> body);

  std::array<uint8_t, 32> private_key_{};
  std::vector<uint8_t> client_hello_;
  std::vector<uint8_t> transcript_;
  CipherSuite suite_ = CipherSuite::kAes128GcmSha256;
  Secret handshake_secret_;
  Secret client_handshake_, server_handshake_, client_application_, server_application_;
  std::vector<uint8_t> server_parameters_;
  std::string selected_alpn_;
};

}  // namespace quasar::test
