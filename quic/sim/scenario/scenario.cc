// run_scenario: builds the simulated network and endpoints, runs the transfer, checks digests
// and collects statistics.
#include "quic/sim/scenario/scenario.h"

#include <cmath>
#include <filesystem>
#include <memory>

#include "crypto/self_signed_certificate.h"
#include "crypto/testing/fake_tls_session.h"
#include "crypto/testing/null_packet_protection.h"
#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"
#include "quic/qlog/json_builder.h"
#include "quic/qlog/qlog_file_writer.h"
#include "quic/sim/scenario/transfer_app.h"
#include "quic/sim/simulator.h"

namespace quasar::sim {

namespace {

const SocketAddress kClientAddress = *SocketAddress::parse("10.0.0.1:50000");
const SocketAddress kServerAddress = *SocketAddress::parse("10.0.0.2:443");
constexpr char kAlpn[] = "quasar-sim";
// Bytes of IPv4 + UDP headers each datagram occupies on the simulated wire.
constexpr size_t kPacketOverhead = 28;

// One certificate per process: generating keys is slow and the simulation does not need fresh
// ones.
const PemCertificate& certificate() {
  static const PemCertificate cert = [] {
    auto c = generate_self_signed_certificate();
    if (!c.ok()) std::abort();
    return *c;
  }();
  return cert;
}

LinkConfig link_config(const ScenarioConfig& c) {
  LinkConfig link;
  link.delay = c.rtt / 2;
  link.per_datagram_overhead = kPacketOverhead;
  if (c.bandwidth_mbps > 0) {
    link.rate = Bandwidth::from_mbps(c.bandwidth_mbps);
    size_t queue = c.queue_packets;
    if (queue == 0) {
      const uint64_t bdp_bytes = link.rate.bytes_in(c.rtt);
      queue = std::max<size_t>(16, static_cast<size_t>(bdp_bytes / 1250));
    }
    link.queue_limit_packets = queue;
  }
  link.loss.rate = c.loss;
  if (c.loss_burst > 0) link.loss.max_burst = c.loss_burst;
  link.reorder_probability = c.reorder;
  link.reorder_delay = c.rtt / 8;
  link.duplicate_probability = c.duplicate;
  link.corrupt_probability = c.corrupt;
  return link;
}

// Keeps every qlog file of a run open until it ends.
class QlogFiles {
 public:
  explicit QlogFiles(std::string dir) : dir_(std::move(dir)) {}
  QlogSink* open(Role role, const ConnectionId& odcid) {
    if (dir_.empty()) return nullptr;
    const std::string path = dir_ + "/" + role_name(role) + "-" + odcid.to_hex() + "-" +
                             std::to_string(files_.size()) + ".sqlog";
    auto writer = QlogFileWriter::open(path, role_name(role), odcid.to_hex(), nullptr);
    if (!writer) return nullptr;
    files_.push_back(std::move(writer));
    return files_.back().get();
  }

 private:
  std::string dir_;
  std::vector<std::unique_ptr<QlogFileWriter>> files_;
};

// Deterministic stand-ins for TLS and packet protection.
void use_null_crypto(EndpointConfig& server, EndpointConfig& client) {
  server.key_factory = client.key_factory = &null_packet_key_factory();
  server.server_tls = [](const TlsServerSessionParams& p) -> Result<std::unique_ptr<TlsSession>> {
    FakeTlsConfig fake;
    fake.alpn = {kAlpn};
    fake.transport_parameters = p.transport_parameters;
    return std::unique_ptr<TlsSession>(FakeTlsSession::server(fake));
  };
  client.client_tls = [](const TlsClientSessionParams& p) -> Result<std::unique_ptr<TlsSession>> {
    FakeTlsConfig fake;
    fake.alpn = {kAlpn};
    fake.transport_parameters = p.transport_parameters;
    return std::unique_ptr<TlsSession>(FakeTlsSession::client(fake));
  };
}

}  // namespace

std::optional<std::string> validate(const ScenarioConfig& c) {
  if (c.streams == 0) return "--streams must be at least 1";
  if (c.sequential_connections == 0) return "--sequential must be at least 1";
  if (c.rtt < Duration::zero()) return "--rtt must not be negative";
  if (c.bandwidth_mbps < 0) return "--bandwidth must not be negative";
  for (double p : {c.loss, c.reorder, c.duplicate, c.corrupt}) {
    if (!(p >= 0 && p < 1)) return "probabilities must be in [0, 1)";
  }
  if (c.time_limit <= Duration::zero()) return "--time-limit-ms must be positive";
  if (auto e = c.transport.validate(true)) return *e;
  return std::nullopt;
}

ScenarioResult run_scenario(const ScenarioConfig& config) {
  ScenarioResult result;
  result.seed = config.seed;
  if (auto error = validate(config)) {
    result.error = *error;
    return result;
  }
  if (!config.qlog_dir.empty()) std::filesystem::create_directories(config.qlog_dir);
  QlogFiles qlogs(config.qlog_dir);

  TlsServerConfig server_tls;
  server_tls.alpn = {kAlpn};
  server_tls.certificate_chain_pem = certificate().certificate_pem;
  server_tls.private_key_pem = certificate().private_key_pem;
  if (config.cipher) server_tls.cipher_suites = CipherSuiteSet::only(*config.cipher);
  TlsClientConfig client_tls;
  client_tls.alpn = {kAlpn};
  client_tls.verify_peer = false;
  auto server_context = TlsServerContext::create(server_tls);
  auto client_context = TlsClientContext::create(client_tls);
  if (!server_context.ok() || !client_context.ok()) {
    result.error = "TLS setup failed";
    return result;
  }

  SimulatorConfig sim_config;
  sim_config.seed = config.seed;
  Simulator sim(sim_config);
  SeededRng client_rng = sim.make_rng(1);
  SeededRng server_rng = sim.make_rng(2);

  EndpointConfig server_endpoint;
  server_endpoint.transport = config.transport;
  server_endpoint.server_tls = server_tls_factory(*server_context);
  server_endpoint.qlog_for = [&](Role role, const ConnectionId& odcid) {
    return qlogs.open(role, odcid);
  };
  EndpointConfig client_endpoint = server_endpoint;
  client_endpoint.server_tls = nullptr;
  client_endpoint.client_tls = client_tls_factory(*client_context);
  if (config.null_crypto) use_null_crypto(server_endpoint, client_endpoint);
  auto server_ep = Endpoint::create(std::move(server_endpoint), server_rng);
  auto client_ep = Endpoint::create(std::move(client_endpoint), client_rng);
  if (!server_ep.ok() || !client_ep.ok()) {
    result.error = server_ep.ok() ? client_ep.error().message : server_ep.error().message;
    return result;
  }

  TransferSpec spec;
  spec.size = config.size;
  spec.streams = config.streams;
  spec.download = config.download;
  spec.seed = config.seed;
  spec.connections = config.sequential_connections;
  TransferServer server_app(spec);
  TransferClient client_app(spec, kClientAddress, kServerAddress, sim.now());
  const NodeId server = sim.add_node(
      std::make_unique<EndpointNode>(std::move(server_ep).value(), server_app), kServerAddress);
  const NodeId client = sim.add_node(
      std::make_unique<EndpointNode>(std::move(client_ep).value(), client_app), kClientAddress);
  sim.connect(client, server, link_config(config));
  TraceDigest digest;
  if (config.trace) sim.set_trace([&](const DatagramTrace& record) { digest.add(record); });

  const Instant start = sim.now();
  sim.wake(client);
  sim.run_until([&] { return client_app.done(); }, start + config.time_limit);
  // Let the server see the close, so its side of the statistics is complete too.
  sim.run_until([&] { return server_app.summaries().size() >= spec.connections; },
                sim.now() + config.rtt * 4 + Duration::from_seconds(1));

  if (config.trace) result.trace_digest = digest.value();
  result.cipher_suite = client_app.cipher_suite();
  const bool finished = client_app.done() && !client_app.failed();
  result.virtual_time = (finished ? client_app.finished_at() : sim.now()) - start;
  result.handshakes = client_app.handshakes();

  // Every stream of every connection must have arrived whole.
  const auto& received = config.download ? client_app.received() : server_app.received();
  size_t matched = 0;
  for (const ReceivedStream& r : received) {
    result.bytes += r.bytes;
    if (r.bytes == config.size &&
        r.digest == expected_digest(config.seed, r.stream_id, config.size)) {
      ++matched;
    }
  }
  const size_t expected_streams = config.streams * config.sequential_connections;
  result.sha256_match = matched == expected_streams && received.size() == expected_streams;
  result.ok = finished && result.sha256_match;
  if (!finished) {
    result.error = client_app.failed() ? "connection closed before the transfer finished"
                                       : "time limit reached";
    if (!client_app.summaries().empty() && client_app.summaries().back().close_reason) {
      result.error += ": " + client_app.summaries().back().close_reason->to_string();
    }
  } else if (!result.sha256_match) {
    result.error = "received data does not match what was sent";
  }

  for (const auto* summaries : {&client_app.summaries(), &server_app.summaries()}) {
    for (const ConnectionSummary& s : *summaries) {
      result.packets_sent += s.stats.packets_sent;
      result.packets_lost += s.recovery.packets_lost;
      result.retransmitted_bytes += s.stats.stream_bytes_retransmitted;
      result.spurious_losses += s.recovery.spurious_losses;
      result.pto_count += s.recovery.pto_count;
      result.max_cwnd = std::max(result.max_cwnd, s.max_congestion_window);
      result.ack_frames_sent += s.stats.ack_frames_sent;
      result.ack_frames_received += s.stats.ack_frames_received;
    }
  }
  if (!client_app.summaries().empty()) {
    result.srtt_ms = static_cast<double>(client_app.summaries().back().smoothed_rtt.nanos()) / 1e6;
    result.min_rtt_ms = static_cast<double>(client_app.summaries().back().min_rtt.nanos()) / 1e6;
  }
  if (result.virtual_time > Duration::zero()) {
    result.goodput_mbps =
        static_cast<double>(result.bytes) * 8 / static_cast<double>(result.virtual_time.micros());
  }
  return result;
}

std::string ScenarioResult::to_json() const {
  std::string out;
  JsonBuilder json(out);
  auto round1 = [](double v) { return std::round(v * 10) / 10; };
  json.begin_object()
      .member("ok", ok)
      .member("bytes", bytes)
      .member("sha256_match", sha256_match)
      .member("virtual_ms", static_cast<uint64_t>(virtual_time.millis()))
      .member("handshakes", uint64_t{handshakes})
      .member("packets_sent", packets_sent)
      .member("packets_lost", packets_lost)
      .member("retransmitted_bytes", retransmitted_bytes)
      .member("spurious_losses", spurious_losses)
      .member("pto_count", pto_count)
      .member("max_cwnd", max_cwnd)
      .member("srtt_ms", round1(srtt_ms))
      .member("min_rtt_ms", round1(min_rtt_ms))
      .member("ack_frames_sent", ack_frames_sent)
      .member("ack_frames_received", ack_frames_received)
      .member("goodput_mbps", round1(goodput_mbps))
      .member("seed", seed);
  if (!cipher_suite.empty()) json.member("cipher_suite", cipher_suite);
  if (trace_digest != 0) json.member("trace_digest", trace_digest);
  if (!error.empty()) json.member("error", error);
  json.end_object();
  return out;
}

}  // namespace quasar::sim
