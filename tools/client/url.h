// Url: the https://host[:port]/path URLs quasar-client downloads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quasar::tools {

struct Url {
  std::string host;  // a name, an IPv4 literal, or an IPv6 literal without brackets
  uint16_t port = 443;
  std::string path;  // origin-form, "/" at least; the query is kept
  std::string text;  // as given

  // "host:port", with brackets around IPv6 literals.
  std::string authority() const;
};

// Parses "https://host[:port][/path]". An error message in `error` when it is not one.
std::optional<Url> parse_https_url(std::string_view text, std::string* error);

}  // namespace quasar::tools
