// DocumentRoot: path checks and opening files.
#include "tools/server/document_root.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "tools/server/request_path.h"

namespace quasar::tools {

namespace {

std::string canonical(const std::string& path) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) return "";
  return resolved;
}

}  // namespace

std::string DocumentRoot::check(const std::string& directory) {
  struct stat st;
  if (::stat(directory.c_str(), &st) != 0) return directory + ": " + std::strerror(errno);
  if (!S_ISDIR(st.st_mode)) return directory + ": not a directory";
  return "";
}

DocumentRoot::DocumentRoot(const std::string& directory) : root_(canonical(directory)) {
  if (root_ == "/") root_.clear();  // every path starts with root_ + "/"
}

FileLookup DocumentRoot::open(std::string_view target) const {
  FileLookup lookup;
  const NormalizedPath normalized = normalize_request_path(target);
  if (!normalized.relative) {
    lookup.status =
        normalized.error == PathError::kEscapes ? HqStatus::kForbidden : HqStatus::kBadRequest;
    return lookup;
  }
  std::string path = root_ + "/" + *normalized.relative;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) path += "/index.html";
  const std::string real = canonical(path);
  if (real.empty()) {
    lookup.status = errno == EACCES ? HqStatus::kForbidden : HqStatus::kNotFound;
    return lookup;
  }
  // A symbolic link may point anywhere: the file must still be inside the root.
  if (real.compare(0, root_.size() + 1, root_ + "/") != 0) {
    lookup.status = HqStatus::kForbidden;
    return lookup;
  }
  const int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    lookup.status = errno == EACCES ? HqStatus::kForbidden : HqStatus::kNotFound;
    return lookup;
  }
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    lookup.status = HqStatus::kNotFound;
    return lookup;
  }
  lookup.status = HqStatus::kOk;
  lookup.file = {fd, static_cast<uint64_t>(st.st_size)};
  return lookup;
}

}  // namespace quasar::tools
