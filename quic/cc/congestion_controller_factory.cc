// make_congestion_controller: the table of known algorithms.
#include "quic/cc/congestion_controller_factory.h"

#include <array>

#include "quic/cc/cubic.h"
#include "quic/cc/new_reno.h"

namespace quasar {

namespace {
constexpr std::array<std::string_view, 2> kNames = {"newreno", "cubic"};
}  // namespace

std::unique_ptr<CongestionController> make_congestion_controller(
    std::string_view name, const CongestionControlConfig& config) {
  if (name == "newreno") return std::make_unique<NewReno>(config);
  if (name == "cubic") return std::make_unique<Cubic>(config);
  return nullptr;
}

std::span<const std::string_view> congestion_controller_names() { return kNames; }

}  // namespace quasar
