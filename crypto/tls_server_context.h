// TlsServerContext: a server TLS configuration (certificate chain, ALPN choice, tickets, 0-RTT)
// turned into a BoringSSL context shared by every connection; new_session() makes the
// TlsSession of one incoming connection.
#pragma once

#include <memory>

#include "crypto/tls_config.h"
#include "crypto/tls_session.h"
#include "quic/base/result.h"

struct ssl_ctx_st;

namespace quasar {

class TlsServerContext : public std::enable_shared_from_this<TlsServerContext> {
 public:
  // Fails on an unreadable or mismatched certificate and key, an empty ALPN list without a
  // selector, or an empty cipher set.
  static Result<std::shared_ptr<TlsServerContext>, TlsConfigError> create(TlsServerConfig config);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  // A server session waiting for the ClientHello. The session keeps this context alive.
  Result<std::unique_ptr<TlsSession>, TlsConfigError> new_session(
      const TlsServerSessionParams& params) const;

  const TlsServerConfig& config() const { return config_; }

  // The protocol this server picks from the client's offer, or nullopt (no overlap).
  std::optional<std::string> select_alpn(std::span<const std::string_view> offered) const;

 private:
  explicit TlsServerContext(TlsServerConfig config) : config_(std::move(config)) {}

  TlsServerConfig config_;
  ssl_ctx_st* ctx_ = nullptr;
};

}  // namespace quasar
