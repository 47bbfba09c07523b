// FakeTlsSession: a deterministic stand-in for TLS behind the TlsSession interface, for the
// simulator and fuzzers. Client and server exchange ALPN and transport parameters in small
// framed messages across the Initial and Handshake levels, install fixed secrets in the order a
// real stack does, complete, and fail an ALPN mismatch with no_application_protocol. No
// randomness, no clock: identical inputs give identical bytes.
#pragma once

#include <array>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "crypto/handshake_output.h"
#include "crypto/tls_config.h"
#include "crypto/tls_session.h"

namespace quasar {

struct FakeTlsConfig {
  // Client: protocols offered. Server: protocols supported, in preference order.
  std::vector<std::string> alpn = {"h3"};
  std::vector<uint8_t> transport_parameters;
  // Server: consulted with the client's parameters, as TlsServerSessionParams says.
  ClientParametersHook on_client_parameters;
  // Reported with every secret; the secrets have this suite's length.
  CipherSuite suite = CipherSuite::kAes128GcmSha256;
};

class FakeTlsSession final : public TlsSession {
 public:
  // Message types of the fake handshake (framed like TLS: type, 24-bit length, body).
  enum MessageType : uint8_t {
    kClientHello = 0xf1,          // Initial: offered ALPN list, transport parameters
    kServerHello = 0xf2,          // Initial: empty
    kEncryptedExtensions = 0xf3,  // Handshake: chosen ALPN, transport parameters
    kFinished = 0xf4,             // Handshake: the sender's role
  };

  static std::unique_ptr<FakeTlsSession> client(FakeTlsConfig config);
  static std::unique_ptr<FakeTlsSession> server(FakeTlsConfig config);

  // The secret each side sends with at `level` (the peer reads with the same bytes).
  static Secret secret_for(EncryptionLevel level, Role sender, CipherSuite suite);

  Role role() const override { return role_; }
  Status start() override;
  Status provide_crypto_data(EncryptionLevel level, std::span<const uint8_t> data) override;
  std::optional<TlsSecret> take_secret() override;
  std::span<const uint8_t> pending_crypto_data(EncryptionLevel level) const override {
    return outgoing_.pending(level);
  }
  void consume_crypto_data(EncryptionLevel level, size_t length) override {
    outgoing_.consume(level, length);
  }
  std::optional<std::vector<uint8_t>> take_session_ticket() override { return std::nullopt; }
  void set_quic_version(uint32_t) override {}
  bool handshake_complete() const override { return complete_; }
  std::string_view alpn() const override { return alpn_; }
  std::span<const uint8_t> peer_transport_parameters() const override { return peer_parameters_; }
  EarlyDataState early_data_state() const override { return EarlyDataState::kNotAttempted; }
  bool resumed() const override { return false; }
  std::optional<CipherSuite> cipher_suite() const override;
  std::string_view server_name() const override { return {}; }
  size_t session_tickets_sent() const override { return 0; }
  size_t max_crypto_buffer(EncryptionLevel) const override { return kMaxBuffer; }

 private:
  static constexpr size_t kMaxBuffer = 16384;

  FakeTlsSession(Role role, FakeTlsConfig config) : role_(role), config_(std::move(config)) {}

  Status on_message(EncryptionLevel level, uint8_t type, std::span<const uint8_t> body);
  Status on_client_hello(std::span<const uint8_t> body);
  Status on_encrypted_extensions(std::span<const uint8_t> body);
  Status on_finished(std::span<const uint8_t> body);
  void send(EncryptionLevel level, uint8_t type, std::span<const uint8_t> body);
  void install(EncryptionLevel level, SecretDirection direction);
  Status fail(const QuicError& error);

  Role role_;
  FakeTlsConfig config_;
  bool started_ = false;
  bool complete_ = false;
  bool server_finished_ = false;  // client: the server's Finished arrived
  std::optional<QuicError> error_;
  EncryptionLevel read_level_ = EncryptionLevel::kInitial;
  std::array<std::vector<uint8_t>, kEncryptionLevelCount> incoming_;
  HandshakeOutput outgoing_;
  std::deque<TlsSecret> secrets_;
  std::string alpn_;
  std::vector<uint8_t> peer_parameters_;
  bool suite_known_ = false;
};

}  // namespace quasar
