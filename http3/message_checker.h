// The rules a received HTTP/3 message must follow (RFC 9114 §4.1.2, §4.2, §4.3, §4.4):
// collecting a decoded field section, then checking it as a request head, response head or
// trailer section. A message breaking them is malformed: a stream error of type
// H3_MESSAGE_ERROR, which is the code every error here carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "http3/fields.h"
#include "http3/message_head.h"
#include "http3/result.h"
#include "qpack/field_line.h"

namespace quasar::http3 {

// Receives the field lines QPACK decodes into Fields. It counts the section's size as
// RFC 9114 §4.2.2 does and stops storing lines once the size passes `max_size` (the limit we
// advertised), so a peer ignoring the limit cannot make it grow.
class FieldCollector final : public qpack::FieldLineSink {
 public:
  void reset(uint64_t max_size) {
    fields_.clear();
    size_ = 0;
    max_size_ = max_size;
  }
  void on_field_line(std::string_view name, std::string_view value, bool never_index) override;

  bool too_large() const { return size_ > max_size_; }
  uint64_t size() const { return size_; }
  Fields& fields() { return fields_; }

 private:
  Fields fields_;
  uint64_t size_ = 0;
  uint64_t max_size_ = UINT64_MAX;
};

// A request head from a decoded header section: pseudo-header fields first and each once, the
// mandatory ones present and valid, CONNECT in its own form, and every regular field valid.
Result<RequestHead> request_head_from_fields(Fields fields);
// A response head: exactly one valid :status (101 is not allowed in HTTP/3, §4.5).
Result<ResponseHead> response_head_from_fields(Fields fields);
// A trailer section: regular fields only (§4.3).
Status check_trailer_fields(const Fields& fields);

// The Content-Length of a message (§4.1.2), nullopt when absent. Repeated values must agree.
Result<std::optional<uint64_t>> content_length_of(const Fields& fields);

// One regular field: a lowercase token name (RFC 9110 §5.1) that is not connection-specific
// (§4.2; TE only with "trailers" and only in requests) and a value without NUL, CR, LF or
// other control characters but HTAB. Used on what we send as well as on what we receive.
bool is_valid_field_name(std::string_view name);
bool is_valid_field_value(std::string_view value);
Status check_regular_field(std::string_view name, std::string_view value, bool in_request);

// Prepares fields we are about to send: names are lowercased (RFC 9114 §4.2), then each field
// must pass check_regular_field. False if one does not.
bool normalize_outgoing_fields(Fields& fields, bool in_request);

}  // namespace quasar::http3
