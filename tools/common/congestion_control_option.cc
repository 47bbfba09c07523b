// congestion_control_choices() and parse_congestion_control().
#include "tools/common/congestion_control_option.h"

#include "quic/cc/congestion_controller_factory.h"

namespace quasar::tools {

std::string congestion_control_choices() {
  const auto names = congestion_controller_names();
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text;
}

std::optional<std::string> parse_congestion_control(std::string_view value, std::string& out) {
  for (std::string_view name : congestion_controller_names()) {
    if (name == value) {
      out = value;
      return std::nullopt;
    }
  }
  return "expected " + congestion_control_choices();
}

}  // namespace quasar::tools
