// DocumentRoot: the directory quasar-server serves. Maps a request target to an open regular
// file inside it, or to the status that refuses the request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/common/hq_interop.h"

namespace quasar::tools {

// An open file to send; the descriptor is owned by the caller (close it).
struct OpenedFile {
  int fd = -1;
  uint64_t size = 0;
};

struct FileLookup {
  HqStatus status = HqStatus::kNotFound;
  OpenedFile file;  // when status is kOk
};

class DocumentRoot {
 public:
  // `directory` must exist; an error message otherwise.
  static std::string check(const std::string& directory);
  explicit DocumentRoot(const std::string& directory);

  // "/" and directories serve their index.html. Paths with ".." (however encoded) are
  // refused with 403, as are symbolic links that lead outside the root.
  FileLookup open(std::string_view target) const;
  // The directory, canonical.
  const std::string& path() const { return root_; }

 private:
  std::string root_;  // canonical (realpath) form, without a trailing slash
};

}  // namespace quasar::tools
