#include "crypto/ssl_ctx_setup.h"

#include <fstream>
#include <iterator>
#include <memory>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace quasar {
namespace {

int key_log_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

void forward_key_log_line(const SSL* ssl, const char* line) {
  const auto* callback = static_cast<const KeyLogCallback*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), key_log_index()));
  if (callback != nullptr && *callback) (*callback)(line);
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* x509) const { X509_free(x509); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

Result<std::string, TlsConfigError> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Err{TlsConfigError{"cannot read " + path}};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::unique_ptr<BIO, BioDeleter> memory_bio(const std::string& text) {
  return std::unique_ptr<BIO, BioDeleter>(
      BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace

ssl_ctx_st* new_tls13_context() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_method());
  if (ctx == nullptr) return nullptr;
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1) {
    SSL_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

void install_key_log(ssl_ctx_st* ctx, const KeyLogCallback* callback) {
  if (callback == nullptr || !*callback) return;
  SSL_CTX_set_ex_data(ctx, key_log_index(), const_cast<KeyLogCallback*>(callback));
  SSL_CTX_set_keylog_callback(ctx, forward_key_log_line);
}

Result<void, TlsConfigError> load_certificate_chain(ssl_ctx_st* ctx,
                                                    const TlsServerConfig& config) {
  std::string chain_pem = config.certificate_chain_pem;
  std::string key_pem = config.private_key_pem;
  if (!config.certificate_chain_file.empty()) {
    QUASAR_ASSIGN_OR_RETURN(chain_pem, read_file(config.certificate_chain_file));
  }
  if (!config.private_key_file.empty()) {
    QUASAR_ASSIGN_OR_RETURN(key_pem, read_file(config.private_key_file));
  }
  if (chain_pem.empty() || key_pem.empty()) {
    return Err{TlsConfigError{"a server needs a certificate chain and a private key"}};
  }

  auto chain_bio = memory_bio(chain_pem);
  std::unique_ptr<X509, X509Deleter> leaf(
      PEM_read_bio_X509(chain_bio.get(), nullptr, nullptr, nullptr));
  if (!leaf || SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
    return Err{TlsConfigError{take_boring_error("certificate")}};
  }
  // The rest of the file is the chain toward the root.
  while (std::unique_ptr<X509, X509Deleter> next{
      PEM_read_bio_X509(chain_bio.get(), nullptr, nullptr, nullptr)}) {
    if (SSL_CTX_add1_chain_cert(ctx, next.get()) != 1) {
      return Err{TlsConfigError{take_boring_error("intermediate certificate")}};
    }
  }
  ERR_clear_error();  // the loop ends on the expected "no start line"

  auto key_bio = memory_bio(key_pem);
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!key || SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    return Err{TlsConfigError{take_boring_error("private key")}};
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return Err{TlsConfigError{take_boring_error("private key does not match the certificate")}};
  }
  return {};
}

Result<void, TlsConfigError> load_trust_anchors(ssl_ctx_st* ctx, const std::string& ca_file) {
  if (!ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) != 1) {
      return Err{TlsConfigError{take_boring_error("CA file " + ca_file)}};
    }
    return {};
  }
  // The system store. Debian's BoringSSL looks in its own default paths, so the distribution's
  // bundle is loaded explicitly when present.
  SSL_CTX_set_default_verify_paths(ctx);
  constexpr const char* kDebianBundle = "/etc/ssl/certs/ca-certificates.crt";
  if (std::ifstream(kDebianBundle).good()) {
    SSL_CTX_load_verify_locations(ctx, kDebianBundle, nullptr);
  }
  ERR_clear_error();
  return {};
}

std::string take_boring_error(const std::string& context) {
  const uint32_t code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return context + ": failed";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return context + ": " + text;
}

}  // namespace quasar
