// QIF parsing and formatting.
#include "tools/qpack/qif.h"

namespace quasar::qpack::offline {

std::vector<HeaderList> parse_qif(std::string_view text) {
  std::vector<HeaderList> lists;
  HeaderList current;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) {
      if (!current.empty()) lists.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (line.front() == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      current.push_back({std::string(line), std::string()});
    } else {
      current.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
    }
  }
  if (!current.empty()) lists.push_back(std::move(current));
  return lists;
}

std::string format_qif(const std::vector<HeaderList>& lists) {
  std::string out;
  for (const HeaderList& list : lists) {
    for (const HeaderField& field : list) {
      out += field.name;
      out += '\t';
      out += field.value;
      out += '\n';
    }
    out += '\n';
  }
  return out;
}

}  // namespace quasar::qpack::offline
