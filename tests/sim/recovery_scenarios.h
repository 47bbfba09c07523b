// The loss recovery and congestion control scenarios (quic-interop-runner's shapes and more),
// each a function of the seed so that CI runs them with one seed and the long run with many.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crypto/self_signed_certificate.h"
#include "quic/sim/scenario/scenario.h"

namespace quasar::sim::scenarios {

inline ScenarioResult run(const ScenarioConfig& config) {
  ScenarioResult r = run_scenario(config);
  UNSCOPED_INFO("seed " << config.seed << ": " << r.to_json());
  return r;
}

// 50 sequential 1 KB downloads, each on its own connection, through heavy handshake damage.
inline void handshake_damage(uint64_t seed, bool corruption) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1000;
  c.sequential_connections = 50;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 10;
  if (corruption) {
    c.corrupt = 0.3;
  } else {
    c.loss = 0.3;
    c.loss_burst = 3;
  }
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  CHECK(r.handshakes == 50);
}

inline void transfer_damage(uint64_t seed, bool corruption) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 2'000'000;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 20;
  (corruption ? c.corrupt : c.loss) = 0.02;
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  CHECK(r.packets_lost > 0);
}

// 10 MB while the path goes dead for 2 s every 5 s.
inline void blackhole(uint64_t seed) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 10'000'000;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 20;
  c.blackholes.push_back(
      {Duration::from_seconds(1), Duration::from_seconds(2), Duration::from_seconds(5)});
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  CHECK(r.handshakes == 1);
}

// A 1.5 s round trip: the client's first PTO fires before the server can answer.
inline void long_rtt(uint64_t seed) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 100'000;
  c.rtt = Duration::from_millis(1500);
  c.bandwidth_mbps = 10;
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  CHECK(r.handshakes == 1);
  // The first Initial, its retransmission(s), then ACKs: more than two Initial packets.
  CHECK(r.client_initial_packets >= 3);
  CHECK(r.pto_count >= 1);
}

// A certificate large enough that the server's flight is far more than 3x the client's
// Initial, and the client's datagrams 2 to 7 lost: the server must wait at the limit.
inline const PemCertificate& large_certificate() {
  static const PemCertificate cert = [] {
    SelfSignedCertificateOptions options;
    for (int i = 0; i < 300; ++i) {
      options.dns_names.push_back("server-" + std::to_string(i) + ".quasar.example");
    }
    auto generated = generate_self_signed_certificate(options);
    REQUIRE(generated.ok());
    return *generated;
  }();
  return cert;
}

inline void amplification(uint64_t seed) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 10'000;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 10;
  c.server_certificate_chain_pem = large_certificate().certificate_pem;
  c.server_private_key_pem = large_certificate().private_key_pem;
  c.drop_client_packets = {{2, 7}};
  REQUIRE(c.server_certificate_chain_pem.size() > 7500 * 4 / 3);  // PEM of > 7500 DER bytes
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  CHECK(r.amplification_limit_exceeded == 0);
}

// Jitter reorders datagrams a few milliseconds apart; adaptive thresholds keep spurious
// retransmissions rare.
inline void reordering(uint64_t seed) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 5'000'000;
  c.rtt = Duration::from_millis(40);
  c.bandwidth_mbps = 100;
  c.jitter = Duration::from_millis(5);
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  CHECK(static_cast<double>(r.spurious_losses) < 0.01 * static_cast<double>(r.packets_sent));
}

// One flow on a 10 Mbit/s, 60 ms, one-BDP bottleneck: goodput over the last 20 s of 30 s.
inline void utilisation(uint64_t seed, const std::string& cc, double minimum) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(60);
  c.bandwidth_mbps = 10;
  c.duration = Duration::from_seconds(30);
  c.measure_window = Duration::from_seconds(20);
  c.transport.congestion_control = cc;
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  REQUIRE(r.flows.size() == 1);
  CHECK(r.flows[0] >= minimum * 10);
}

// Two CUBIC flows through 20 Mbit/s for 30 s share it fairly over the last 10 s.
inline void fairness(uint64_t seed) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(40);
  c.bandwidth_mbps = 20;
  c.competing_flows = 2;
  c.duration = Duration::from_seconds(30);
  c.measure_window = Duration::from_seconds(10);
  const ScenarioResult r = run(c);
  CHECK(r.ok);
  CHECK(r.jain_index >= 0.9);
}

// ECN: CE marks shrink the window like losses do; a bleaching path disables ECN and the
// transfer still completes.
inline void ecn(uint64_t seed) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 3'000'000;
  c.ecn = true;
  const ScenarioResult clean = run(c);
  CHECK(clean.ok);
  CHECK(clean.server_ecn_state == "capable");
  c.ce_probability = 0.01;
  const ScenarioResult marked = run(c);
  CHECK(marked.ok);
  CHECK(marked.ce_marks > 0);
  CHECK(marked.server_ecn_state == "capable");
  CHECK(marked.max_cwnd < clean.max_cwnd / 2);
  c.ce_probability = 0;
  c.bleach_ecn = true;
  const ScenarioResult bleached = run(c);
  CHECK(bleached.ok);
  CHECK(bleached.server_ecn_state == "failed");
}

}  // namespace quasar::sim::scenarios
