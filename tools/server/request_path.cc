// normalize_request_path().
#include "tools/server/request_path.h"

#include <vector>

namespace quasar::tools {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 §2.1 percent-decoding; nullopt on a truncated or non-hex escape.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

}  // namespace

NormalizedPath normalize_request_path(std::string_view target) {
  NormalizedPath result;
  if (target.empty() || target.front() != '/') return result;  // absolute-form URLs too
  if (const size_t query = target.find('?'); query != std::string_view::npos) {
    target = target.substr(0, query);
  }
  auto decoded = percent_decode(target);
  if (!decoded) return result;
  std::string relative;
  size_t start = 1;
  while (start <= decoded->size()) {
    size_t end = decoded->find('/', start);
    if (end == std::string::npos) end = decoded->size();
    const std::string_view segment = std::string_view(*decoded).substr(start, end - start);
    start = end + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      result.error = PathError::kEscapes;
      return result;
    }
    for (char c : segment) {
      if (c == '\0' || c == '\\') return result;
    }
    if (!relative.empty()) relative += '/';
    relative += segment;
  }
  result.relative = std::move(relative);
  return result;
}

}  // namespace quasar::tools
