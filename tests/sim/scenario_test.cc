// quasar endpoints over the simulated network: handshakes with real TLS per cipher suite,
// transfers both ways, impaired paths, and determinism (label `sim`).
#include <catch2/catch.hpp>

#include "quic/sim/scenario/scenario.h"

namespace quasar::sim {
namespace {

ScenarioConfig base_config() {
  ScenarioConfig c;
  c.size = 200'000;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 20;
  return c;
}

// BoringSSL negotiates AES-128-GCM between two of its own endpoints on a CPU with AES
// instructions; ChaCha20-Poly1305 is covered by a quasar-sim run with AES instructions masked
// (tests/sim/CMakeLists.txt), AES-256-GCM by the crypto tests' own TLS client.
TEST_CASE("sim: a download completes with real TLS and AES-128-GCM", "[scenario]") {
  ScenarioConfig c = base_config();
  c.cipher = CipherSuite::kAes128GcmSha256;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.sha256_match);
  CHECK(r.handshakes == 1);
  CHECK(r.cipher_suite == "TLS_AES_128_GCM_SHA256");
}

TEST_CASE("sim: uploads and downloads on several streams", "[scenario]") {
  for (bool download : {true, false}) {
    ScenarioConfig c = base_config();
    c.download = download;
    c.streams = 8;
    c.size = 50'000;
    const ScenarioResult r = run_scenario(c);
    INFO(r.to_json());
    CHECK(r.ok);
    CHECK(r.bytes == 8 * 50'000);
  }
}

TEST_CASE("sim: empty streams and one-byte streams", "[scenario]") {
  for (uint64_t size : {uint64_t{0}, uint64_t{1}}) {
    ScenarioConfig c = base_config();
    c.size = size;
    c.streams = 3;
    const ScenarioResult r = run_scenario(c);
    INFO(r.to_json());
    CHECK(r.ok);
    CHECK(r.bytes == 3 * size);
  }
}

TEST_CASE("sim: sequential connections each complete their own handshake", "[scenario]") {
  ScenarioConfig c = base_config();
  c.size = 10'000;
  c.sequential_connections = 5;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.handshakes == 5);
  CHECK(r.bytes == 5 * 10'000);
}

TEST_CASE("sim: the bottleneck bounds goodput and the transfer uses most of it", "[scenario]") {
  ScenarioConfig c = base_config();
  c.size = 3'000'000;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  REQUIRE(r.ok);
  CHECK(r.goodput_mbps < 20);
  CHECK(r.goodput_mbps > 10);
  CHECK(r.min_rtt_ms >= 30);
}

TEST_CASE("sim: a transfer survives loss, reordering, duplication and corruption", "[scenario]") {
  ScenarioConfig c = base_config();
  c.size = 500'000;
  c.loss = 0.02;
  c.reorder = 0.02;
  c.duplicate = 0.02;
  c.corrupt = 0.02;
  const ScenarioResult r = run_scenario(c);
  INFO(r.to_json());
  CHECK(r.ok);
  CHECK(r.packets_lost > 0);
  CHECK(r.retransmitted_bytes > 0);
}

TEST_CASE("sim: identical seeds give byte-identical runs with the null cipher", "[scenario]") {
  ScenarioConfig c = base_config();
  c.null_crypto = true;
  c.trace = true;
  c.loss = 0.01;
  c.seed = 11;
  const ScenarioResult a = run_scenario(c);
  const ScenarioResult b = run_scenario(c);
  INFO(a.to_json());
  REQUIRE(a.ok);
  CHECK(a.trace_digest == b.trace_digest);
  CHECK(a.to_json() == b.to_json());
  c.seed = 12;
  const ScenarioResult other = run_scenario(c);
  CHECK(other.ok);
  CHECK(other.trace_digest != a.trace_digest);
}

TEST_CASE("sim: real TLS runs with the same seed agree on what was delivered", "[scenario]") {
  ScenarioConfig c = base_config();
  c.seed = 5;
  const ScenarioResult a = run_scenario(c);
  const ScenarioResult b = run_scenario(c);
  CHECK(a.ok);
  CHECK(b.ok);
  CHECK(a.bytes == b.bytes);
  CHECK(a.handshakes == b.handshakes);
}

TEST_CASE("sim: a transfer that cannot finish in time reports it", "[scenario]") {
  ScenarioConfig c = base_config();
  c.size = 10'000'000;
  c.time_limit = Duration::from_millis(500);
  const ScenarioResult r = run_scenario(c);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "time limit reached");
  CHECK(r.to_json().find("\"ok\":false") != std::string::npos);
}

}  // namespace
}  // namespace quasar::sim
