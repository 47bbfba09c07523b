// make_congestion_controller: picks a congestion control algorithm by name per connection.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "quic/cc/congestion_control_config.h"
#include "quic/cc/congestion_controller.h"

namespace quasar {

// "newreno", "cubic" or "bbr2" (also "bbr"); nullptr for a name this build does not know.
std::unique_ptr<CongestionController> make_congestion_controller(
    std::string_view name, const CongestionControlConfig& config = {});

// The names make_congestion_controller() accepts.
std::span<const std::string_view> congestion_controller_names();

}  // namespace quasar
