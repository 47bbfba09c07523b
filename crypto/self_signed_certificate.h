// A generator of self-signed ECDSA P-256 certificates (for "localhost" by default), for tools and
// tests that need a server certificate without a PKI.
#pragma once

#include <string>
#include <vector>

#include "crypto/tls_config.h"
#include "quic/base/result.h"

namespace quasar {

struct SelfSignedCertificateOptions {
  std::vector<std::string> dns_names = {"localhost"};
  std::vector<std::string> ip_addresses = {"127.0.0.1", "::1"};
  int validity_days = 365;
};

struct PemCertificate {
  std::string certificate_pem;  // the certificate, which is also its own trust anchor
  std::string private_key_pem;  // PKCS#8
};

// A fresh key and certificate, valid from one hour before the system clock's now (this reads
// the wall clock: it is a set-up utility, not part of the sans-I/O core).
Result<PemCertificate, TlsConfigError> generate_self_signed_certificate(
    const SelfSignedCertificateOptions& options = {});

}  // namespace quasar
