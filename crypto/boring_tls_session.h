// Internal to crypto/: the BoringSSL TlsSession (the one place that drives SSL_QUIC_METHOD) and
// the SSL_CTX hooks it relies on. Applications get sessions from TlsClientContext and
// TlsServerContext.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/cipher_suite.h"
#include "crypto/tls_config.h"
#include "crypto/tls_session.h"
#include "quic/base/result.h"
#include "quic/base/role.h"

struct ssl_ctx_st;

namespace quasar {

// Installs on a context the callbacks its sessions need: storing new sessions (client),
// inspecting the ClientHello (server).
void install_session_hooks(ssl_ctx_st* ctx, Role role);

struct BoringClientSetup {
  std::shared_ptr<const void> owner;  // the context; kept alive as long as the session
  ssl_ctx_st* ctx = nullptr;
  std::vector<uint8_t> alpn_wire;  // RFC 7301 ProtocolNameList
  CipherSuiteSet allowed_suites;
  bool verify_peer = true;
  bool enable_early_data = true;
};

struct BoringServerSetup {
  std::shared_ptr<const void> owner;
  ssl_ctx_st* ctx = nullptr;
  CipherSuiteSet allowed_suites;
  bool enable_early_data = false;
};

Result<std::unique_ptr<TlsSession>, TlsConfigError> make_boring_client_session(
    const BoringClientSetup& setup, const TlsClientSessionParams& params);
Result<std::unique_ptr<TlsSession>, TlsConfigError> make_boring_server_session(
    const BoringServerSetup& setup, const TlsServerSessionParams& params);

}  // namespace quasar
