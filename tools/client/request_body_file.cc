// read_whole_file().
#include "tools/client/request_body_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace quasar::tools {

std::string read_whole_file(const std::string& path, std::vector<uint8_t>& content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open " + path + ": " + std::strerror(errno);
  content.assign(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) return "cannot read " + path;
  return "";
}

}  // namespace quasar::tools
