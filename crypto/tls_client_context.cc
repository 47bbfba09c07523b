#include "crypto/tls_client_context.h"

#include <openssl/ssl.h>

#include "crypto/boring_tls_session.h"
#include "crypto/ssl_ctx_setup.h"

namespace quasar {

std::vector<uint8_t> encode_alpn_list(const std::vector<std::string>& protocols) {
  std::vector<uint8_t> wire;
  for (const std::string& protocol : protocols) {
    if (protocol.empty() || protocol.size() > 255) return {};
    wire.push_back(static_cast<uint8_t>(protocol.size()));
    wire.insert(wire.end(), protocol.begin(), protocol.end());
  }
  return wire;
}

Result<std::shared_ptr<TlsClientContext>, TlsConfigError> TlsClientContext::create(
    TlsClientConfig config) {
  std::shared_ptr<TlsClientContext> context(new TlsClientContext(std::move(config)));
  const TlsClientConfig& cfg = context->config_;
  context->alpn_wire_ = encode_alpn_list(cfg.alpn);
  if (context->alpn_wire_.empty()) {
    return Err{TlsConfigError{"QUIC needs at least one valid ALPN protocol (RFC 9001 §8.1)"}};
  }
  if (cfg.cipher_suites.empty()) return Err{TlsConfigError{"no cipher suite allowed"}};

  context->ctx_ = new_tls13_context();
  if (context->ctx_ == nullptr) return Err{TlsConfigError{take_boring_error("SSL_CTX_new")}};
  if (cfg.verify_peer) {
    SSL_CTX_set_verify(context->ctx_, SSL_VERIFY_PEER, nullptr);
    QUASAR_TRY(load_trust_anchors(context->ctx_, cfg.ca_file));
  } else {
    SSL_CTX_set_verify(context->ctx_, SSL_VERIFY_NONE, nullptr);
  }
  install_key_log(context->ctx_, &cfg.key_log);
  install_session_hooks(context->ctx_, Role::kClient);
  return context;
}

TlsClientContext::~TlsClientContext() { SSL_CTX_free(ctx_); }

Result<std::unique_ptr<TlsSession>, TlsConfigError> TlsClientContext::new_session(
    const TlsClientSessionParams& params) const {
  BoringClientSetup setup;
  setup.owner = shared_from_this();
  setup.ctx = ctx_;
  setup.alpn_wire = alpn_wire_;
  setup.allowed_suites = config_.cipher_suites;
  setup.verify_peer = config_.verify_peer;
  setup.enable_early_data = config_.enable_early_data;
  return make_boring_client_session(setup, params);
}

}  // namespace quasar
