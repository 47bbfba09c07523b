// parse_https_url().
#include "tools/client/url.h"

#include <charconv>

namespace quasar::tools {

std::string Url::authority() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<Url> parse_https_url(std::string_view text, std::string* error) {
  auto fail = [&](const char* why) -> std::optional<Url> {
    *error = std::string(text) + ": " + why;
    return std::nullopt;
  };
  constexpr std::string_view kScheme = "https://";
  if (!text.starts_with(kScheme)) return fail("expected an https:// URL");
  std::string_view rest = text.substr(kScheme.size());
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "/" : rest.substr(slash);
  if (const size_t hash = path.find('#'); hash != std::string_view::npos) {
    path = path.substr(0, hash);  // fragments never go to the server
  }
  if (path.empty() || path.front() != '/') path = "/";
  if (authority.find('@') != std::string_view::npos) return fail("user information not supported");

  Url url;
  url.text = text;
  url.path = path;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated IPv6 address");
    url.host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected text after the IPv6 address");
      port_text = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    url.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return fail("no host");
  if (!port_text.empty() || (authority.size() > 0 && authority.back() == ':')) {
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() ||
        port == 0 || port > 65535) {
      return fail("bad port");
    }
    url.port = static_cast<uint16_t>(port);
  }
  return url;
}

}  // namespace quasar::tools
