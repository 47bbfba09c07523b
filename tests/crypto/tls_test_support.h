// Helpers for TLS session tests: test certificate paths, ready-made configurations, and an
// in-memory driver that carries CRYPTO bytes between two TlsSessions level by level.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"
#include "crypto/tls_session.h"

namespace quasar::test {

inline std::string cert_path(const std::string& name) {
  return std::string(QUASAR_TEST_CERTS_DIR) + "/" + name;
}

enum class CertKind { kEcdsa, kRsa, kChain };

inline const char* cert_kind_name(CertKind kind) {
  switch (kind) {
    case CertKind::kEcdsa:
      return "ECDSA P-256";
    case CertKind::kRsa:
      return "RSA-2048";
    case CertKind::kChain:
      return "ECDSA behind three intermediates";
  }
  return "?";
}

inline TlsServerConfig server_config(CertKind kind = CertKind::kEcdsa) {
  const std::string stem = kind == CertKind::kRsa     ? "leaf-rsa"
                           : kind == CertKind::kChain ? "leaf-chain"
                                                      : "leaf-ecdsa";
  TlsServerConfig config;
  config.alpn = {"h3"};
  config.certificate_chain_file = cert_path(stem + ".pem");
  config.private_key_file = cert_path(stem + ".key");
  return config;
}

inline TlsClientConfig client_config() {
  TlsClientConfig config;
  config.alpn = {"h3"};
  config.ca_file = cert_path("ca.pem");
  return config;
}

inline std::vector<uint8_t> client_transport_parameters() { return {0x01, 0x02, 0x40, 0x64}; }
inline std::vector<uint8_t> server_transport_parameters() {
  return {0x04, 0x04, 0x80, 0x10, 0x00, 0x00, 0x0f, 0x00};
}

inline std::shared_ptr<TlsServerContext> make_server_context(TlsServerConfig config) {
  auto context = TlsServerContext::create(std::move(config));
  if (!context.ok()) FAIL("server context: " << context.error().message);
  return *context;
}

inline std::shared_ptr<TlsClientContext> make_client_context(TlsClientConfig config) {
  auto context = TlsClientContext::create(std::move(config));
  if (!context.ok()) FAIL("client context: " << context.error().message);
  return *context;
}

// One side of an in-memory handshake: its session, the secrets it produced in order, and the
// first error it reported.
struct TlsPeer {
  std::unique_ptr<TlsSession> tls;
  std::vector<TlsSecret> secrets;
  Status status;

  void collect() {
    while (auto secret = tls->take_secret()) secrets.push_back(*secret);
  }
  const TlsSecret* secret(EncryptionLevel level, SecretDirection direction) const {
    for (const TlsSecret& s : secrets) {
      if (s.level == level && s.direction == direction) return &s;
    }
    return nullptr;
  }
};

inline TlsPeer client_peer(const TlsClientContext& context, std::vector<uint8_t> session = {},
                           std::string server_name = "localhost", uint32_t version = 1) {
  TlsClientSessionParams params;
  params.server_name = std::move(server_name);
  params.transport_parameters = client_transport_parameters();
  params.session = std::move(session);
  params.quic_version = version;
  auto session_or = context.new_session(params);
  if (!session_or.ok()) FAIL("client session: " << session_or.error().message);
  return TlsPeer{std::move(*session_or), {}, {}};
}

inline TlsPeer server_peer(const TlsServerContext& context,
                           std::vector<uint8_t> early_data_context = {}, uint32_t version = 1) {
  TlsServerSessionParams params;
  params.transport_parameters = server_transport_parameters();
  params.early_data_context = std::move(early_data_context);
  params.quic_version = version;
  auto session_or = context.new_session(params);
  if (!session_or.ok()) FAIL("server session: " << session_or.error().message);
  return TlsPeer{std::move(*session_or), {}, {}};
}

inline constexpr EncryptionLevel kCryptoLevels[] = {
    EncryptionLevel::kInitial, EncryptionLevel::kHandshake, EncryptionLevel::kOneRtt};

// Delivers everything `from` has to send to `to`, one level at a time. Returns true if any byte
// moved.
inline bool flow(TlsPeer& from, TlsPeer& to) {
  bool moved = false;
  for (EncryptionLevel level : kCryptoLevels) {
    const auto pending = from.tls->pending_crypto_data(level);
    if (pending.empty()) continue;
    const std::vector<uint8_t> bytes(pending.begin(), pending.end());
    from.tls->consume_crypto_data(level, bytes.size());
    moved = true;
    if (to.status.ok()) to.status = to.tls->provide_crypto_data(level, bytes);
    to.collect();
  }
  return moved;
}

// Starts the client and exchanges bytes until neither side has more to say. Returns true when
// both completed without error.
inline bool run_handshake(TlsPeer& client, TlsPeer& server) {
  client.status = client.tls->start();
  client.collect();
  for (int round = 0; round < 16; ++round) {
    const bool a = flow(client, server);
    const bool b = flow(server, client);
    if (!a && !b) break;
  }
  return client.status.ok() && server.status.ok() && client.tls->handshake_complete() &&
         server.tls->handshake_complete();
}

}  // namespace quasar::test
