// Transport features over the simulated network with real TLS (label `sim`): key update,
// and the paths, versions and address validation that interop tests exercise.
#include <catch2/catch.hpp>

#include "quic/sim/scenario/scenario.h"
#include "quic/wire/version.h"

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

TEST_CASE("sim: Retry, then the transfer", "[features]") {
  ScenarioConfig c = base_config();
  c.retry = true;
  c.loss = 0.02;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.retries_received == 1);
  CHECK(r.retries_sent >= 1);
  CHECK(r.handshakes == 1);
}

TEST_CASE("sim: Version Negotiation round trip, then the transfer", "[features]") {
  ScenarioConfig c = base_config();
  c.vn = true;
  c.loss = 0.02;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.version_negotiations == 1);
  CHECK(r.version == quasar::kQuicVersion1);
  CHECK(r.handshakes == 1);
}

TEST_CASE("sim: the server upgrades a v1 client to v2; a resumed connection starts in v2",
          "[features]") {
  ScenarioConfig c = base_config();
  c.v2 = true;
  c.resume = true;
  c.zero_rtt = true;
  c.size = 200'000;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.version == quasar::kQuicVersion2);
  CHECK(r.version_negotiations == 0);
  CHECK(r.resumed == 1);
  CHECK(r.zero_rtt_accepted == 1);
}

TEST_CASE("sim: the client moves to the server's preferred address during the transfer",
          "[features]") {
  ScenarioConfig c = base_config();
  c.preferred_address = true;
  c.size = 5'000'000;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.on_preferred_address);
  CHECK(r.client_path_changes == 1);
  CHECK(r.server_path_changes == 1);
  CHECK(r.path_validations_failed == 0);
}

TEST_CASE("sim: resumption without a certificate, then 0-RTT accepted and rejected", "[features]") {
  ScenarioConfig c = base_config();
  c.size = 200'000;
  c.resume = true;
  ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.handshakes == 2);
  CHECK(r.resumed == 1);
  CHECK(r.zero_rtt_sent_bytes == 0);

  c.zero_rtt = true;
  r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.resumed == 1);
  CHECK(r.zero_rtt_accepted == 1);
  CHECK(r.zero_rtt_sent_bytes > 0);

  c.zero_rtt_reject = true;
  r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);  // rejected 0-RTT data arrives anyway, in 1-RTT
  CHECK(r.resumed == 1);
  CHECK(r.zero_rtt_accepted == 0);
  CHECK(r.zero_rtt_sent_bytes > 0);
}

TEST_CASE("sim: NAT rebinding every 5 s during a 10 MB transfer", "[features]") {
  for (bool new_address : {false, true}) {
    ScenarioConfig c = base_config();
    c.size = 10'000'000;
    c.bandwidth_mbps = 5;  // about 17 s
    c.rebind_at = {Duration::from_seconds(5), Duration::from_seconds(10),
                   Duration::from_seconds(15)};
    c.rebind_address = new_address;
    const ScenarioResult r = run_scenario(c);
    INFO(r.to_json());
    CHECK(r.ok);
    CHECK(r.sha256_match);
    CHECK(r.server_path_changes == 3);  // each new path challenged and validated
    CHECK(r.path_validations_failed == 0);
  }
}

TEST_CASE("sim: the client migrates to a new address with a new connection ID", "[features]") {
  ScenarioConfig c = base_config();
  c.size = 5'000'000;
  c.migrate_at = Duration::from_millis(400);
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.client_path_changes == 1);
  CHECK(r.server_path_changes == 1);
  CHECK(r.path_validations_failed == 0);
}

}  // namespace
}  // namespace quasar::sim
