// Scenario: one simulated transfer between a quasar client and server — the network, the
// endpoints and their applications set up from a ScenarioConfig — and its outcome. quasar-sim
// and the simulator tests run these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/cipher_suite.h"
#include "quic/base/time.h"
#include "quic/conn/transport_settings.h"

namespace quasar::sim {

struct ScenarioConfig {
  // --- the transfer ---
  uint64_t size = 1'000'000;  // bytes per stream
  size_t streams = 1;
  bool download = true;
  size_t sequential_connections = 1;
  // --- the path (symmetric) ---
  Duration rtt = Duration::from_millis(40);
  double bandwidth_mbps = 100;  // 0: unlimited
  size_t queue_packets = 0;     // 0: one bandwidth-delay product (at least 16)
  double loss = 0;
  size_t loss_burst = 0;  // at most this many consecutive random drops; 0: no cap
  double reorder = 0;
  double duplicate = 0;
  double corrupt = 0;
  // --- run control ---
  uint64_t seed = 1;
  Duration time_limit = Duration::from_seconds(300);
  std::string qlog_dir;  // empty: no qlog
  // The null cipher and the deterministic fake TLS instead of BoringSSL: byte-identical runs
  // for identical seeds (crypto/testing; simulation only).
  bool null_crypto = false;
  // Restricts the server to one TLS cipher suite (default: any).
  std::optional<CipherSuite> cipher;
  // Hash every datagram's trace record (result.trace_digest).
  bool trace = false;
  // --- both endpoints ---
  TransportSettings transport;
};

struct ScenarioResult {
  bool ok = false;  // every stream arrived and matched
  uint64_t bytes = 0;
  bool sha256_match = false;
  Duration virtual_time;
  size_t handshakes = 0;
  uint64_t packets_sent = 0;
  uint64_t packets_lost = 0;
  uint64_t retransmitted_bytes = 0;
  uint64_t spurious_losses = 0;
  uint64_t pto_count = 0;
  uint64_t max_cwnd = 0;
  double srtt_ms = 0;
  double min_rtt_ms = 0;
  uint64_t ack_frames_sent = 0;
  uint64_t ack_frames_received = 0;
  double goodput_mbps = 0;
  uint64_t seed = 0;
  uint64_t trace_digest = 0;  // when config.trace: identical runs give identical digests
  std::string cipher_suite;   // negotiated by the last connection
  std::string error;          // why it failed, if it did

  // One JSON object on a single line.
  std::string to_json() const;
};

// An error message if the configuration cannot be run (before anything starts).
std::optional<std::string> validate(const ScenarioConfig& config);

ScenarioResult run_scenario(const ScenarioConfig& config);

}  // namespace quasar::sim
