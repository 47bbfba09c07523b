// QIF, the QPACK interop format: header lists as text, one `name<TAB>value` field line per
// line, lists separated by an empty line, `#` starting a comment line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quasar::qpack::offline {

struct HeaderField {
  std::string name;
  std::string value;
  friend bool operator==(const HeaderField&, const HeaderField&) = default;
};
using HeaderList = std::vector<HeaderField>;

// Parses QIF text. A line without a tab is a name with an empty value; consecutive empty
// lines do not make empty lists.
std::vector<HeaderList> parse_qif(std::string_view text);

// Formats header lists as QIF: each list's lines, then an empty line.
std::string format_qif(const std::vector<HeaderList>& lists);

}  // namespace quasar::qpack::offline
