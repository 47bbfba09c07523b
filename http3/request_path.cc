// Request path normalization for the static file handler.
#include "http3/request_path.h"

namespace quasar::http3 {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::variant<std::string, PathError> normalize_request_path(std::string_view request_path) {
  if (request_path.empty() || request_path[0] != '/') return PathError::kNotOriginForm;
  // RFC 3986 §3.4, §3.5: the query and a fragment are not part of the path.
  const size_t end = request_path.find_first_of("?#");
  const std::string_view path = request_path.substr(0, end);

  std::string out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view raw = path.substr(pos, slash - pos);
    pos = slash + 1;

    std::string segment;
    for (size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c == '%') {
        if (i + 2 >= raw.size()) return PathError::kBadEncoding;
        const int hi = hex_value(raw[i + 1]);
        const int lo = hex_value(raw[i + 2]);
        if (hi < 0 || lo < 0) return PathError::kBadEncoding;
        c = static_cast<char>(hi * 16 + lo);
        i += 2;
        // A separator inside a segment would let it name another directory.
        if (c == '/' || c == '\\') return PathError::kForbiddenByte;
      }
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f || c == '\\') return PathError::kForbiddenByte;
      segment.push_back(c);
    }
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return PathError::kTraversal;
    if (!out.empty()) out.push_back('/');
    out += segment;
  }
  return out;
}

}  // namespace quasar::http3
