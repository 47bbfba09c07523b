// RFC 9221 datagrams and path MTU discovery (RFC 8899, RFC 9000 §14.3) end to end over the
// simulated network (label `sim`), as quasar-sim --datagrams and --mtu run them.
#include <catch2/catch.hpp>

#include "quic/sim/scenario/scenario.h"

namespace quasar::sim {
namespace {

ScenarioConfig base_config() {
  ScenarioConfig c;
  c.size = 300'000;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 20;
  c.null_crypto = true;
  return c;
}

TEST_CASE("sim: datagrams alongside a download all arrive on a clean path", "[datagram]") {
  ScenarioConfig c = base_config();
  c.datagrams = 100;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.datagrams_sent == 100);
  CHECK(r.datagrams_received == 100);
  CHECK(r.datagrams_lost == 0);
  CHECK(r.datagrams_duplicated == 0);
  CHECK(r.datagrams_corrupt == 0);
  CHECK(r.to_json().find("\"datagrams_received\":100") != std::string::npos);
}

TEST_CASE("sim: lost datagrams are counted and never resent; the download completes",
          "[datagram]") {
  ScenarioConfig c = base_config();
  c.datagrams = 200;
  c.loss = 0.05;
  c.seed = 3;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.sha256_match);
  // Each sent once, lost or not, unless the congestion window held the queue back so long that
  // its oldest had to go.
  CHECK(r.datagrams_sent + r.datagrams_dropped == 200);
  CHECK(r.datagrams_sent >= 150);
  CHECK(r.datagrams_lost > 0);
  CHECK(r.datagrams_received + r.datagrams_lost == r.datagrams_sent);
  CHECK(r.datagrams_duplicated == 0);
  CHECK(r.datagrams_corrupt == 0);
}

TEST_CASE("sim: a 1500-byte path MTU is found", "[pmtu]") {
  ScenarioConfig c = base_config();
  c.mtu = 1500;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.pmtu >= 1472);
  CHECK(r.pmtu <= 1500 - 28);
  CHECK(r.to_json().find("\"pmtu\":1472") != std::string::npos);
}

TEST_CASE("sim: a 1300-byte path MTU stops the search below it", "[pmtu]") {
  ScenarioConfig c = base_config();
  c.size = 3'000'000;  // long enough for the whole search
  c.mtu = 1300;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.pmtu <= 1300 - 28);
  CHECK(r.pmtu > 1200);
  CHECK(r.pmtu_probes_lost > 0);
  CHECK(r.pmtu_black_holes == 0);
}

TEST_CASE("sim: a path MTU dropping to 1250 mid-transfer falls back and completes", "[pmtu]") {
  ScenarioConfig c = base_config();
  c.size = 2'000'000;
  c.mtu = 1500;
  c.mtu_changes.push_back({Duration::from_millis(400), 1250});
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.sha256_match);
  CHECK(r.pmtu_black_holes >= 1);
  CHECK(r.pmtu >= 1200);
  CHECK(r.pmtu <= 1250 - 28);
}

TEST_CASE("sim: datagrams and PMTU discovery together on a lossy 1400-byte path",
          "[datagram][pmtu]") {
  ScenarioConfig c = base_config();
  c.datagrams = 100;
  c.mtu = 1400;
  c.loss = 0.02;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.pmtu <= 1400 - 28);
  CHECK(r.datagrams_received + r.datagrams_lost == r.datagrams_sent);
  CHECK(r.datagrams_sent + r.datagrams_dropped == 100);
  CHECK(r.datagrams_duplicated == 0);
}

}  // namespace
}  // namespace quasar::sim
