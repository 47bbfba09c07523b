// Scenario: simulated transfers between quasar clients and a quasar server — the network, the
// endpoints and their applications set up from a ScenarioConfig — and their outcome. quasar-sim
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

// A period in which the path drops everything, both ways.
struct BlackholeSpec {
  Duration start;
  Duration duration;
  Duration period = Duration::zero();  // repeat every `period` if positive
};

// From `at` on, the bottleneck runs at `mbps` (both directions).
struct RateChange {
  Duration at;
  double mbps = 0;
};

// One sample of the first flow's sender, taken every ScenarioConfig::sample_interval.
struct SenderSample {
  double time_ms = 0;
  uint64_t congestion_window = 0;
  uint64_t bytes_in_flight = 0;
  double pacing_rate_mbps = 0;
  double bandwidth_estimate_mbps = 0;
  double smoothed_rtt_ms = 0;
  double min_rtt_ms = 0;
  uint64_t bytes_delivered = 0;  // to the receiving application so far
  std::string cc_state;
};

// From `at` on, the path's MTU is `mtu` bytes (both directions).
struct MtuChange {
  Duration at;
  size_t mtu = 0;
};

// Datagrams of one direction to drop for sure, by 1-based index ([first, last]).
struct DropRange {
  uint64_t first = 1;
  uint64_t last = 1;
};

struct ScenarioConfig {
  // --- the transfer ---
  uint64_t size = 1'000'000;  // bytes per stream
  size_t streams = 1;
  bool download = true;
  size_t sequential_connections = 1;
  // Flows running at once over the same bottleneck, each a client and its own server.
  size_t competing_flows = 1;
  // Congestion control of flow i's endpoints, overriding transport.congestion_control.
  std::vector<std::string> flow_congestion_control;
  // The sending application writes no faster than this (Mbit/s; 0: as fast as it can).
  double app_rate_mbps = 0;
  // RFC 9221: each client connection sends this many 1000-byte datagrams, one every 2 ms,
  // alongside the transfer; the server counts and checks them. Both sides offer DATAGRAM.
  size_t datagrams = 0;
  // --- the path (symmetric; shared by every flow) ---
  Duration rtt = Duration::from_millis(40);
  double bandwidth_mbps = 100;  // 0: unlimited
  size_t queue_packets = 0;     // 0: one bandwidth-delay product (at least 16)
  double loss = 0;
  size_t loss_burst = 0;  // at most this many consecutive random drops; 0: no cap
  double reorder = 0;
  Duration jitter = Duration::zero();
  double duplicate = 0;
  double corrupt = 0;
  std::vector<BlackholeSpec> blackholes;
  std::vector<RateChange> rate_changes;
  // The servers demand address validation with a Retry (RFC 9000 §8.1.2).
  bool retry = false;
  // Versions. v2: the clients start in v1 offering v2 too, and the servers, preferring v2,
  // upgrade them (compatible version negotiation, RFC 9368 §4, RFC 9369). vn: the clients start
  // in v2, which the servers do not speak, and learn v1 from Version Negotiation (RFC 9000 §6).
  bool v2 = false;
  bool vn = false;
  // The servers offer a second address in preferred_address; clients move there after the
  // handshake (RFC 9000 §9.6).
  bool preferred_address = false;
  // A second connection resumes the first's session; with zero_rtt it sends its requests in
  // 0-RTT, which the server accepts unless zero_rtt_reject.
  bool resume = false;
  bool zero_rtt = false;
  bool zero_rtt_reject = false;
  // NAT rebindings of the clients' addresses: a new port each time, and with rebind_address a
  // new IP address too (RFC 9000 §9.3).
  std::vector<Duration> rebind_at;
  bool rebind_address = false;
  // The clients migrate to a new local address at this time (RFC 9000 §9.2).
  std::optional<Duration> migrate_at;
  // The path MTU in bytes, IPv4 headers included: UDP payloads above mtu - 28 are dropped
  // (a PMTU black hole); 0: unlimited. mtu_changes change it during the run.
  size_t mtu = 0;
  std::vector<MtuChange> mtu_changes;
  // The servers forget their connections at this time (a restart); clients should hear a
  // stateless reset (RFC 9000 §10.3).
  std::optional<Duration> stateless_reset_at;
  std::vector<DropRange> drop_client_packets;  // client -> server
  std::vector<DropRange> drop_server_packets;  // server -> client
  // ECN: the endpoints mark ECT(0) (and validate, RFC 9000 §13.4); the bottleneck marks CE
  // with this probability; a bleaching path resets every codepoint.
  bool ecn = false;
  double ce_probability = 0;
  bool bleach_ecn = false;
  // --- run control ---
  uint64_t seed = 1;
  Duration time_limit = Duration::from_seconds(300);
  // When positive, the run lasts exactly this long (transfers need not finish) and flow
  // goodput is measured over its last `measure_window`.
  Duration duration = Duration::zero();
  Duration measure_window = Duration::from_seconds(10);
  // Sample flow `sample_flow`'s sender this often (zero: never); result.samples.
  Duration sample_interval = Duration::zero();
  size_t sample_flow = 0;
  std::string qlog_dir;  // empty: no qlog
  // The null cipher and the deterministic fake TLS instead of BoringSSL: byte-identical runs
  // for identical seeds (crypto/testing; simulation only).
  bool null_crypto = false;
  // Restricts the server to one TLS cipher suite (default: any).
  std::optional<CipherSuite> cipher;
  // The server's certificate chain and key (PEM); default: a self-signed certificate.
  std::string server_certificate_chain_pem;
  std::string server_private_key_pem;
  // Hash every datagram's trace record (result.trace_digest).
  bool trace = false;
  // --- both endpoints ---
  TransportSettings transport;
  // The clients' settings, when they differ from the servers'.
  std::optional<TransportSettings> client_transport;
};

struct ScenarioResult {
  bool ok = false;  // every stream arrived and matched (or, with a duration, every flow moved)
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
  uint64_t key_updates = 0;  // key phase changes the receiving side saw
  uint64_t client_key_updates_initiated = 0;
  uint64_t stateless_resets_sent = 0;  // by the servers
  uint64_t retries_sent = 0;           // by the servers
  uint64_t retries_received = 0;       // acted on by the clients
  uint64_t version_negotiations = 0;   // Version Negotiation packets the clients acted on
  uint32_t version = 0;                // QUIC version of the last client connection
  bool preferred_address = false;      // the servers offered one
  bool on_preferred_address = false;   // the first flow's last client ended up there
  size_t resumed = 0;                  // connections that resumed a session
  uint64_t client_path_changes = 0;
  uint64_t server_path_changes = 0;
  uint64_t path_validations_failed = 0;
  uint64_t zero_rtt_sent_bytes = 0;  // STREAM payload the clients sent in 0-RTT
  size_t zero_rtt_accepted = 0;      // connections whose 0-RTT the server accepted
  uint64_t server_key_updates_initiated = 0;
  uint64_t ack_frames_sent = 0;
  uint64_t ack_frames_received = 0;
  double goodput_mbps = 0;
  // Per flow, over the measurement window when the run has a duration; Jain's fairness index.
  std::vector<double> flows;
  std::vector<uint64_t> flow_losses;  // packets each flow's sender declared lost
  double jain_index = 1;
  bool windowed = false;  // flows were measured over the run's last window
  // Base RTT plus the mean queueing delay the bottleneck added, both directions.
  double mean_rtt_ms = 0;
  std::vector<SenderSample> samples;
  uint64_t seed = 0;
  uint64_t client_initial_packets = 0;
  uint64_t amplification_limit_exceeded = 0;
  std::string server_ecn_state;  // "testing", "unknown", "capable" or "failed"
  uint64_t ce_marks = 0;         // CE marks the bottleneck applied
  uint64_t trace_digest = 0;     // when config.trace: identical runs give identical digests
  std::string cipher_suite;      // negotiated by the last connection
  // RFC 9221 (with config.datagrams): DATAGRAM frames the clients sent and declared lost, and
  // datagrams the servers received intact (once each), again, or damaged.
  bool has_datagrams = false;
  uint64_t datagrams_sent = 0;
  uint64_t datagrams_received = 0;
  uint64_t datagrams_lost = 0;
  uint64_t datagrams_dropped = 0;  // the oldest of a full send queue
  uint64_t datagrams_duplicated = 0;
  uint64_t datagrams_corrupt = 0;
  // Path MTU discovery: the last server connection's final max datagram size, and over the
  // servers' connections probes lost and black-hole fallbacks.
  uint64_t pmtu = 0;
  uint64_t pmtu_probes_lost = 0;
  uint64_t pmtu_black_holes = 0;
  std::string error;  // why it failed, if it did

  // One JSON object on a single line.
  std::string to_json() const;
};

// An error message if the configuration cannot be run (before anything starts).
std::optional<std::string> validate(const ScenarioConfig& config);

ScenarioResult run_scenario(const ScenarioConfig& config);

// Jain's fairness index: (sum x)^2 / (n * sum x^2); 1 for equal shares.
double jain_index(const std::vector<double>& shares);

}  // namespace quasar::sim
