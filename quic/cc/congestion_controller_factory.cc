// make_congestion_controller: the table of known algorithms.
#include "quic/cc/congestion_controller_factory.h"

#include <array>

#include "quic/cc/bbr2/bbr2.h"
#include "quic/cc/cubic.h"
#include "quic/cc/new_reno.h"

namespace quasar {

namespace {
// "bbr" names the newest BBR this build has: BBRv2 as draft-ietf-ccwg-bbr specifies it.
constexpr std::array<std::string_view, 4> kNames = {"newreno", "cubic", "bbr2", "bbr"};
}  // namespace

std::unique_ptr<CongestionController> make_congestion_controller(
    std::string_view name, const CongestionControlConfig& config) {
  if (name == "newreno") return std::make_unique<NewReno>(config);
  if (name == "cubic") return std::make_unique<Cubic>(config);
  if (name == "bbr2" || name == "bbr") return std::make_unique<Bbr2>(config);
  return nullptr;
}

std::span<const std::string_view> congestion_controller_names() { return kNames; }

}  // namespace quasar
