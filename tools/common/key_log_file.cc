// Key log file opening and writing.
#include "tools/common/key_log_file.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace quasar::tools {

std::optional<std::string> key_log_path(const std::optional<std::string>& flag_value) {
  if (flag_value && !flag_value->empty()) return flag_value;
  const char* env = std::getenv("SSLKEYLOGFILE");
  if (env != nullptr && *env != '\0') return std::string(env);
  return std::nullopt;
}

KeyLogOpenResult open_key_log(const std::string& path) {
  std::FILE* raw = std::fopen(path.c_str(), "a");
  if (raw == nullptr) return {nullptr, path + ": " + std::strerror(errno)};
  std::shared_ptr<std::FILE> file(raw, [](std::FILE* f) { std::fclose(f); });
  KeyLogOpenResult result;
  result.callback = [file](std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), file.get());
    std::fputc('\n', file.get());
    std::fflush(file.get());
  };
  return result;
}

}  // namespace quasar::tools
