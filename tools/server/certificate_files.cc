// Generating and writing the self-signed certificate.
#include "tools/server/certificate_files.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crypto/self_signed_certificate.h"

namespace quasar::tools {

namespace {

bool write_file(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return ::close(fd) == 0;
}

}  // namespace

CertificateFiles generate_certificate_files() {
  CertificateFiles files;
  auto certificate = generate_self_signed_certificate();
  if (!certificate.ok()) {
    files.error = "generating a certificate: " + certificate.error().message;
    return files;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/quasar-server-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    files.error = pattern + ": " + std::strerror(errno);
    return files;
  }
  files.certificate_file = pattern + "/cert.pem";
  files.key_file = pattern + "/key.pem";
  if (!write_file(files.certificate_file, certificate->certificate_pem, 0644) ||
      !write_file(files.key_file, certificate->private_key_pem, 0600)) {
    files.error = "writing " + pattern + ": " + std::strerror(errno);
    return files;
  }
  files.generated = true;
  return files;
}

}  // namespace quasar::tools
