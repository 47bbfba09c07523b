// TlsClientContext: a client TLS configuration turned into a BoringSSL context, shared by every
// connection it starts; new_session() makes the TlsSession of one connection.
#pragma once

#include <memory>
#include <vector>

#include "crypto/tls_config.h"
#include "crypto/tls_session.h"
#include "quic/base/result.h"

struct ssl_ctx_st;

namespace quasar {

class TlsClientContext : public std::enable_shared_from_this<TlsClientContext> {
 public:
  // Fails on an empty or malformed ALPN list, an unreadable CA file, or an empty cipher set.
  static Result<std::shared_ptr<TlsClientContext>, TlsConfigError> create(TlsClientConfig config);
  ~TlsClientContext();
  TlsClientContext(const TlsClientContext&) = delete;
  TlsClientContext& operator=(const TlsClientContext&) = delete;

  // A client session ready for start(). The session keeps this context alive.
  Result<std::unique_ptr<TlsSession>, TlsConfigError> new_session(
      const TlsClientSessionParams& params) const;

  const TlsClientConfig& config() const { return config_; }

 private:
  explicit TlsClientContext(TlsClientConfig config) : config_(std::move(config)) {}

  TlsClientConfig config_;
  ssl_ctx_st* ctx_ = nullptr;
  std::vector<uint8_t> alpn_wire_;
};

// RFC 7301 §3.1: the ProtocolNameList wire form of `protocols` (each 1..255 bytes); empty if
// the list is empty or a name does not fit.
std::vector<uint8_t> encode_alpn_list(const std::vector<std::string>& protocols);

}  // namespace quasar
