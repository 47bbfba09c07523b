// hq-interop request lines and status codes.
#include "tools/common/hq_interop.h"

namespace quasar::tools {

std::string hq_request_line(std::string_view path) {
  std::string line = "GET ";
  line += path;
  line += "\r\n";
  return line;
}

std::optional<HqRequest> parse_hq_request(std::string_view line) {
  if (line.ends_with("\n")) line.remove_suffix(1);
  if (line.ends_with("\r")) line.remove_suffix(1);
  for (char c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
  }
  const size_t space = line.find(' ');
  if (space == 0 || space == std::string_view::npos) return std::nullopt;
  std::string_view target = line.substr(space + 1);
  // HTTP/1.0-style clients append a version; HTTP/0.9 has none, so take the first word.
  if (const size_t end = target.find(' '); end != std::string_view::npos) {
    target = target.substr(0, end);
  }
  if (target.empty()) return std::nullopt;
  return HqRequest{std::string(line.substr(0, space)), std::string(target)};
}

const char* hq_status_text(HqStatus status) {
  switch (status) {
    case HqStatus::kOk:
      return "OK";
    case HqStatus::kBadRequest:
      return "bad request";
    case HqStatus::kForbidden:
      return "forbidden";
    case HqStatus::kNotFound:
      return "not found";
    case HqStatus::kMethodNotAllowed:
      return "method not allowed";
    case HqStatus::kInternalError:
      return "internal error";
  }
  return "?";
}

std::optional<HqStatus> hq_status_from_code(uint64_t code) {
  switch (code) {
    case 400:
    case 403:
    case 404:
    case 405:
    case 500:
      return static_cast<HqStatus>(code);
  }
  return std::nullopt;
}

}  // namespace quasar::tools
