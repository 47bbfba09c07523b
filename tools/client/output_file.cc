// OutputFile.
#include "tools/client/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace quasar::tools {

OutputFile::~OutputFile() {
  if (fd_ >= 0 && !is_stdout_) discard();
}

std::string OutputFile::open() {
  if (path_ == "-") {
    is_stdout_ = true;
    fd_ = STDOUT_FILENO;
    return "";
  }
  const std::string part = path_ + ".part";
  fd_ = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) return part + ": " + std::strerror(errno);
  return "";
}

bool OutputFile::write(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = path_ + ": " + std::strerror(errno);
      return false;
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return true;
}

bool OutputFile::commit() {
  if (is_stdout_) {
    fd_ = -1;
    return true;
  }
  if (fd_ < 0) return false;
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) {
    error_ = path_ + ": " + std::strerror(errno);
    return false;
  }
  if (std::rename((path_ + ".part").c_str(), path_.c_str()) != 0) {
    error_ = path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

void OutputFile::discard() {
  if (is_stdout_ || fd_ < 0) {
    fd_ = -1;
    return;
  }
  ::close(fd_);
  fd_ = -1;
  ::unlink((path_ + ".part").c_str());
}

std::string output_name_for(const std::string& url_path) {
  std::string path = url_path.substr(0, url_path.find('?'));
  const size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") return "index.html";
  return name;
}

}  // namespace quasar::tools
