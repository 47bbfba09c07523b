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

SocketAddress client_address(size_t flow) {
  return SocketAddress::ipv4({10, 0, 1, static_cast<uint8_t>(1 + flow)}, 50000);
}

SocketAddress server_address(size_t flow) {
  return SocketAddress::ipv4({10, 0, 2, static_cast<uint8_t>(1 + flow)}, 443);
}

// Where flow i's server also listens when it offers a preferred address (RFC 9000 §9.6).
SocketAddress preferred_server_address(size_t flow) {
  return SocketAddress::ipv4({10, 0, 5, static_cast<uint8_t>(1 + flow)}, 4433);
}

double as_mbps(Bandwidth b) { return b.is_infinite() ? 0 : b.mbps(); }

// Samples the sender of the first flow (the server for downloads) every `interval`.
void schedule_samples(Simulator& sim, Duration interval, Instant start, EndpointNode& server,
                      const TransferServer& server_app, const TransferClient& client_app,
                      std::vector<SenderSample>& out) {
  sim.schedule(sim.now() + interval, [&, interval, start](Simulator& s) {
    if (auto handle = server_app.first_connection()) {
      if (Connection* c = server.endpoint().connection(*handle)) {
        const CongestionController& cc = c->congestion_controller();
        SenderSample sample;
        sample.time_ms = static_cast<double>((s.now() - start).nanos()) / 1e6;
        sample.congestion_window = cc.congestion_window();
        sample.bytes_in_flight = c->bytes_in_flight();
        sample.pacing_rate_mbps = as_mbps(cc.pacing_rate());
        sample.bandwidth_estimate_mbps = as_mbps(cc.bandwidth_estimate());
        sample.smoothed_rtt_ms = static_cast<double>(c->rtt().smoothed().nanos()) / 1e6;
        sample.min_rtt_ms = static_cast<double>(c->rtt().min().nanos()) / 1e6;
        sample.bytes_delivered = client_app.bytes_received();
        sample.cc_state = std::string(cc.state_name());
        out.push_back(std::move(sample));
      }
    }
    schedule_samples(s, interval, start, server, server_app, client_app, out);
  });
}

// One direction of the bottleneck every flow shares; `drops` are that direction's explicit drops.
LinkConfig link_config(const ScenarioConfig& c, Instant start,
                       const std::vector<DropRange>& drops) {
  LinkConfig link;
  link.delay = c.rtt / 2;
  link.jitter = c.jitter;
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
  link.ce_mark_probability = c.ce_probability;
  link.bleach_ecn = c.bleach_ecn;
  if (c.mtu > 0) link.mtu = c.mtu - kPacketOverhead;
  for (const BlackholeSpec& b : c.blackholes) {
    BlackholeSchedule schedule;
    schedule.start = start + b.start;
    schedule.duration = b.duration;
    schedule.period = b.period;
    schedule.repeat = b.period > Duration::zero() ? kUnlimited : 1;
    link.blackholes.push_back(schedule);
  }
  for (const DropRange& d : drops) link.drop_indices.push_back({d.first - 1, d.last - 1});
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
    fake.on_client_parameters = p.on_client_parameters;
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
  if (c.v2 && c.vn) return "--v2 and --vn exclude each other";
  if (c.sequential_connections == 0) return "--sequential must be at least 1";
  if (c.rtt < Duration::zero()) return "--rtt must not be negative";
  if (c.bandwidth_mbps < 0) return "--bandwidth must not be negative";
  for (double p : {c.loss, c.reorder, c.duplicate, c.corrupt}) {
    if (!(p >= 0 && p < 1)) return "probabilities must be in [0, 1)";
  }
  if (c.time_limit <= Duration::zero()) return "--time-limit-ms must be positive";
  if (c.competing_flows == 0 || c.competing_flows > 200) {
    return "--competing-flows must be between 1 and 200";
  }
  if (c.competing_flows > 1 && !c.download) return "competing flows download";
  if (c.flow_congestion_control.size() > c.competing_flows) {
    return "--flow-cc lists more flows than --competing-flows";
  }
  if (c.app_rate_mbps < 0) return "--app-rate must not be negative";
  for (const RateChange& r : c.rate_changes) {
    if (r.at < Duration::zero() || r.mbps < 0) return "--rate-change needs AT_MS:MBPS";
  }
  if (!(c.ce_probability >= 0 && c.ce_probability < 1)) return "--ce must be in [0, 1)";
  for (const auto* drops : {&c.drop_client_packets, &c.drop_server_packets}) {
    for (const DropRange& d : *drops) {
      if (d.first == 0 || d.last < d.first) return "packet indices start at 1, as FIRST-LAST";
    }
  }
  for (const BlackholeSpec& b : c.blackholes) {
    if (b.start < Duration::zero() || b.duration <= Duration::zero()) {
      return "--blackhole needs START_MS:DURATION_MS with a positive duration";
    }
  }
  // 1200-byte QUIC datagrams (RFC 9000 §14) must pass.
  constexpr size_t kMinMtu = 1200 + kPacketOverhead;
  if (c.mtu != 0 && c.mtu < kMinMtu) return "--mtu must be at least 1228 (or 0: unlimited)";
  for (const MtuChange& m : c.mtu_changes) {
    if (m.at < Duration::zero() || m.mtu < kMinMtu) {
      return "--mtu-change needs AT_MS:BYTES with at least 1228 bytes";
    }
  }
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
  const bool own_certificate = !config.server_certificate_chain_pem.empty();
  server_tls.certificate_chain_pem =
      own_certificate ? config.server_certificate_chain_pem : certificate().certificate_pem;
  server_tls.private_key_pem =
      own_certificate ? config.server_private_key_pem : certificate().private_key_pem;
  if (config.cipher) server_tls.cipher_suites = CipherSuiteSet::only(*config.cipher);
  server_tls.enable_early_data = config.zero_rtt;
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
  const Instant start = sim.now();
  const size_t flows = config.competing_flows;

  TransportSettings transport = config.transport;
  transport.ecn = config.ecn;
  // RFC 9221 §3: both sides offer DATAGRAM frames when the run sends datagrams.
  constexpr uint64_t kMaxDatagramFrame = 65535;
  if (config.datagrams > 0 && transport.max_datagram_frame_size == 0) {
    transport.max_datagram_frame_size = kMaxDatagramFrame;
  }
  EndpointConfig server_endpoint;
  server_endpoint.transport = transport;
  server_endpoint.server_tls = server_tls_factory(*server_context);
  if (config.retry) server_endpoint.retry = RetryPolicy::kAlways;
  if (config.v2) server_endpoint.versions = {kQuicVersion2, kQuicVersion1};
  if (config.vn) server_endpoint.versions = {kQuicVersion1};
  server_endpoint.reject_early_data = config.zero_rtt_reject;
  server_endpoint.qlog_for = [&](Role role, const ConnectionId& odcid) {
    return qlogs.open(role, odcid);
  };
  EndpointConfig client_endpoint = server_endpoint;
  client_endpoint.server_tls = nullptr;
  client_endpoint.client_tls = client_tls_factory(*client_context);
  client_endpoint.versions = {kQuicVersion1, kQuicVersion2};
  if (config.vn) client_endpoint.versions = {kQuicVersion2, kQuicVersion1};
  client_endpoint.version = client_endpoint.versions.front();
  if (config.client_transport) {
    client_endpoint.transport = *config.client_transport;
    client_endpoint.transport.ecn = config.ecn;
    if (config.datagrams > 0 && client_endpoint.transport.max_datagram_frame_size == 0) {
      client_endpoint.transport.max_datagram_frame_size = kMaxDatagramFrame;
    }
  }
  if (config.null_crypto) use_null_crypto(server_endpoint, client_endpoint);

  TransferSpec spec;
  spec.size = config.size;
  spec.streams = config.streams;
  spec.download = config.download;
  spec.seed = config.seed;
  spec.connections = config.sequential_connections;
  spec.resume = config.resume || config.zero_rtt;
  spec.zero_rtt = config.zero_rtt;
  if (spec.resume) spec.connections = std::max<size_t>(spec.connections, 2);
  if (config.app_rate_mbps > 0) spec.app_rate = Bandwidth::from_mbps(config.app_rate_mbps);
  spec.datagrams = config.datagrams;

  // Each flow is a client and its own server (so each can have its own congestion control);
  // random streams 2i+1 and 2i+2 drive their endpoints.
  std::vector<SeededRng> rngs;
  rngs.reserve(2 * flows);
  for (size_t i = 0; i < 2 * flows; ++i) rngs.push_back(sim.make_rng(1 + i));
  SeededRng start_rng = sim.make_rng(1000);
  std::vector<std::unique_ptr<TransferClient>> client_apps;
  std::vector<std::unique_ptr<TransferServer>> server_apps;
  std::vector<EndpointNode*> client_nodes;
  std::vector<EndpointNode*> server_nodes;
  std::vector<NodeId> client_ids;
  std::vector<NodeId> server_ids;
  for (size_t i = 0; i < flows; ++i) {
    EndpointConfig server_config = server_endpoint;
    EndpointConfig client_config = client_endpoint;
    if (config.preferred_address)
      server_config.preferred_address_ipv4 = preferred_server_address(i);
    if (i < config.flow_congestion_control.size()) {
      server_config.transport.congestion_control = config.flow_congestion_control[i];
      client_config.transport.congestion_control = config.flow_congestion_control[i];
    }
    auto server_ep = Endpoint::create(std::move(server_config), rngs[2 * i + 1]);
    auto client_ep = Endpoint::create(std::move(client_config), rngs[2 * i]);
    if (!server_ep.ok() || !client_ep.ok()) {
      result.error = server_ep.ok() ? client_ep.error().message : server_ep.error().message;
      return result;
    }
    server_apps.push_back(std::make_unique<TransferServer>(spec));
    // Competing flows start within 100 ms of each other, at seeded random times, as real flows
    // do: starting all in the same instant phase-locks them at a drop-tail queue.
    const Instant flow_start =
        i == 0 ? start
               : start + Duration::from_micros(static_cast<int64_t>(start_rng.uniform(100'000)));
    client_apps.push_back(
        std::make_unique<TransferClient>(spec, client_address(i), server_address(i), flow_start));
    auto server_node =
        std::make_unique<EndpointNode>(std::move(server_ep).value(), *server_apps.back());
    auto client_node =
        std::make_unique<EndpointNode>(std::move(client_ep).value(), *client_apps.back());
    server_nodes.push_back(server_node.get());
    client_nodes.push_back(client_node.get());
    server_ids.push_back(sim.add_node(std::move(server_node), server_address(i)));
    if (config.preferred_address) sim.add_address(server_ids.back(), preferred_server_address(i));
    client_ids.push_back(sim.add_node(std::move(client_node), client_address(i)));
  }
  // The bottleneck: one link each way, crossed by every flow.
  const LinkId up = sim.add_link(link_config(config, start, config.drop_client_packets), "up");
  const LinkId down = sim.add_link(link_config(config, start, config.drop_server_packets), "down");
  for (size_t i = 0; i < flows; ++i) {
    sim.set_route(client_ids[i], server_ids[i], {up});
    sim.set_route(server_ids[i], client_ids[i], {down});
  }
  for (const RateChange& change : config.rate_changes) {
    for (LinkId link : {up, down}) {
      sim.schedule_link_change(start + change.at, link, [mbps = change.mbps](LinkConfig& c) {
        c.rate = mbps > 0 ? Bandwidth::from_mbps(mbps) : Bandwidth::infinite();
      });
    }
  }
  for (size_t k = 0; k < config.rebind_at.size(); ++k) {
    for (size_t i = 0; i < flows; ++i) {
      SocketAddress next = client_address(i);
      if (config.rebind_address) {
        next = SocketAddress::ipv4({10, 0, 3, static_cast<uint8_t>(1 + i)}, 50000);
        if (k % 2 == 1) next = client_address(i);  // alternate between two IP addresses
      }
      next.set_port(static_cast<uint16_t>(40000 + k));
      // Datagrams to the old mapping still arrive for two round trips, as a NAT that has not
      // yet expired it would deliver them; the client's acknowledgments move the server over.
      sim.schedule_rebinding(start + config.rebind_at[k], client_address(i), next, config.rtt * 2);
    }
  }
  if (config.migrate_at) {
    for (size_t i = 0; i < flows; ++i) {
      const SocketAddress moved =
          SocketAddress::ipv4({10, 0, 4, static_cast<uint8_t>(1 + i)}, 50001);
      sim.add_address(client_ids[i], moved);
      sim.schedule(start + *config.migrate_at, [&, i, moved](Simulator& s) {
        client_apps[i]->migrate(s.now(), client_nodes[i]->endpoint(), moved);
        s.wake(client_ids[i]);
      });
    }
  }
  for (const MtuChange& change : config.mtu_changes) {
    for (LinkId link : {up, down}) {
      sim.schedule_link_change(start + change.at, link, [mtu = change.mtu](LinkConfig& c) {
        c.mtu = mtu - kPacketOverhead;
      });
    }
  }
  if (config.stateless_reset_at) {
    sim.schedule(start + *config.stateless_reset_at, [&](Simulator&) {
      for (size_t i = 0; i < flows; ++i) server_apps[i]->forget_all(server_nodes[i]->endpoint());
    });
  }
  if (config.sample_interval > Duration::zero()) {
    const size_t f = std::min(config.sample_flow, flows - 1);
    schedule_samples(sim, config.sample_interval, start, *server_nodes[f], *server_apps[f],
                     *client_apps[f], result.samples);
  }
  TraceDigest digest;
  if (config.trace) sim.set_trace([&](const DatagramTrace& record) { digest.add(record); });

  auto all_done = [&] {
    for (const auto& app : client_apps) {
      if (!app->done()) return false;
    }
    return true;
  };
  for (NodeId client : client_ids) sim.wake(client);
  std::vector<uint64_t> window_start_bytes(flows, 0);
  const bool timed = config.duration > Duration::zero();
  if (timed) {
    const Duration window = std::min(config.measure_window, config.duration);
    sim.schedule(start + config.duration - window, [&](Simulator&) {
      for (size_t i = 0; i < flows; ++i) window_start_bytes[i] = client_apps[i]->bytes_received();
    });
    sim.run_until(all_done, start + config.duration);
  } else {
    sim.run_until(all_done, start + config.time_limit);
  }
  const Instant end = sim.now();
  // Whether each flow finished is decided at the deadline: the grace period below only lets
  // the servers see the closes.
  std::vector<bool> done_by_deadline;
  for (const auto& app : client_apps) done_by_deadline.push_back(app->done());
  uint64_t bytes_by_deadline = 0;
  if (config.download) {
    for (const auto& app : client_apps) bytes_by_deadline += app->bytes_received();
  } else {
    for (const auto& app : server_apps) {
      for (const ReceivedStream& r : app->received()) bytes_by_deadline += r.bytes;
    }
  }
  // Let the servers see the closes, so their side of the statistics is complete too.
  auto servers_closed = [&] {
    for (const auto& app : server_apps) {
      if (app->summaries().size() < spec.connections) return false;
    }
    return true;
  };
  if (!timed) {
    sim.run_until(servers_closed, sim.now() + config.rtt * 4 + Duration::from_seconds(1));
  }
  for (size_t i = 0; i < flows; ++i) {
    client_apps[i]->summarize_open(client_nodes[i]->endpoint());
    server_apps[i]->summarize_open(server_nodes[i]->endpoint());
  }
  if (config.trace) result.trace_digest = digest.value();

  bool finished = true;
  bool failed = false;
  Instant finished_at = start;
  for (size_t i = 0; i < flows; ++i) {
    const auto& app = client_apps[i];
    finished = finished && done_by_deadline[i];
    failed = failed || app->failed();
    finished_at = std::max(finished_at, done_by_deadline[i] ? app->finished_at() : end);
    result.handshakes += app->handshakes();
    result.resumed += app->resumed_connections();
    result.zero_rtt_accepted += app->zero_rtt_accepted();
    if (!app->cipher_suite().empty()) result.cipher_suite = app->cipher_suite();
  }
  result.virtual_time = (timed ? end : finished_at) - start;

  // Every stream that finished must match what was sent.
  size_t matched = 0;
  size_t received_streams = 0;
  auto check = [&](const std::vector<ReceivedStream>& received) {
    for (const ReceivedStream& r : received) {
      ++received_streams;
      if (r.bytes == config.size &&
          r.digest == expected_digest(config.seed, r.stream_id, config.size)) {
        ++matched;
      }
    }
  };
  result.bytes = bytes_by_deadline;
  if (config.download) {
    for (const auto& app : client_apps) check(app->received());
  } else {
    for (const auto& app : server_apps) check(app->received());
  }
  const size_t expected_streams = config.streams * spec.connections * flows;
  result.windowed = timed;
  if (timed) {
    result.sha256_match = matched == received_streams;
    bool all_moved = true;
    const Duration window = std::min(config.measure_window, config.duration);
    for (size_t i = 0; i < flows; ++i) {
      const uint64_t moved = client_apps[i]->bytes_received() - window_start_bytes[i];
      all_moved = all_moved && moved > 0;
      result.flows.push_back(static_cast<double>(moved) * 8 / static_cast<double>(window.micros()));
    }
    result.ok = !failed && all_moved && result.sha256_match;
    if (!result.ok) {
      result.error = failed ? "a connection closed early" : "a flow made no progress";
    }
  } else {
    result.sha256_match = matched == expected_streams && received_streams == expected_streams;
    result.ok = finished && !failed && result.sha256_match;
    if (failed) {
      result.error = "connection closed before the transfer finished";
      for (const auto& app : client_apps) {
        if (app->failed() && !app->summaries().empty() && app->summaries().back().close_reason) {
          result.error += ": " + app->summaries().back().close_reason->to_string();
          break;
        }
      }
    } else if (!finished) {
      result.error = "time limit reached";
    } else if (!result.sha256_match) {
      result.error = "received data does not match what was sent";
    }
    for (size_t i = 0; i < flows; ++i) {
      const auto& app = client_apps[i];
      const Duration t = (done_by_deadline[i] ? app->finished_at() : end) - start;
      result.flows.push_back(t > Duration::zero() ? static_cast<double>(app->bytes_received()) * 8 /
                                                        static_cast<double>(t.micros())
                                                  : 0.0);
    }
  }
  result.jain_index = jain_index(result.flows);

  auto add = [&](const ConnectionSummary& s) {
    result.packets_sent += s.stats.packets_sent;
    result.packets_lost += s.recovery.packets_lost;
    result.retransmitted_bytes += s.stats.stream_bytes_retransmitted;
    result.spurious_losses += s.recovery.spurious_losses;
    result.pto_count += s.recovery.pto_count;
    result.max_cwnd = std::max(result.max_cwnd, s.max_congestion_window);
    result.ack_frames_sent += s.stats.ack_frames_sent;
    result.ack_frames_received += s.stats.ack_frames_received;
    result.key_updates += s.stats.key_updates;
  };
  for (const auto& app : client_apps) {
    for (const ConnectionSummary& s : app->summaries()) {
      add(s);
      result.datagrams_sent += s.stats.datagram_frames_sent;
      result.datagrams_lost += s.stats.datagram_frames_lost;
      result.datagrams_dropped += s.stats.datagram_frames_dropped;
      result.client_initial_packets += s.stats.initial_packets_sent;
      result.client_key_updates_initiated += s.stats.key_updates_initiated;
      result.retries_received += s.stats.retries_received;
      result.version_negotiations += s.stats.version_negotiations_received;
      result.client_path_changes += s.stats.path_changes;
      result.path_validations_failed += s.stats.path_validations_failed;
      result.zero_rtt_sent_bytes += s.stats.zero_rtt_stream_bytes_sent;
    }
  }
  for (const auto& app : server_apps) {
    uint64_t flow_lost = 0;
    for (const ConnectionSummary& s : app->summaries()) flow_lost += s.recovery.packets_lost;
    result.flow_losses.push_back(flow_lost);
    for (const ConnectionSummary& s : app->summaries()) {
      add(s);
      result.pmtu = s.max_datagram_size;
      result.pmtu_probes_lost += s.pmtu.probes_lost;
      result.pmtu_black_holes += s.pmtu.black_holes;
      result.amplification_limit_exceeded += s.stats.amplification_limit_exceeded;
      result.server_key_updates_initiated += s.stats.key_updates_initiated;
      result.server_path_changes += s.stats.path_changes;
      result.path_validations_failed += s.stats.path_validations_failed;
      if (config.ecn) result.server_ecn_state = s.ecn_state;
    }
  }
  result.has_datagrams = config.datagrams > 0;
  result.preferred_address = config.preferred_address;
  for (const auto& app : server_apps) {
    result.datagrams_received += app->datagrams_received();
    result.datagrams_duplicated += app->datagrams_duplicated();
    result.datagrams_corrupt += app->datagrams_corrupt();
  }
  for (EndpointNode* node : server_nodes) {
    result.stateless_resets_sent += node->endpoint().stats().stateless_resets_sent;
    result.retries_sent += node->endpoint().stats().retries_sent;
  }
  if (!client_apps.front()->summaries().empty()) {
    const ConnectionSummary& s = client_apps.front()->summaries().back();
    result.srtt_ms = static_cast<double>(s.smoothed_rtt.nanos()) / 1e6;
    result.version = s.version;
    result.on_preferred_address = config.preferred_address && s.peer == preferred_server_address(0);
    result.min_rtt_ms = static_cast<double>(s.min_rtt.nanos()) / 1e6;
  }
  result.ce_marks = sim.link_stats(down).ce_marked + sim.link_stats(up).ce_marked;
  result.mean_rtt_ms =
      static_cast<double>((config.rtt + sim.link_stats(down).mean_queueing_delay() +
                           sim.link_stats(up).mean_queueing_delay())
                              .nanos()) /
      1e6;
  if (result.virtual_time > Duration::zero()) {
    result.goodput_mbps =
        static_cast<double>(result.bytes) * 8 / static_cast<double>(result.virtual_time.micros());
  }
  return result;
}

double jain_index(const std::vector<double>& shares) {
  double sum = 0;
  double squares = 0;
  for (double x : shares) {
    sum += x;
    squares += x * x;
  }
  if (shares.empty() || squares == 0) return 1;
  return sum * sum / (static_cast<double>(shares.size()) * squares);
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
      .member("mean_rtt_ms", round1(mean_rtt_ms))
      .member("min_rtt_ms", round1(min_rtt_ms))
      .member("ack_frames_sent", ack_frames_sent)
      .member("ack_frames_received", ack_frames_received)
      .member("goodput_mbps", round1(goodput_mbps))
      .member("key_updates", key_updates)
      .member("stateless_resets_sent", stateless_resets_sent)
      .member("retries", retries_received)
      .member("version", version_name(version))
      .member("version_negotiations", version_negotiations)
      .member("client_path_changes", client_path_changes)
      .member("resumed", resumed)
      .member("path_changes", server_path_changes)
      .member("zero_rtt_sent_bytes", zero_rtt_sent_bytes)
      .member("zero_rtt_accepted", zero_rtt_accepted)
      .member("pmtu", pmtu)
      .member("seed", seed);
  if (flows.size() > 1 || windowed) {
    json.key("flows").begin_array();
    for (double f : flows) json.value(round1(f));
    json.end_array();
    json.member("jain_index", std::round(jain_index * 1000) / 1000);
    json.key("flow_losses").begin_array();
    for (uint64_t l : flow_losses) json.value(l);
    json.end_array();
  }
  if (has_datagrams) {
    json.member("datagrams_sent", datagrams_sent)
        .member("datagrams_received", datagrams_received)
        .member("datagrams_lost", datagrams_lost);
    if (datagrams_dropped > 0) json.member("datagrams_dropped", datagrams_dropped);
    if (datagrams_duplicated > 0) json.member("datagrams_duplicated", datagrams_duplicated);
    if (datagrams_corrupt > 0) json.member("datagrams_corrupt", datagrams_corrupt);
  }
  if (pmtu_probes_lost > 0) json.member("pmtu_probes_lost", pmtu_probes_lost);
  if (preferred_address) json.member("on_preferred_address", on_preferred_address);
  if (pmtu_black_holes > 0) json.member("pmtu_black_holes", pmtu_black_holes);
  if (!server_ecn_state.empty()) json.member("ecn", server_ecn_state);
  if (ce_marks > 0) json.member("ce_marks", ce_marks);
  if (!cipher_suite.empty()) json.member("cipher_suite", cipher_suite);
  if (trace_digest != 0) json.member("trace_digest", trace_digest);
  if (!error.empty()) json.member("error", error);
  json.end_object();
  return out;
}

}  // namespace quasar::sim
