#include "crypto/tls_server_context.h"

#include <algorithm>
#include <vector>

#include <openssl/ssl.h>

#include "crypto/boring_tls_session.h"
#include "crypto/ssl_ctx_setup.h"

namespace quasar {
namespace {

// RFC 7301 §3.2: picks a protocol from the client's ProtocolNameList; `out` must point into it.
int select_alpn_callback(SSL*, const uint8_t** out, uint8_t* out_length, const uint8_t* in,
                         unsigned in_length, void* arg) {
  const auto* context = static_cast<const TlsServerContext*>(arg);
  std::vector<std::string_view> offered;
  for (unsigned i = 0; i < in_length;) {
    const unsigned length = in[i];
    if (length == 0 || i + 1 + length > in_length) return SSL_TLSEXT_ERR_ALERT_FATAL;
    offered.emplace_back(reinterpret_cast<const char*>(in + i + 1), length);
    i += 1 + length;
  }
  const std::optional<std::string> chosen = context->select_alpn(offered);
  if (chosen) {
    for (std::string_view protocol : offered) {
      if (protocol == *chosen) {
        *out = reinterpret_cast<const uint8_t*>(protocol.data());
        *out_length = static_cast<uint8_t>(protocol.size());
        return SSL_TLSEXT_ERR_OK;
      }
    }
  }
  // RFC 9001 §8.1: no common protocol ends the handshake with no_application_protocol.
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

}  // namespace

Result<std::shared_ptr<TlsServerContext>, TlsConfigError> TlsServerContext::create(
    TlsServerConfig config) {
  std::shared_ptr<TlsServerContext> context(new TlsServerContext(std::move(config)));
  const TlsServerConfig& cfg = context->config_;
  if (cfg.alpn.empty() && !cfg.select_alpn) {
    return Err{TlsConfigError{"QUIC needs an application protocol (RFC 9001 §8.1)"}};
  }
  if (cfg.cipher_suites.empty()) return Err{TlsConfigError{"no cipher suite allowed"}};

  context->ctx_ = new_tls13_context();
  if (context->ctx_ == nullptr) return Err{TlsConfigError{take_boring_error("SSL_CTX_new")}};
  QUASAR_TRY(load_certificate_chain(context->ctx_, cfg));
  SSL_CTX_set_alpn_select_cb(context->ctx_, select_alpn_callback, context.get());
  if (cfg.session_ticket_key &&
      SSL_CTX_set_tlsext_ticket_keys(context->ctx_, cfg.session_ticket_key->data(),
                                     cfg.session_ticket_key->size()) != 1) {
    return Err{TlsConfigError{take_boring_error("session ticket key")}};
  }
  SSL_CTX_set_early_data_enabled(context->ctx_, cfg.enable_early_data ? 1 : 0);
  install_key_log(context->ctx_, &cfg.key_log);
  install_session_hooks(context->ctx_, Role::kServer);
  return context;
}

TlsServerContext::~TlsServerContext() { SSL_CTX_free(ctx_); }

std::optional<std::string> TlsServerContext::select_alpn(
    std::span<const std::string_view> offered) const {
  if (config_.select_alpn) return config_.select_alpn(offered);
  for (const std::string& preferred : config_.alpn) {
    if (std::find(offered.begin(), offered.end(), preferred) != offered.end()) return preferred;
  }
  return std::nullopt;
}

Result<std::unique_ptr<TlsSession>, TlsConfigError> TlsServerContext::new_session(
    const TlsServerSessionParams& params) const {
  BoringServerSetup setup;
  setup.owner = shared_from_this();
  setup.ctx = ctx_;
  setup.allowed_suites = config_.cipher_suites;
  setup.enable_early_data = config_.enable_early_data;
  return make_boring_server_session(setup, params);
}

}  // namespace quasar
