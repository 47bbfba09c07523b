// Field lines of request and response heads.
#include "http3/message_head.h"

namespace quasar::http3 {

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE";
}

namespace {

void append_fields(const Fields& fields, std::vector<qpack::FieldLine>& out) {
  for (const Field& f : fields) out.push_back({f.name, f.value, f.never_index});
}

}  // namespace

void request_field_lines(const RequestHead& head, std::vector<qpack::FieldLine>& out) {
  out.clear();
  out.push_back({":method", head.method});
  // RFC 9114 §4.4: CONNECT carries neither :scheme nor :path.
  if (!head.scheme.empty()) out.push_back({":scheme", head.scheme});
  if (!head.authority.empty()) out.push_back({":authority", head.authority});
  if (!head.path.empty()) out.push_back({":path", head.path});
  append_fields(head.headers, out);
}

void response_field_lines(const ResponseHead& head, std::string& status_text,
                          std::vector<qpack::FieldLine>& out) {
  out.clear();
  status_text = std::to_string(head.status);
  out.push_back({":status", status_text});
  append_fields(head.headers, out);
}

void trailer_field_lines(const Fields& trailers, std::vector<qpack::FieldLine>& out) {
  out.clear();
  append_fields(trailers, out);
}

uint64_t field_section_size(const std::vector<qpack::FieldLine>& lines) {
  uint64_t size = 0;
  for (const auto& line : lines) size += line.name.size() + line.value.size() + 32;
  return size;
}

}  // namespace quasar::http3
