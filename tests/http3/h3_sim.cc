// The simulated HTTP/3 hosts and H3Sim.
#include "tests/http3/h3_sim.h"

#include <algorithm>

#include "crypto/self_signed_certificate.h"
#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"

namespace quasar::http3::test {

namespace {

const SocketAddress kServerAddress = *SocketAddress::parse("10.0.0.2:443");
constexpr char kAlpn[] = "h3";

const PemCertificate& certificate() {
  static const PemCertificate cert = [] {
    auto c = generate_self_signed_certificate();
    if (!c.ok()) std::abort();
    return *c;
  }();
  return cert;
}

}  // namespace

// --- H3ServerApp ---

void H3ServerApp::drive(Instant now, Endpoint& endpoint) {
  while (auto e = endpoint.poll_event()) {
    if (std::holds_alternative<event::IncomingConnection>(e->event)) {
      endpoint.accept(e->connection);
      Connection* connection = endpoint.connection(e->connection);
      if (connection == nullptr) continue;
      Session& s = sessions_[e->connection];
      s.binding = std::make_unique<QuicHttp3Binding>(*connection);
      s.binding->set_now(now);
      s.server = std::make_unique<Http3Server>(*s.binding, handlers_, config_);
      s.binding->set_listener(*s.server);
      s.server->start();
      continue;
    }
    const auto it = sessions_.find(e->connection);
    if (it == sessions_.end()) continue;
    if (const auto* closed_event = std::get_if<event::ConnectionClosed>(&e->event)) {
      closed.push_back(closed_event->reason);
    }
    it->second.binding->handle_event(now, e->event);
  }
  for (auto& [handle, session] : sessions_) session.binding->set_now(now);
}

// --- H3ClientApp ---

Instant H3ClientApp::next_wakeup() const {
  Instant next = Instant::infinite_future();
  if (connect_at_ && !handle_) next = std::min(next, *connect_at_);
  if (client_) {
    for (const Action& a : actions_) next = std::min(next, a.when);
  }
  return next;
}

void H3ClientApp::drive(Instant now, Endpoint& endpoint) {
  if (!handle_ && connect_at_ && now >= *connect_at_) {
    ConnectOptions options;
    options.server_name = "localhost";
    options.session = session_;
    auto handle = endpoint.connect(now, local_, server_, options);
    if (!handle.ok()) return;
    handle_ = *handle;
    binding_ = std::make_unique<QuicHttp3Binding>(*endpoint.connection(*handle));
    binding_->set_now(now);
    client_ = std::make_unique<Http3Client>(*binding_, config_);
    binding_->set_listener(*client_);
    client_->start();
  }
  while (auto e = endpoint.poll_event()) {
    if (!handle_ || e->connection != *handle_) continue;
    if (std::holds_alternative<event::HandshakeCompleted>(e->event)) handshake_complete_ = true;
    if (const auto* ticket = std::get_if<event::SessionTicket>(&e->event)) {
      tickets.push_back(ticket->ticket);
    }
    if (const auto* closed = std::get_if<event::ConnectionClosed>(&e->event)) {
      close_reason = closed->reason;
    }
    binding_->handle_event(now, e->event);
  }
  if (!client_) return;
  binding_->set_now(now);
  // Actions due now, in time order; an action may schedule more.
  for (;;) {
    auto due = std::min_element(actions_.begin(), actions_.end(),
                                [](const Action& a, const Action& b) { return a.when < b.when; });
    if (due == actions_.end() || due->when > now) break;
    auto run = std::move(due->run);
    actions_.erase(due);
    run(*client_);
  }
  const uint64_t finished_before = events.finished;
  events.drain(*client_);
  if (events.finished != finished_before) {
    for (const auto& [id, r] : events.responses) {
      if ((r.complete || r.failed) && !finished_at.count(id)) finished_at[id] = now;
    }
  }
}

// --- RawQuicClientApp ---

void RawQuicClientApp::drive(Instant now, Endpoint& endpoint) {
  if (!handle_) {
    ConnectOptions options;
    options.server_name = "localhost";
    auto handle = endpoint.connect(now, local_, server_, options);
    if (!handle.ok()) return;
    handle_ = *handle;
  }
  while (auto e = endpoint.poll_event()) {
    if (e->connection != *handle_) continue;
    if (const auto* closed = std::get_if<event::ConnectionClosed>(&e->event)) {
      close_reason = closed->reason;
    } else if (const auto* stop = std::get_if<event::StreamStopSending>(&e->event)) {
      stop_sending[stop->stream_id] = stop->error_code;
    } else if (const auto* reset = std::get_if<event::StreamReset>(&e->event)) {
      resets[reset->stream_id] = reset->error_code;
    } else if (const auto* readable = std::get_if<event::StreamReadable>(&e->event)) {
      if (Connection* c = endpoint.connection(*handle_)) {
        std::vector<uint8_t> buffer(65536);
        for (;;) {
          auto r = c->read(readable->stream_id, buffer, now);
          if (!r.ok() || r->bytes == 0) break;
          auto& out = received[readable->stream_id];
          out.insert(out.end(), buffer.begin(), buffer.begin() + r->bytes);
        }
      }
    }
  }
  Connection* c = endpoint.connection(*handle_);
  // The server's control stream (3) is there: its streams can be named.
  if (sent_ || c == nullptr || !c->is_handshake_complete() || received.count(3) == 0) return;
  sent_ = true;
  for (const Write& w : script_) {
    if (w.stop_server_stream) {
      (void)c->stop_sending(*w.stop_server_stream, w.reset_code.value_or(0x100));
      continue;
    }
    uint64_t stream = 0;
    if (w.stream_index != SIZE_MAX) {
      stream = opened.at(w.stream_index);
    } else {
      auto id = c->open_stream(w.bidirectional);
      if (!id.ok()) return;
      stream = *id;
      opened.push_back(stream);
    }
    if (!w.bytes.empty()) (void)c->write(stream, w.bytes);
    if (w.fin) (void)c->finish(stream);
    if (w.reset_code) (void)c->reset_stream(stream, *w.reset_code);
  }
}

// --- RawQuicServerApp ---

void RawQuicServerApp::drive(Instant now, Endpoint& endpoint) {
  while (auto e = endpoint.poll_event()) {
    if (std::holds_alternative<event::IncomingConnection>(e->event)) {
      if (handle_) {
        endpoint.refuse(now, e->connection);
        continue;
      }
      endpoint.accept(e->connection);
      handle_ = e->connection;
      continue;
    }
    if (!handle_ || e->connection != *handle_) continue;
    Connection* c = endpoint.connection(*handle_);
    if (const auto* closed = std::get_if<event::ConnectionClosed>(&e->event)) {
      close_reason = closed->reason;
    } else if (const auto* stop = std::get_if<event::StreamStopSending>(&e->event)) {
      stop_sending[stop->stream_id] = stop->error_code;
    } else if (const auto* reset = std::get_if<event::StreamReset>(&e->event)) {
      resets[reset->stream_id] = reset->error_code;
    } else if (const auto* readable = std::get_if<event::StreamReadable>(&e->event)) {
      if (c == nullptr) continue;
      std::vector<uint8_t> buffer(65536);
      for (;;) {
        auto r = c->read(readable->stream_id, buffer, now);
        if (!r.ok() || r->bytes == 0) break;
      }
      // A request stream: answered once, whatever it carried.
      const uint64_t id = readable->stream_id;
      if ((id & 3) == 0 && answered_.insert(id).second) {
        (void)c->write(id, script_.response);
        (void)c->finish(id);
      }
    } else if (std::holds_alternative<event::HandshakeCompleted>(e->event)) {
      if (c == nullptr || streams_opened_) continue;
      streams_opened_ = true;
      for (const auto& bytes : script_.uni_streams) {
        const auto id = c->open_stream(false);
        if (!id.ok()) continue;
        (void)c->write(*id, bytes);
        if (script_.end_uni_streams) (void)c->finish(*id);
      }
      if (script_.own_bidi_stream) {
        const auto id = c->open_stream(true);
        if (id.ok()) (void)c->write(*id, *script_.own_bidi_stream);
      }
    }
  }
}

// --- H3Sim ---

H3Sim::H3Sim(const H3SimConfig& config, RequestHandlerFactory& handlers)
    : config_(config),
      sim_([&] {
        sim::SimulatorConfig c;
        c.seed = config.seed;
        return c;
      }()),
      server_app_(handlers, config.server) {
  TlsServerConfig server_tls;
  server_tls.alpn = {kAlpn};
  server_tls.certificate_chain_pem = certificate().certificate_pem;
  server_tls.private_key_pem = certificate().private_key_pem;
  server_tls.enable_early_data = config.server_early_data;
  TlsClientConfig client_tls;
  client_tls.alpn = {kAlpn};
  client_tls.verify_peer = false;
  auto server_context = TlsServerContext::create(server_tls);
  auto client_context = TlsClientContext::create(client_tls);
  if (!server_context.ok() || !client_context.ok()) std::abort();

  EndpointConfig server_endpoint;
  server_endpoint.transport = config.transport;
  server_endpoint.server_tls = server_tls_factory(*server_context);
  server_endpoint.reject_early_data = config.server_rejects_early_data;
  client_endpoint_config_.transport = config.transport;
  client_endpoint_config_.client_tls = client_tls_factory(*client_context);

  rngs_.push_back(std::make_unique<SeededRng>(sim_.make_rng(1)));
  auto server_ep = Endpoint::create(std::move(server_endpoint), *rngs_.back());
  if (!server_ep.ok()) std::abort();
  sim::SimApplication& server_app = config.server_app != nullptr
                                        ? *config.server_app
                                        : static_cast<sim::SimApplication&>(server_app_);
  server_node_ =
      sim_.add_node(std::make_unique<sim::EndpointNode>(std::move(server_ep).value(), server_app),
                    kServerAddress);

  link_.delay = config.rtt / 2;
  link_.per_datagram_overhead = 28;
  if (config.bandwidth_mbps > 0) {
    link_.rate = Bandwidth::from_mbps(config.bandwidth_mbps);
    size_t queue = config.queue_packets;
    if (queue == 0) {
      queue = std::max<size_t>(64, static_cast<size_t>(link_.rate.bytes_in(config.rtt) / 1250));
    }
    link_.queue_limit_packets = queue;
  }
  link_.loss.rate = config.loss;

  const SocketAddress client_address = *SocketAddress::parse("10.0.0.1:50000");
  client_app_ = std::make_unique<H3ClientApp>(client_address, kServerAddress, config.client);
  rngs_.push_back(std::make_unique<SeededRng>(sim_.make_rng(2)));
  auto client_ep = Endpoint::create(client_endpoint_config_, *rngs_.back());
  if (!client_ep.ok()) std::abort();
  client_node_ =
      sim_.add_node(std::make_unique<sim::EndpointNode>(std::move(client_ep).value(), *client_app_),
                    client_address);
  sim_.connect(client_node_, server_node_, link_);
  nodes_ = {server_node_, client_node_};
}

H3Sim::~H3Sim() = default;

void H3Sim::start_client() {
  client_app_->connect_at(sim_.now());
  sim_.wake(client_node_);
}

RawQuicClientApp& H3Sim::add_raw_client(std::vector<RawQuicClientApp::Write> script) {
  const SocketAddress address =
      *SocketAddress::parse("10.0.1." + std::to_string(raw_clients_.size() + 1) + ":40000");
  raw_clients_.push_back(
      std::make_unique<RawQuicClientApp>(address, kServerAddress, std::move(script)));
  rngs_.push_back(std::make_unique<SeededRng>(sim_.make_rng(100 + raw_clients_.size())));
  auto endpoint = Endpoint::create(client_endpoint_config_, *rngs_.back());
  if (!endpoint.ok()) std::abort();
  const sim::NodeId node = sim_.add_node(
      std::make_unique<sim::EndpointNode>(std::move(endpoint).value(), *raw_clients_.back()),
      address);
  sim_.connect(node, server_node_, link_);
  nodes_.push_back(node);
  sim_.wake(node);
  return *raw_clients_.back();
}

H3ClientApp& H3Sim::add_client(const ClientConfig& config) {
  const SocketAddress address =
      *SocketAddress::parse("10.0.2." + std::to_string(more_clients_.size() + 1) + ":50000");
  more_clients_.push_back(std::make_unique<H3ClientApp>(address, kServerAddress, config));
  rngs_.push_back(std::make_unique<SeededRng>(sim_.make_rng(200 + more_clients_.size())));
  auto endpoint = Endpoint::create(client_endpoint_config_, *rngs_.back());
  if (!endpoint.ok()) std::abort();
  const sim::NodeId node = sim_.add_node(
      std::make_unique<sim::EndpointNode>(std::move(endpoint).value(), *more_clients_.back()),
      address);
  sim_.connect(node, server_node_, link_);
  nodes_.push_back(node);
  return *more_clients_.back();
}

bool H3Sim::run_until(const std::function<bool()>& done, Duration limit) {
  const auto result = sim_.run_until(done, sim_.now() + limit);
  return result.stop == sim::RunStop::kPredicate;
}

void H3Sim::at(Instant when, std::function<void()> action) {
  sim_.schedule(when, [this, action = std::move(action)](sim::Simulator& s) {
    action();
    for (sim::NodeId node : nodes_) s.wake(node);
  });
}

}  // namespace quasar::http3::test
