// HTTP/0.9 over QUIC as quic-interop-runner uses it (ALPN hq-interop): the request line, and the
// status codes quasar carries in RESET_STREAM when a request cannot be answered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quasar::tools {

// A request is one line; anything longer is refused.
inline constexpr size_t kMaxHqRequestLine = 8192;

// "GET /path\r\n".
std::string hq_request_line(std::string_view path);

struct HqRequest {
  std::string method;
  std::string target;
};
// Parses "METHOD TARGET" with an optional "\r\n" or "\n" ending (the stream's FIN may end it
// too). nullopt when there is no method, no target, or a control character.
std::optional<HqRequest> parse_hq_request(std::string_view line);

// HTTP/0.9 has no status line. quasar's server answers a request it cannot serve by resetting
// the response stream with the HTTP status number as the application error code (404 ->
// 0x194), so a client can tell "not found" from an empty file.
enum class HqStatus : uint16_t {
  kOk = 200,
  kBadRequest = 400,
  kForbidden = 403,
  kNotFound = 404,
  kMethodNotAllowed = 405,
  kInternalError = 500,
};
const char* hq_status_text(HqStatus status);
// The status carried by a RESET_STREAM error code, nullopt for codes that are no status.
std::optional<HqStatus> hq_status_from_code(uint64_t code);

}  // namespace quasar::tools
