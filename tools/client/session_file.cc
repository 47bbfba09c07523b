// read_session_file() and write_session_file().
#include "tools/client/session_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace quasar::tools {

std::vector<uint8_t> read_session_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::string write_session_file(const std::string& path, const std::vector<uint8_t>& session) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(session.data()),
              static_cast<std::streamsize>(session.size()));
    if (!out) return "cannot write " + temporary;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return "cannot rename " + temporary + ": " + std::strerror(errno);
  }
  return "";
}

}  // namespace quasar::tools
