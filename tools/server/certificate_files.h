// The server's certificate: the files given with --cert/--key, or a self-signed ECDSA
// certificate for localhost generated at start-up and written to a fresh temporary directory.
#pragma once

#include <string>

namespace quasar::tools {

struct CertificateFiles {
  std::string certificate_file;
  std::string key_file;
  bool generated = false;
  std::string error;  // non-empty on failure
};

// Writes a new self-signed certificate (localhost, 127.0.0.1, ::1) and its key as
// <tmp>/quasar-server-XXXXXX/cert.pem and key.pem (TMPDIR, else /tmp).
CertificateFiles generate_certificate_files();

}  // namespace quasar::tools
