// Internal to crypto/: SSL_CTX set-up shared by TlsClientContext and TlsServerContext (TLS 1.3
// only, key logging, certificates and trust anchors, BoringSSL error text).
#pragma once

#include <string>

#include "crypto/tls_config.h"
#include "quic/base/result.h"

struct ssl_ctx_st;

namespace quasar {

// A new SSL_CTX that negotiates TLS 1.3 only (RFC 9001 §4.2), or nullptr.
ssl_ctx_st* new_tls13_context();

// Routes BoringSSL's key log lines to `callback`, which must outlive the context. No-op when
// the callback is empty.
void install_key_log(ssl_ctx_st* ctx, const KeyLogCallback* callback);

// Loads the chain and key of a server configuration (files or PEM text) and checks they match.
Result<void, TlsConfigError> load_certificate_chain(ssl_ctx_st* ctx, const TlsServerConfig& config);

// Loads trust anchors from a PEM file, or from the system store when `ca_file` is empty.
Result<void, TlsConfigError> load_trust_anchors(ssl_ctx_st* ctx, const std::string& ca_file);

// The oldest queued BoringSSL error as text (and clears the queue), for configuration errors.
std::string take_boring_error(const std::string& context);

}  // namespace quasar
