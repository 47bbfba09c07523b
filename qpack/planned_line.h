// PlannedLine: how the encoder represents one field line of a section (RFC 9204 §4.5),
// decided before the section's Base is chosen and the section is written.
#pragma once

#include <cstdint>
#include <string_view>

#include "qpack/string_literal.h"

namespace quasar::qpack {

struct PlannedLine {
  enum class Kind : uint8_t {
    kStaticIndexed,       // §4.5.2 with T=1
    kDynamicIndexed,      // §4.5.2 with T=0, or §4.5.3 post-base
    kStaticNameLiteral,   // §4.5.4 with T=1
    kDynamicNameLiteral,  // §4.5.4 with T=0, or §4.5.5 post-base
    kLiteralName,         // §4.5.6
  };
  Kind kind = Kind::kLiteralName;
  bool never_index = false;
  uint64_t index = 0;  // static index, or absolute index of the dynamic entry
  std::string_view name;
  std::string_view value;
  StringEncoding name_encoding;
  StringEncoding value_encoding;

  bool dynamic() const {
    return kind == Kind::kDynamicIndexed || kind == Kind::kDynamicNameLiteral;
  }
};

}  // namespace quasar::qpack
