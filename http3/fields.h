// Field and Fields: the name-value pairs of an HTTP field section as the HTTP/3 API exposes
// them (RFC 9114 §4.2), with small lookup helpers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quasar::http3 {

struct Field {
  std::string name;  // lowercase on the wire (RFC 9114 §4.2)
  std::string value;
  // Ask QPACK never to index it (RFC 9204 §7.1.3), e.g. for credentials.
  bool never_index = false;

  friend bool operator==(const Field& a, const Field& b) {
    return a.name == b.name && a.value == b.value;
  }
};

using Fields = std::vector<Field>;

// The value of the first field called `name`, or nullptr.
inline const std::string* find_field(const Fields& fields, std::string_view name) {
  for (const Field& f : fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

}  // namespace quasar::http3
