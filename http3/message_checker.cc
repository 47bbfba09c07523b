// Checks of received HTTP/3 messages.
#include "http3/message_checker.h"

#include <charconv>

namespace quasar::http3 {

namespace {

Http3Error malformed(const char* reason) {
  return Http3Error::of(Http3ErrorCode::kMessageError, reason);
}

// RFC 9110 §5.6.2: tchar, without uppercase letters (RFC 9114 §4.2).
bool is_lower_tchar(char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= '0' && c <= '9') return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_lower_tchar(c) && !(c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_pseudo(const Field& f) { return !f.name.empty() && f.name[0] == ':'; }

// Pseudo-header fields must all come before the first regular field (§4.3).
Status check_pseudo_fields_first(const Fields& fields) {
  bool regular_seen = false;
  for (const Field& f : fields) {
    if (is_pseudo(f)) {
      if (regular_seen) return malformed("pseudo-header field after a regular field");
    } else {
      regular_seen = true;
    }
  }
  return {};
}

Status check_regular_fields(const Fields& fields, bool in_request) {
  for (const Field& f : fields) {
    if (is_pseudo(f)) continue;
    HTTP3_TRY(check_regular_field(f.name, f.value, in_request));
  }
  return {};
}

Fields regular_fields(Fields& fields) {
  Fields out;
  out.reserve(fields.size());
  for (Field& f : fields) {
    if (!is_pseudo(f)) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

void FieldCollector::on_field_line(std::string_view name, std::string_view value,
                                   bool never_index) {
  size_ += name.size() + value.size() + 32;
  if (too_large()) return;
  fields_.push_back({std::string(name), std::string(value), never_index});
}

bool is_valid_field_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!is_lower_tchar(c)) return false;
  }
  return true;
}

bool is_valid_field_value(std::string_view value) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}

Status check_regular_field(std::string_view name, std::string_view value, bool in_request) {
  if (!is_valid_field_name(name)) return malformed("invalid or uppercase field name");
  if (!is_valid_field_value(value)) return malformed("invalid character in field value");
  // RFC 9114 §4.2: connection-specific fields are not allowed; TE only as "trailers" in a
  // request.
  if (name == "connection" || name == "keep-alive" || name == "proxy-connection" ||
      name == "transfer-encoding" || name == "upgrade") {
    return malformed("connection-specific field");
  }
  if (name == "te" && (!in_request || !iequals(value, "trailers"))) {
    return malformed("TE field other than \"trailers\" in a request");
  }
  return {};
}

bool normalize_outgoing_fields(Fields& fields, bool in_request) {
  for (Field& f : fields) {
    for (char& c : f.name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (!check_regular_field(f.name, f.value, in_request).ok()) return false;
  }
  return true;
}

Result<RequestHead> request_head_from_fields(Fields fields) {
  HTTP3_TRY(check_pseudo_fields_first(fields));
  RequestHead head;
  bool have_method = false, have_scheme = false, have_authority = false, have_path = false;
  for (const Field& f : fields) {
    if (!is_pseudo(f)) break;
    std::string* target = nullptr;
    bool* seen = nullptr;
    if (f.name == ":method") {
      target = &head.method;
      seen = &have_method;
    } else if (f.name == ":scheme") {
      target = &head.scheme;
      seen = &have_scheme;
    } else if (f.name == ":authority") {
      target = &head.authority;
      seen = &have_authority;
    } else if (f.name == ":path") {
      target = &head.path;
      seen = &have_path;
    } else {
      return malformed("undefined pseudo-header field in a request");
    }
    if (*seen) return malformed("repeated pseudo-header field");
    *seen = true;
    if (!is_valid_field_value(f.value)) return malformed("invalid pseudo-header field value");
    *target = f.value;
  }
  if (!have_method || !is_token(head.method)) return malformed("missing or invalid :method");
  HTTP3_TRY(check_regular_fields(fields, true));
  const std::string* host = find_field(fields, "host");

  if (head.method == "CONNECT") {
    // RFC 9114 §4.4: :scheme and :path omitted, :authority names the tunnel's target.
    if (have_scheme || have_path) return malformed("CONNECT with :scheme or :path");
    if (!have_authority || head.authority.empty()) return malformed("CONNECT without :authority");
  } else {
    if (!have_scheme || !have_path) return malformed("missing :scheme or :path");
    if (head.scheme.empty()) return malformed("empty :scheme");
    if (head.path.empty()) return malformed("empty :path");
    const bool http_scheme = head.scheme == "http" || head.scheme == "https";
    if (http_scheme) {
      // §4.3.1: origin-form, or "*" for OPTIONS.
      if (head.path[0] != '/' && !(head.path == "*" && head.method == "OPTIONS")) {
        return malformed(":path neither origin-form nor \"*\" for OPTIONS");
      }
      // The authority is mandatory: :authority or Host, non-empty, equal when both are there,
      // without userinfo.
      if (!have_authority && host == nullptr) return malformed("no :authority nor Host");
      if (have_authority && head.authority.empty()) return malformed("empty :authority");
      if (host != nullptr && host->empty()) return malformed("empty Host");
      if (have_authority && host != nullptr && *host != head.authority) {
        return malformed(":authority and Host differ");
      }
      if (head.authority.find('@') != std::string::npos) {
        return malformed(":authority with userinfo");
      }
    }
  }
  head.headers = regular_fields(fields);
  return head;
}

Result<ResponseHead> response_head_from_fields(Fields fields) {
  HTTP3_TRY(check_pseudo_fields_first(fields));
  ResponseHead head;
  bool have_status = false;
  for (const Field& f : fields) {
    if (!is_pseudo(f)) break;
    if (f.name != ":status") return malformed("undefined pseudo-header field in a response");
    if (have_status) return malformed("repeated :status");
    have_status = true;
    const std::string& v = f.value;
    if (v.size() != 3 || v[0] < '1' || v[0] > '5' || v[1] < '0' || v[1] > '9' || v[2] < '0' ||
        v[2] > '9') {
      return malformed("invalid :status");
    }
    head.status = static_cast<uint16_t>((v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0'));
  }
  if (!have_status) return malformed("response without :status");
  // RFC 9114 §4.5: no Upgrade, hence no 101 (Switching Protocols).
  if (head.status == 101) return malformed("101 (Switching Protocols) in HTTP/3");
  HTTP3_TRY(check_regular_fields(fields, false));
  head.headers = regular_fields(fields);
  return head;
}

Status check_trailer_fields(const Fields& fields) {
  for (const Field& f : fields) {
    if (is_pseudo(f)) return malformed("pseudo-header field in a trailer section");
  }
  return check_regular_fields(fields, false);
}

Result<std::optional<uint64_t>> content_length_of(const Fields& fields) {
  std::optional<uint64_t> length;
  for (const Field& f : fields) {
    if (f.name != "content-length") continue;
    uint64_t value = 0;
    const char* begin = f.value.data();
    const char* end = begin + f.value.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (f.value.empty() || ec != std::errc() || ptr != end || f.value[0] == '-' ||
        f.value[0] == '+') {
      return malformed("invalid content-length");
    }
    if (length && *length != value) return malformed("conflicting content-length values");
    length = value;
  }
  return length;
}

}  // namespace quasar::http3
