// RequestHead and ResponseHead: the control data and header fields of an HTTP/3 request or
// response (RFC 9114 §4.3), and how they become the field lines QPACK encodes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http3/fields.h"
#include "qpack/field_line.h"

namespace quasar::http3 {

// A request as the pseudo-header fields of RFC 9114 §4.3.1 describe it. For CONNECT (§4.4),
// scheme and path are empty.
struct RequestHead {
  std::string method;
  std::string scheme;
  std::string authority;
  std::string path;
  Fields headers;  // regular fields only
};

struct ResponseHead {
  uint16_t status = 200;
  Fields headers;  // regular fields only
};

// RFC 9110 §9.2.1: GET, HEAD, OPTIONS and TRACE are safe.
bool is_safe_method(std::string_view method);

// The field lines to encode, pseudo-header fields first (RFC 9114 §4.3). The views point into
// `head` (and `status_text` for responses), which must outlive their use.
void request_field_lines(const RequestHead& head, std::vector<qpack::FieldLine>& out);
void response_field_lines(const ResponseHead& head, std::string& status_text,
                          std::vector<qpack::FieldLine>& out);
void trailer_field_lines(const Fields& trailers, std::vector<qpack::FieldLine>& out);

// RFC 9114 §4.2.2: the size of a field section, name + value + 32 for each line.
uint64_t field_section_size(const std::vector<qpack::FieldLine>& lines);

}  // namespace quasar::http3
