#include "crypto/self_signed_certificate.h"

#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec_key.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/ssl_ctx_setup.h"

namespace quasar {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

bool add_extension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_nconf_nid(nullptr, &context, nid, value.c_str());
  if (extension == nullptr) return false;
  const bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

std::string subject_alt_names(const SelfSignedCertificateOptions& options) {
  std::string names;
  for (const auto& dns : options.dns_names) names += (names.empty() ? "DNS:" : ",DNS:") + dns;
  for (const auto& ip : options.ip_addresses) names += (names.empty() ? "IP:" : ",IP:") + ip;
  return names;
}

std::string bio_text(BIO* bio) {
  const uint8_t* data = nullptr;
  size_t length = 0;
  BIO_mem_contents(bio, &data, &length);
  return std::string(reinterpret_cast<const char*>(data), length);
}

}  // namespace

Result<PemCertificate, TlsConfigError> generate_self_signed_certificate(
    const SelfSignedCertificateOptions& options) {
  if (options.dns_names.empty() && options.ip_addresses.empty()) {
    return Err{TlsConfigError{"a certificate needs at least one name"}};
  }
  PkeyPtr key(EVP_PKEY_new());
  EC_KEY* ec_key = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
  if (!key || ec_key == nullptr || EC_KEY_generate_key(ec_key) != 1 ||
      EVP_PKEY_assign_EC_KEY(key.get(), ec_key) != 1) {
    EC_KEY_free(ec_key);
    return Err{TlsConfigError{take_boring_error("key generation")}};
  }

  X509Ptr certificate(X509_new());
  uint8_t serial_bytes[16];
  RAND_bytes(serial_bytes, sizeof(serial_bytes));
  serial_bytes[0] &= 0x7f;  // a positive serial number (RFC 5280 §4.1.2.2)
  BignumPtr serial(BN_bin2bn(serial_bytes, sizeof(serial_bytes), nullptr));
  const std::string common_name =
      options.dns_names.empty() ? options.ip_addresses.front() : options.dns_names.front();
  X509_NAME* name = X509_get_subject_name(certificate.get());
  const bool ok =
      serial && X509_set_version(certificate.get(), X509_VERSION_3) == 1 &&
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) != nullptr &&
      X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(certificate.get()),
                      static_cast<long>(options.validity_days) * 86400) != nullptr &&
      X509_set_pubkey(certificate.get(), key.get()) == 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const uint8_t*>(common_name.c_str()), -1, -1,
                                 0) == 1 &&
      X509_set_issuer_name(certificate.get(), name) == 1 &&
      // No key usage extension: a certificate that is its own trust anchor must not forbid
      // itself from signing certificates (RFC 5280 §4.2.1.3), or verifiers reject it.
      add_extension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE") &&
      add_extension(certificate.get(), NID_ext_key_usage, "serverAuth") &&
      add_extension(certificate.get(), NID_subject_key_identifier, "hash") &&
      add_extension(certificate.get(), NID_subject_alt_name, subject_alt_names(options)) &&
      X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) return Err{TlsConfigError{take_boring_error("certificate generation")}};

  BioPtr certificate_bio(BIO_new(BIO_s_mem()));
  BioPtr key_bio(BIO_new(BIO_s_mem()));
  if (!certificate_bio || !key_bio ||
      PEM_write_bio_X509(certificate_bio.get(), certificate.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1) {
    return Err{TlsConfigError{take_boring_error("PEM encoding")}};
  }
  return PemCertificate{bio_text(certificate_bio.get()), bio_text(key_bio.get())};
}

}  // namespace quasar
