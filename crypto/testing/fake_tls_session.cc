#include "crypto/testing/fake_tls_session.h"

#include <algorithm>

#include "crypto/tls_alert.h"
#include "quic/base/buffer_reader.h"

namespace quasar {
namespace {

constexpr uint64_t kCryptoFrameType = 0x06;

void put_u16_prefixed(std::vector<uint8_t>& out, std::span<const uint8_t> bytes) {
  out.push_back(static_cast<uint8_t>(bytes.size() >> 8));
  out.push_back(static_cast<uint8_t>(bytes.size()));
  out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace

std::unique_ptr<FakeTlsSession> FakeTlsSession::client(FakeTlsConfig config) {
  return std::unique_ptr<FakeTlsSession>(new FakeTlsSession(Role::kClient, std::move(config)));
}

std::unique_ptr<FakeTlsSession> FakeTlsSession::server(FakeTlsConfig config) {
  return std::unique_ptr<FakeTlsSession>(new FakeTlsSession(Role::kServer, std::move(config)));
}

Secret FakeTlsSession::secret_for(EncryptionLevel level, Role sender, CipherSuite suite) {
  Secret secret = Secret::of_length(secret_length(suite));
  const auto bytes = secret.mutable_span();
  for (size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<uint8_t>(0x40 * static_cast<unsigned>(level) +
                                    (sender == Role::kServer ? 0x20 : 0) + i);
  }
  return secret;
}

std::optional<CipherSuite> FakeTlsSession::cipher_suite() const {
  if (!suite_known_) return std::nullopt;
  return config_.suite;
}

Status FakeTlsSession::start() {
  if (error_) return *error_;
  if (started_) return ok_status();
  started_ = true;
  if (role_ == Role::kServer) return ok_status();
  std::vector<uint8_t> body = {static_cast<uint8_t>(config_.alpn.size())};
  for (const std::string& protocol : config_.alpn) {
    body.push_back(static_cast<uint8_t>(protocol.size()));
    body.insert(body.end(), protocol.begin(), protocol.end());
  }
  put_u16_prefixed(body, config_.transport_parameters);
  send(EncryptionLevel::kInitial, kClientHello, body);
  return ok_status();
}

Status FakeTlsSession::provide_crypto_data(EncryptionLevel level, std::span<const uint8_t> data) {
  if (error_) return *error_;
  if (!started_) {
    if (role_ == Role::kClient) {
      return QuicError::transport(TransportError::kInternalError, 0, "TLS client not started");
    }
    started_ = true;
  }
  if (data.empty()) return ok_status();
  if (level != read_level_) {
    return fail(QuicError::transport(TransportError::kProtocolViolation, kCryptoFrameType,
                                     "CRYPTO data at an unexpected encryption level"));
  }
  auto& buffer = incoming_[static_cast<size_t>(level)];
  if (buffer.size() + data.size() > kMaxBuffer) {
    return fail(QuicError::transport(TransportError::kCryptoBufferExceeded, kCryptoFrameType,
                                     "handshake message too large"));
  }
  buffer.insert(buffer.end(), data.begin(), data.end());
  // Complete messages are handled in order; a partial one waits for more bytes.
  for (;;) {
    BufferReader reader(buffer);
    uint8_t type = 0;
    uint32_t length = 0;
    std::span<const uint8_t> body;
    if (!reader.read_u8(type) || !reader.read_u24(length) || !reader.read_bytes(length, body)) {
      break;
    }
    const std::vector<uint8_t> message(body.begin(), body.end());
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(reader.offset()));
    QUASAR_TRY(on_message(level, type, message));
    // The level may have moved on: what remains of this level's buffer is a violation.
    if (level != read_level_ && !buffer.empty()) {
      return fail(QuicError::transport(TransportError::kProtocolViolation, kCryptoFrameType,
                                       "data left at an old encryption level"));
    }
    if (buffer.empty()) break;
  }
  return ok_status();
}

Status FakeTlsSession::on_message(EncryptionLevel level, uint8_t type,
                                  std::span<const uint8_t> body) {
  if (role_ == Role::kServer && level == EncryptionLevel::kInitial && type == kClientHello) {
    return on_client_hello(body);
  }
  if (role_ == Role::kClient && level == EncryptionLevel::kInitial && type == kServerHello) {
    if (!body.empty())
      return fail(tls_alert_error(TlsAlert::kDecodeError, "malformed ServerHello"));
    suite_known_ = true;
    install(EncryptionLevel::kHandshake, SecretDirection::kWrite);
    install(EncryptionLevel::kHandshake, SecretDirection::kRead);
    read_level_ = EncryptionLevel::kHandshake;
    return ok_status();
  }
  if (role_ == Role::kClient && level == EncryptionLevel::kHandshake &&
      type == kEncryptedExtensions && alpn_.empty()) {
    return on_encrypted_extensions(body);
  }
  if (level == EncryptionLevel::kHandshake && type == kFinished &&
      (role_ == Role::kServer || !alpn_.empty())) {
    return on_finished(body);
  }
  return fail(tls_alert_error(TlsAlert::kUnexpectedMessage, "unexpected handshake message"));
}

Status FakeTlsSession::on_client_hello(std::span<const uint8_t> body) {
  BufferReader reader(body);
  uint8_t count = 0;
  std::vector<std::string> offered;
  if (!reader.read_u8(count))
    return fail(tls_alert_error(TlsAlert::kDecodeError, "malformed ClientHello"));
  for (uint8_t i = 0; i < count; ++i) {
    uint8_t length = 0;
    std::span<const uint8_t> name;
    if (!reader.read_u8(length) || !reader.read_bytes(length, name)) {
      return fail(tls_alert_error(TlsAlert::kDecodeError, "malformed ClientHello"));
    }
    offered.emplace_back(name.begin(), name.end());
  }
  uint16_t parameters_length = 0;
  std::span<const uint8_t> parameters;
  if (!reader.read_u16(parameters_length) || !reader.read_bytes(parameters_length, parameters) ||
      !reader.empty()) {
    return fail(tls_alert_error(TlsAlert::kDecodeError, "malformed ClientHello"));
  }
  peer_parameters_.assign(parameters.begin(), parameters.end());
  if (config_.on_client_parameters) {
    if (auto choice = config_.on_client_parameters(peer_parameters_)) {
      config_.transport_parameters = std::move(choice->transport_parameters);
    }
  }
  // RFC 9001 §8.1: the server's first preference the client also offers, or no protocol at all.
  for (const std::string& preferred : config_.alpn) {
    if (std::find(offered.begin(), offered.end(), preferred) != offered.end()) {
      alpn_ = preferred;
      break;
    }
  }
  if (alpn_.empty()) {
    return fail(
        tls_alert_error(TlsAlert::kNoApplicationProtocol, "no application protocol in common"));
  }

  suite_known_ = true;
  send(EncryptionLevel::kInitial, kServerHello, {});
  install(EncryptionLevel::kHandshake, SecretDirection::kWrite);
  std::vector<uint8_t> extensions = {static_cast<uint8_t>(alpn_.size())};
  extensions.insert(extensions.end(), alpn_.begin(), alpn_.end());
  put_u16_prefixed(extensions, config_.transport_parameters);
  send(EncryptionLevel::kHandshake, kEncryptedExtensions, extensions);
  const uint8_t sender[] = {static_cast<uint8_t>(Role::kServer)};
  send(EncryptionLevel::kHandshake, kFinished, sender);
  // Like BoringSSL: 1-RTT write keys for half-RTT data, then Handshake read keys.
  install(EncryptionLevel::kOneRtt, SecretDirection::kWrite);
  install(EncryptionLevel::kHandshake, SecretDirection::kRead);
  read_level_ = EncryptionLevel::kHandshake;
  return ok_status();
}

Status FakeTlsSession::on_encrypted_extensions(std::span<const uint8_t> body) {
  BufferReader reader(body);
  uint8_t alpn_length = 0;
  uint16_t parameters_length = 0;
  std::span<const uint8_t> alpn, parameters;
  if (!reader.read_u8(alpn_length) || !reader.read_bytes(alpn_length, alpn) ||
      !reader.read_u16(parameters_length) || !reader.read_bytes(parameters_length, parameters) ||
      !reader.empty()) {
    return fail(tls_alert_error(TlsAlert::kDecodeError, "malformed EncryptedExtensions"));
  }
  const std::string chosen(alpn.begin(), alpn.end());
  // RFC 9001 §8.1: a client closes with no_application_protocol if the server picked nothing
  // it offered.
  if (chosen.empty() ||
      std::find(config_.alpn.begin(), config_.alpn.end(), chosen) == config_.alpn.end()) {
    return fail(
        tls_alert_error(TlsAlert::kNoApplicationProtocol, "server chose a protocol not offered"));
  }
  alpn_ = chosen;
  peer_parameters_.assign(parameters.begin(), parameters.end());
  return ok_status();
}

Status FakeTlsSession::on_finished(std::span<const uint8_t> body) {
  const Role peer = peer_of(role_);
  if (body.size() != 1 || body[0] != static_cast<uint8_t>(peer)) {
    return fail(tls_alert_error(TlsAlert::kDecryptError, "bad Finished"));
  }
  if (role_ == Role::kClient) {
    const uint8_t sender[] = {static_cast<uint8_t>(Role::kClient)};
    send(EncryptionLevel::kHandshake, kFinished, sender);
    install(EncryptionLevel::kOneRtt, SecretDirection::kWrite);
    install(EncryptionLevel::kOneRtt, SecretDirection::kRead);
  } else {
    install(EncryptionLevel::kOneRtt, SecretDirection::kRead);
  }
  complete_ = true;
  read_level_ = EncryptionLevel::kOneRtt;
  return ok_status();
}

void FakeTlsSession::send(EncryptionLevel level, uint8_t type, std::span<const uint8_t> body) {
  const uint8_t header[4] = {type, static_cast<uint8_t>(body.size() >> 16),
                             static_cast<uint8_t>(body.size() >> 8),
                             static_cast<uint8_t>(body.size())};
  outgoing_.append(level, header);
  outgoing_.append(level, body);
}

void FakeTlsSession::install(EncryptionLevel level, SecretDirection direction) {
  const Role sender = direction == SecretDirection::kWrite ? role_ : peer_of(role_);
  secrets_.push_back(
      TlsSecret{level, direction, config_.suite, secret_for(level, sender, config_.suite)});
}

Status FakeTlsSession::fail(const QuicError& error) {
  if (!error_) error_ = error;
  return *error_;
}

std::optional<TlsSecret> FakeTlsSession::take_secret() {
  if (secrets_.empty()) return std::nullopt;
  TlsSecret secret = secrets_.front();
  secrets_.pop_front();
  return secret;
}

}  // namespace quasar
