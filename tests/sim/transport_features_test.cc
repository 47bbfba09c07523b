// Transport features over the simulated network with real TLS (label `sim`): key update,
// and the paths, versions and address validation that interop tests exercise.
#include <catch2/catch.hpp>

#include "quic/sim/scenario/scenario.h"

namespace quasar::sim {
namespace {

ScenarioConfig base_config() {
  ScenarioConfig c;
  c.size = 1'000'000;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 50;
  return c;
}

TEST_CASE("sim: both sides update keys repeatedly during a 10 MB transfer with reordering",
          "[features]") {
  ScenarioConfig c = base_config();
  c.size = 10'000'000;
  c.bandwidth_mbps = 100;
  c.reorder = 0.01;
  c.transport.key_update_interval_packets = 300;
  // The client sends mostly ACKs, one per two of the server's packets: sized for 1200-byte
  // packets (path MTU discovery makes fewer, larger ones, and fewer ACKs).
  c.transport.pmtu_discovery = false;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.sha256_match);
  CHECK(r.client_key_updates_initiated >= 5);
  CHECK(r.server_key_updates_initiated >= 5);
}

TEST_CASE("sim: a stateless reset ends the client promptly", "[features]") {
  ScenarioConfig c = base_config();
  c.size = 50'000'000;
  c.stateless_reset_at = Duration::from_millis(500);
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK_FALSE(r.ok);
  CHECK(r.stateless_resets_sent >= 1);
  CHECK(r.error.find("stateless reset") != std::string::npos);
  // The client's next packet draws the reset: it ends within about one round trip (plus
  // queueing at the bottleneck).
  CHECK(r.virtual_time >= Duration::from_millis(500));
  CHECK(r.virtual_time <= Duration::from_millis(500) + c.rtt * 4);
}

}  // namespace
}  // namespace quasar::sim
