#include "crypto/boring_tls_session.h"

#include <algorithm>
#include <array>
#include <deque>
#include <string>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "crypto/handshake_output.h"
#include "crypto/ssl_ctx_setup.h"
#include "crypto/stored_session.h"
#include "crypto/tls_alert.h"
#include "quic/base/socket_address.h"

namespace quasar {
namespace {

constexpr uint16_t kEarlyDataExtension = 42;                  // RFC 8446 §4.2
constexpr uint16_t kAlpnExtension = 16;                       // RFC 7301 §3.1
constexpr uint16_t kQuicTransportParametersExtension = 0x39;  // RFC 9001 §8.2
constexpr uint8_t kNewSessionTicketType = 4;                  // RFC 8446 §4

// Tickets carry the session ID context: with the QUIC version in it, a ticket resumes only on
// connections of that version (RFC 9369 §5).
bool bind_tickets_to_version(SSL* ssl, uint32_t quic_version) {
  const uint8_t version[4] = {
      static_cast<uint8_t>(quic_version >> 24), static_cast<uint8_t>(quic_version >> 16),
      static_cast<uint8_t>(quic_version >> 8), static_cast<uint8_t>(quic_version)};
  return SSL_set_session_id_context(ssl, version, sizeof(version)) == 1;
}

ssl_encryption_level_t to_ssl_level(EncryptionLevel level) {
  switch (level) {
    case EncryptionLevel::kInitial:
      return ssl_encryption_initial;
    case EncryptionLevel::kZeroRtt:
      return ssl_encryption_early_data;
    case EncryptionLevel::kHandshake:
      return ssl_encryption_handshake;
    case EncryptionLevel::kOneRtt:
      return ssl_encryption_application;
  }
  return ssl_encryption_initial;
}

EncryptionLevel from_ssl_level(ssl_encryption_level_t level) {
  switch (level) {
    case ssl_encryption_initial:
      return EncryptionLevel::kInitial;
    case ssl_encryption_early_data:
      return EncryptionLevel::kZeroRtt;
    case ssl_encryption_handshake:
      return EncryptionLevel::kHandshake;
    case ssl_encryption_application:
      return EncryptionLevel::kOneRtt;
  }
  return EncryptionLevel::kInitial;
}

int session_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// Counts complete NewSessionTicket messages in a stream of handshake messages.
class TicketCounter {
 public:
  void feed(const uint8_t* data, size_t length) {
    while (length > 0) {
      if (body_remaining_ > 0) {
        const size_t skip = std::min(body_remaining_, length);
        body_remaining_ -= skip;
        data += skip;
        length -= skip;
        continue;
      }
      header_[header_length_++] = *data++;
      --length;
      if (header_length_ == header_.size()) {
        header_length_ = 0;
        if (header_[0] == kNewSessionTicketType) ++tickets_;
        body_remaining_ = size_t{header_[1]} << 16 | size_t{header_[2]} << 8 | header_[3];
      }
    }
  }
  size_t tickets() const { return tickets_; }

 private:
  std::array<uint8_t, 4> header_{};
  size_t header_length_ = 0;
  size_t body_remaining_ = 0;
  size_t tickets_ = 0;
};

class BoringTlsSession final : public TlsSession {
 public:
  BoringTlsSession(Role role, std::shared_ptr<const void> owner, SSL* ssl,
                   CipherSuiteSet allowed_suites, uint32_t quic_version);
  ~BoringTlsSession() override { SSL_free(ssl_); }
  BoringTlsSession(const BoringTlsSession&) = delete;
  BoringTlsSession& operator=(const BoringTlsSession&) = delete;

  static BoringTlsSession* from(const SSL* ssl) {
    return static_cast<BoringTlsSession*>(SSL_get_ex_data(ssl, session_index()));
  }

  SSL* ssl() const { return ssl_; }

  // TlsSession.
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
  std::optional<std::vector<uint8_t>> take_session_ticket() override;
  void set_quic_version(uint32_t version) override { quic_version_ = version; }
  bool handshake_complete() const override { return complete_; }
  std::string_view alpn() const override;
  std::span<const uint8_t> peer_transport_parameters() const override;
  EarlyDataState early_data_state() const override { return early_data_; }
  bool resumed() const override { return SSL_session_reused(ssl_) == 1; }
  std::optional<CipherSuite> cipher_suite() const override { return suite_; }
  std::string_view server_name() const override;
  size_t session_tickets_sent() const override { return tickets_sent_.tickets(); }
  size_t max_crypto_buffer(EncryptionLevel level) const override {
    return SSL_quic_max_handshake_flight_len(ssl_, to_ssl_level(level));
  }

  // SSL_QUIC_METHOD and SSL_CTX callbacks.
  bool on_secret(ssl_encryption_level_t level, SecretDirection direction, const SSL_CIPHER* cipher,
                 const uint8_t* secret, size_t length);
  bool on_handshake_data(ssl_encryption_level_t level, const uint8_t* data, size_t length);
  void on_alert(uint8_t alert) {
    if (!alert_) alert_ = alert;
  }
  void on_new_session(SSL_SESSION* session);
  bool on_client_hello(const SSL_CLIENT_HELLO* hello);
  void set_client_parameters_hook(ClientParametersHook hook) { client_parameters_hook_ = hook; }

 private:
  // The server's answer to the client's transport parameters (ClientParametersHook).
  bool apply_client_parameters_hook(const SSL_CLIENT_HELLO* hello);

  // Runs the handshake (or post-handshake messages) as far as the input allows.
  Status drive();
  void on_handshake_complete();
  // Records the first error and returns it; later calls return the same.
  Status fail(std::optional<QuicError> error = std::nullopt);

  Role role_;
  std::shared_ptr<const void> owner_;
  SSL* ssl_;
  CipherSuiteSet allowed_suites_;
  uint32_t quic_version_;
  ClientParametersHook client_parameters_hook_;

  bool started_ = false;
  bool complete_ = false;
  std::optional<QuicError> error_;
  std::optional<uint8_t> alert_;            // what TLS sent
  std::optional<QuicError> local_refusal_;  // what our own checks in callbacks decided

  std::deque<TlsSecret> secrets_;
  HandshakeOutput outgoing_;
  std::deque<std::vector<uint8_t>> tickets_;
  TicketCounter tickets_sent_;
  std::optional<CipherSuite> suite_;
  EarlyDataState early_data_ = EarlyDataState::kNotAttempted;
  bool early_data_offered_ = false;  // server: the ClientHello carried early_data
};

// --- SSL_QUIC_METHOD: the only place BoringSSL hands QUIC its secrets and bytes. ---

int set_read_secret(SSL* ssl, ssl_encryption_level_t level, const SSL_CIPHER* cipher,
                    const uint8_t* secret, size_t length) {
  return BoringTlsSession::from(ssl)->on_secret(level, SecretDirection::kRead, cipher, secret,
                                                length);
}
int set_write_secret(SSL* ssl, ssl_encryption_level_t level, const SSL_CIPHER* cipher,
                     const uint8_t* secret, size_t length) {
  return BoringTlsSession::from(ssl)->on_secret(level, SecretDirection::kWrite, cipher, secret,
                                                length);
}
int add_handshake_data(SSL* ssl, ssl_encryption_level_t level, const uint8_t* data, size_t length) {
  return BoringTlsSession::from(ssl)->on_handshake_data(level, data, length);
}
int flush_flight(SSL*) { return 1; }
int send_alert(SSL* ssl, ssl_encryption_level_t, uint8_t alert) {
  BoringTlsSession::from(ssl)->on_alert(alert);
  return 1;
}

const SSL_QUIC_METHOD kQuicMethod = {set_read_secret, set_write_secret, add_handshake_data,
                                     flush_flight, send_alert};

int on_new_session(SSL* ssl, SSL_SESSION* session) {
  if (auto* self = BoringTlsSession::from(ssl)) self->on_new_session(session);
  return 0;  // the session is not kept by the callback
}

ssl_select_cert_result_t on_client_hello(const SSL_CLIENT_HELLO* hello) {
  auto* self = BoringTlsSession::from(hello->ssl);
  if (self == nullptr) return ssl_select_cert_error;
  return self->on_client_hello(hello) ? ssl_select_cert_success : ssl_select_cert_error;
}

// --- BoringTlsSession ---

BoringTlsSession::BoringTlsSession(Role role, std::shared_ptr<const void> owner, SSL* ssl,
                                   CipherSuiteSet allowed_suites, uint32_t quic_version)
    : role_(role),
      owner_(std::move(owner)),
      ssl_(ssl),
      allowed_suites_(allowed_suites),
      quic_version_(quic_version) {
  SSL_set_ex_data(ssl_, session_index(), this);
}

Status BoringTlsSession::start() {
  if (error_) return *error_;
  if (started_) return ok_status();
  started_ = true;
  // The server speaks only when the ClientHello arrives.
  return role_ == Role::kClient ? drive() : ok_status();
}

Status BoringTlsSession::provide_crypto_data(EncryptionLevel level, std::span<const uint8_t> data) {
  if (error_) return *error_;
  if (!started_) {
    if (role_ == Role::kClient) {
      return QuicError::transport(TransportError::kInternalError, 0, "TLS client not started");
    }
    started_ = true;
  }
  // RFC 9001 §8.3: a CRYPTO frame in a 0-RTT packet is a protocol violation.
  if (level == EncryptionLevel::kZeroRtt) {
    return fail(QuicError::transport(TransportError::kProtocolViolation, 0x06,
                                     "CRYPTO frame in a 0-RTT packet"));
  }
  if (data.empty()) return ok_status();
  ERR_clear_error();
  if (SSL_provide_quic_data(ssl_, to_ssl_level(level), data.data(), data.size()) != 1) {
    const uint32_t code = ERR_peek_last_error();
    if (ERR_GET_LIB(code) == ERR_LIB_SSL && ERR_GET_REASON(code) == SSL_R_EXCESSIVE_MESSAGE_SIZE) {
      return fail(QuicError::transport(TransportError::kCryptoBufferExceeded, 0x06,
                                       "handshake message too large"));
    }
    // RFC 9001 §4.1.3: data at a level TLS is not reading.
    return fail(QuicError::transport(TransportError::kProtocolViolation, 0x06,
                                     "CRYPTO data at an unexpected encryption level"));
  }
  return drive();
}

Status BoringTlsSession::drive() {
  ERR_clear_error();
  if (complete_) {
    if (SSL_process_quic_post_handshake(ssl_) != 1) return fail();
    return ok_status();
  }
  for (;;) {
    const int result = SSL_do_handshake(ssl_);
    if (result == 1) {
      // An early return lets the client send 0-RTT (or the server half-RTT) data before the
      // handshake completes.
      if (!SSL_in_init(ssl_)) on_handshake_complete();
      break;
    }
    const int reason = SSL_get_error(ssl_, result);
    if (reason == SSL_ERROR_WANT_READ) break;
    if (reason == SSL_ERROR_EARLY_DATA_REJECTED) {
      // RFC 9001 §4.6.2: the client forgets 0-RTT and continues the handshake.
      early_data_ = EarlyDataState::kRejected;
      SSL_reset_early_data_reject(ssl_);
      continue;
    }
    return fail();
  }
  if (error_) return *error_;
  // Server: a 0-RTT offer that produced no 0-RTT read key once the ServerHello is written was
  // rejected.
  if (role_ == Role::kServer && early_data_offered_ &&
      early_data_ == EarlyDataState::kNotAttempted && suite_) {
    early_data_ = EarlyDataState::kRejected;
  }
  return ok_status();
}

void BoringTlsSession::on_handshake_complete() {
  complete_ = true;
  // RFC 9001 §8.1: a client closes with no_application_protocol if none was negotiated.
  if (role_ == Role::kClient && alpn().empty()) {
    (void)fail(tls_alert_error(TlsAlert::kNoApplicationProtocol,
                               "server selected no application protocol"));
    return;
  }
  if (role_ == Role::kClient && early_data_ == EarlyDataState::kPending) {
    early_data_ =
        SSL_early_data_accepted(ssl_) ? EarlyDataState::kAccepted : EarlyDataState::kRejected;
  }
}

Status BoringTlsSession::fail(std::optional<QuicError> error) {
  if (!error_) {
    if (error) {
      error_ = error;
    } else if (local_refusal_) {
      error_ = local_refusal_;
    } else if (alert_) {
      error_ = tls_alert_error(*alert_);
    } else {
      error_ = tls_alert_error(TlsAlert::kInternalError, "TLS failed without an alert");
    }
  }
  ERR_clear_error();
  return *error_;
}

std::optional<TlsSecret> BoringTlsSession::take_secret() {
  if (secrets_.empty()) return std::nullopt;
  TlsSecret secret = secrets_.front();
  secrets_.pop_front();
  return secret;
}

std::optional<std::vector<uint8_t>> BoringTlsSession::take_session_ticket() {
  if (tickets_.empty()) return std::nullopt;
  std::vector<uint8_t> ticket = std::move(tickets_.front());
  tickets_.pop_front();
  return ticket;
}

std::string_view BoringTlsSession::alpn() const {
  const uint8_t* data = nullptr;
  unsigned length = 0;
  SSL_get0_alpn_selected(ssl_, &data, &length);
  return {reinterpret_cast<const char*>(data), length};
}

std::span<const uint8_t> BoringTlsSession::peer_transport_parameters() const {
  const uint8_t* data = nullptr;
  size_t length = 0;
  SSL_get_peer_quic_transport_params(ssl_, &data, &length);
  return {data, length};
}

std::string_view BoringTlsSession::server_name() const {
  const char* name = SSL_get_servername(ssl_, TLSEXT_NAMETYPE_host_name);
  return name == nullptr ? std::string_view() : std::string_view(name);
}

bool BoringTlsSession::on_secret(ssl_encryption_level_t ssl_level, SecretDirection direction,
                                 const SSL_CIPHER* cipher, const uint8_t* secret, size_t length) {
  const auto suite = cipher_suite_from_id(SSL_CIPHER_get_protocol_id(cipher));
  if (!suite || length != secret_length(*suite)) {
    local_refusal_ =
        tls_alert_error(TlsAlert::kHandshakeFailure, "cipher suite unusable with QUIC");
    return false;
  }
  if (!allowed_suites_.contains(*suite)) {
    local_refusal_ =
        tls_alert_error(TlsAlert::kHandshakeFailure, "cipher suite not allowed by configuration");
    return false;
  }
  TlsSecret tls_secret;
  tls_secret.level = from_ssl_level(ssl_level);
  tls_secret.direction = direction;
  tls_secret.suite = *suite;
  if (!Secret::from_bytes({secret, length}, tls_secret.secret)) return false;
  if (tls_secret.level == EncryptionLevel::kZeroRtt) {
    // The client's 0-RTT write key means 0-RTT is offered; the server's read key means accepted.
    early_data_ =
        direction == SecretDirection::kWrite ? EarlyDataState::kPending : EarlyDataState::kAccepted;
  } else {
    suite_ = *suite;
  }
  secrets_.push_back(std::move(tls_secret));
  return true;
}

bool BoringTlsSession::on_handshake_data(ssl_encryption_level_t ssl_level, const uint8_t* data,
                                         size_t length) {
  const EncryptionLevel level = from_ssl_level(ssl_level);
  outgoing_.append(level, {data, length});
  if (role_ == Role::kServer && level == EncryptionLevel::kOneRtt) tickets_sent_.feed(data, length);
  return true;
}

void BoringTlsSession::on_new_session(SSL_SESSION* session) {
  uint8_t* bytes = nullptr;
  size_t length = 0;
  if (SSL_SESSION_to_bytes(session, &bytes, &length) != 1) return;
  StoredSession stored;
  stored.quic_version = quic_version_;
  stored.alpn = std::string(alpn());
  const auto parameters = peer_transport_parameters();
  stored.server_transport_parameters.assign(parameters.begin(), parameters.end());
  stored.early_data_capable = SSL_SESSION_early_data_capable(session) == 1;
  stored.tls_session.assign(bytes, bytes + length);
  OPENSSL_free(bytes);
  tickets_.push_back(encode_stored_session(stored));
}

bool BoringTlsSession::on_client_hello(const SSL_CLIENT_HELLO* hello) {
  const uint8_t* data = nullptr;
  size_t length = 0;
  early_data_offered_ =
      SSL_early_callback_ctx_extension_get(hello, kEarlyDataExtension, &data, &length) == 1;
  // RFC 9001 §8.1: without ALPN there is no application protocol to agree on.
  if (SSL_early_callback_ctx_extension_get(hello, kAlpnExtension, &data, &length) != 1) {
    local_refusal_ =
        tls_alert_error(TlsAlert::kNoApplicationProtocol, "client offered no application protocol");
    return false;
  }
  // Refuse early a client that offers none of the allowed suites.
  bool any_allowed = false;
  for (size_t i = 0; i + 1 < hello->cipher_suites_len; i += 2) {
    const uint16_t id =
        static_cast<uint16_t>(hello->cipher_suites[i] << 8 | hello->cipher_suites[i + 1]);
    const auto suite = cipher_suite_from_id(id);
    any_allowed = any_allowed || (suite && allowed_suites_.contains(*suite));
  }
  if (!any_allowed) {
    local_refusal_ =
        tls_alert_error(TlsAlert::kHandshakeFailure, "client offered no allowed cipher suite");
    return false;
  }
  return apply_client_parameters_hook(hello);
}

bool BoringTlsSession::apply_client_parameters_hook(const SSL_CLIENT_HELLO* hello) {
  const uint8_t* data = nullptr;
  size_t length = 0;
  if (!client_parameters_hook_ ||
      SSL_early_callback_ctx_extension_get(hello, kQuicTransportParametersExtension, &data,
                                           &length) != 1) {
    return true;  // without the extension the handshake fails later, with the right alert
  }
  auto choice = client_parameters_hook_(std::span(data, length));
  if (!choice) return true;
  // Both are read later in this handshake: the parameters when EncryptedExtensions is written,
  // the session ID context when a ticket is resumed or issued (RFC 9369 §5).
  if (SSL_set_quic_transport_params(ssl_, choice->transport_parameters.data(),
                                    choice->transport_parameters.size()) != 1 ||
      !bind_tickets_to_version(ssl_, choice->quic_version)) {
    local_refusal_ = QuicError::transport(TransportError::kInternalError, 0,
                                          "cannot apply the negotiated transport parameters");
    return false;
  }
  quic_version_ = choice->quic_version;
  return true;
}

bool is_ip_literal(const std::string& name) {
  return SocketAddress::parse(name + ":0").has_value() ||
         SocketAddress::parse("[" + name + "]:0").has_value();
}

Result<std::unique_ptr<BoringTlsSession>, TlsConfigError> new_session(
    Role role, const std::shared_ptr<const void>& owner, ssl_ctx_st* ctx,
    CipherSuiteSet allowed_suites, uint32_t quic_version,
    const std::vector<uint8_t>& transport_parameters) {
  SSL* ssl = SSL_new(ctx);
  if (ssl == nullptr) return Err{TlsConfigError{take_boring_error("SSL_new")}};
  auto session = std::make_unique<BoringTlsSession>(role, owner, ssl, allowed_suites, quic_version);
  if (SSL_set_quic_method(ssl, &kQuicMethod) != 1 ||
      SSL_set_quic_transport_params(ssl, transport_parameters.data(),
                                    transport_parameters.size()) != 1) {
    return Err{TlsConfigError{take_boring_error("QUIC set-up")}};
  }
  // RFC 9001 §8.2: the quic_transport_parameters code point 0x39.
  SSL_set_quic_use_legacy_codepoint(ssl, 0);
  return session;
}

}  // namespace

void install_session_hooks(ssl_ctx_st* ctx, Role role) {
  if (role == Role::kClient) {
    // Sessions are handed to the application, not cached inside BoringSSL.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_CTX_sess_set_new_cb(ctx, on_new_session);
  } else {
    SSL_CTX_set_select_certificate_cb(ctx, on_client_hello);
  }
}

Result<std::unique_ptr<TlsSession>, TlsConfigError> make_boring_client_session(
    const BoringClientSetup& setup, const TlsClientSessionParams& params) {
  QUASAR_ASSIGN_OR_RETURN(auto session,
                          new_session(Role::kClient, setup.owner, setup.ctx, setup.allowed_suites,
                                      params.quic_version, params.transport_parameters));
  SSL* ssl = session->ssl();
  SSL_set_connect_state(ssl);
  // SSL_set_alpn_protos returns 0 on success.
  if (SSL_set_alpn_protos(ssl, setup.alpn_wire.data(), setup.alpn_wire.size()) != 0) {
    return Err{TlsConfigError{take_boring_error("ALPN")}};
  }
  if (is_ip_literal(params.server_name)) {
    if (setup.verify_peer &&
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), params.server_name.c_str()) != 1) {
      return Err{TlsConfigError{take_boring_error("server address")}};
    }
  } else if (!params.server_name.empty()) {
    if (SSL_set_tlsext_host_name(ssl, params.server_name.c_str()) != 1 ||
        (setup.verify_peer && SSL_set1_host(ssl, params.server_name.c_str()) != 1)) {
      return Err{TlsConfigError{take_boring_error("server name")}};
    }
  } else if (setup.verify_peer) {
    return Err{TlsConfigError{"verifying the server needs its name"}};
  }

  if (!params.session.empty()) {
    // Sessions of another QUIC version must not be used (RFC 9369 §5); an unreadable one is
    // ignored too: a full handshake is always possible.
    const auto stored = decode_stored_session(params.session);
    if (stored && stored->quic_version == params.quic_version) {
      SSL_SESSION* resumed =
          SSL_SESSION_from_bytes(stored->tls_session.data(), stored->tls_session.size(), setup.ctx);
      if (resumed != nullptr) {
        SSL_set_session(ssl, resumed);
        SSL_SESSION_free(resumed);
      }
    }
    ERR_clear_error();
  }
  SSL_set_early_data_enabled(ssl, setup.enable_early_data ? 1 : 0);
  return std::unique_ptr<TlsSession>(std::move(session));
}

Result<std::unique_ptr<TlsSession>, TlsConfigError> make_boring_server_session(
    const BoringServerSetup& setup, const TlsServerSessionParams& params) {
  QUASAR_ASSIGN_OR_RETURN(auto session,
                          new_session(Role::kServer, setup.owner, setup.ctx, setup.allowed_suites,
                                      params.quic_version, params.transport_parameters));
  SSL* ssl = session->ssl();
  SSL_set_accept_state(ssl);
  session->set_client_parameters_hook(params.on_client_parameters);
  if (!bind_tickets_to_version(ssl, params.quic_version)) {
    return Err{TlsConfigError{take_boring_error("session id context")}};
  }
  // RFC 9001 §4.6.2: 0-RTT only under the same transport and application settings.
  const bool early_data = setup.enable_early_data && !params.early_data_context.empty();
  SSL_set_early_data_enabled(ssl, early_data ? 1 : 0);
  if (early_data && SSL_set_quic_early_data_context(ssl, params.early_data_context.data(),
                                                    params.early_data_context.size()) != 1) {
    return Err{TlsConfigError{take_boring_error("early data context")}};
  }
  return std::unique_ptr<TlsSession>(std::move(session));
}

}  // namespace quasar
