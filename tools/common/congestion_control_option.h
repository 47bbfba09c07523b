// The --cc option of the tools: the congestion controllers this build's factory knows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quasar::tools {

// "newreno, cubic or bbr2", as make_congestion_controller() accepts them.
std::string congestion_control_choices();
// Sets `out` to `value` when the factory knows it; an error message otherwise.
std::optional<std::string> parse_congestion_control(std::string_view value, std::string& out);

}  // namespace quasar::tools
