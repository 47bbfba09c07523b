// FieldLine, one name-value pair of a field section, and FieldLineSink, where a decoder
// delivers the field lines it decodes.
#pragma once

#include <string_view>

namespace quasar::qpack {

// A field line to encode. `never_index` asks for a literal representation with the N bit
// set (RFC 9204 §4.5.4, §7.1.3): the value never enters a dynamic table, on any hop.
struct FieldLine {
  std::string_view name;
  std::string_view value;
  bool never_index = false;
};

// Receives the field lines of one section, in order. The views are valid only during the
// call: they may point into the dynamic table or a scratch buffer.
class FieldLineSink {
 public:
  virtual ~FieldLineSink() = default;
  virtual void on_field_line(std::string_view name, std::string_view value, bool never_index) = 0;
};

}  // namespace quasar::qpack
