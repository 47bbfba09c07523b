// QlogDirectory.
#include "tools/common/qlog_directory.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace quasar::tools {

std::string QlogDirectory::prepare(const std::string& directory) {
  if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST) {
    return directory + ": " + std::strerror(errno);
  }
  struct stat st;
  if (::stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return directory + ": not a directory";
  }
  return "";
}

QlogSink* QlogDirectory::open(Role role, const ConnectionId& original_dcid) {
  const std::string hex = original_dcid.to_hex();
  const char* vantage = role == Role::kClient ? "client" : "server";
  const std::string path = directory_ + "/" + hex + "_" + vantage + ".sqlog";
  auto writer = QlogFileWriter::open(path, vantage, hex, &last_error_);
  if (!writer) return nullptr;
  QlogSink* sink = writer.get();
  writers_[original_dcid] = std::move(writer);
  return sink;
}

void QlogDirectory::retire(uint64_t handle, const ConnectionId& original_dcid) {
  if (auto it = writers_.find(original_dcid); it != writers_.end()) {
    it->second->flush();
    retired_.emplace_back(handle, original_dcid);
  }
}

void QlogDirectory::flush_all() {
  for (auto& [id, writer] : writers_) writer->flush();
}

}  // namespace quasar::tools
