// HTTP/3 on the simulated network with real TLS: an HTTP/3 server application and client
// application for quasar endpoints (through QuicHttp3Binding), raw QUIC applications that write
// hand-made HTTP/3 bytes, and H3Sim, which builds the network and runs a client against a
// server.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http3/client.h"
#include "http3/quic_binding.h"
#include "http3/server.h"
#include "quic/sim/scenario/endpoint_node.h"
#include "quic/sim/simulator.h"
#include "tests/http3/test_handlers.h"

namespace quasar::http3::test {

// Serves every accepted connection with an Http3Server over the given handlers.
class H3ServerApp final : public sim::SimApplication {
 public:
  H3ServerApp(RequestHandlerFactory& handlers, const ServerConfig& config)
      : handlers_(handlers), config_(config) {}
  void drive(Instant now, Endpoint& endpoint) override;

  // The server of the most recent connection.
  Http3Server* server() {
    return sessions_.empty() ? nullptr : sessions_.rbegin()->second.server.get();
  }
  // The binding of the most recent connection.
  QuicHttp3Binding* binding() {
    return sessions_.empty() ? nullptr : sessions_.rbegin()->second.binding.get();
  }
  size_t connections() const { return sessions_.size(); }
  // Close reasons of connections that ended, as the server's transport saw them.
  std::vector<CloseReason> closed;

 private:
  struct Session {
    std::unique_ptr<QuicHttp3Binding> binding;
    std::unique_ptr<Http3Server> server;
  };
  RequestHandlerFactory& handlers_;
  ServerConfig config_;
  std::map<ConnectionHandle, Session> sessions_;
};

// One HTTP/3 client connection. Scheduled actions run with the client at their time.
class H3ClientApp final : public sim::SimApplication {
 public:
  H3ClientApp(SocketAddress local, SocketAddress server, const ClientConfig& config)
      : local_(local), server_(server), config_(config) {}
  void drive(Instant now, Endpoint& endpoint) override;
  Instant next_wakeup() const override;

  // Connects at `when` (the first drive at or after it).
  void connect_at(Instant when) { connect_at_ = when; }
  // Resumes this session (a SessionTicket of an earlier connection), with 0-RTT if it allows.
  void resume(std::vector<uint8_t> session) { session_ = std::move(session); }
  // Runs `action` at `when` (once the client exists).
  void at(Instant when, std::function<void(Http3Client&)> action) {
    actions_.push_back({when, std::move(action)});
  }
  Http3Client* client() { return client_.get(); }
  bool handshake_complete() const { return handshake_complete_; }
  QuicHttp3Binding* binding() { return binding_.get(); }
  std::optional<CloseReason> close_reason;
  // Session tickets received, newest last.
  std::vector<std::vector<uint8_t>> tickets;
  ResponseCollector events;
  // Virtual time at which each request completed or failed.
  std::map<RequestId, Instant> finished_at;

 private:
  struct Action {
    Instant when;
    std::function<void(Http3Client&)> run;
  };
  SocketAddress local_;
  SocketAddress server_;
  ClientConfig config_;
  std::optional<Instant> connect_at_;
  std::vector<uint8_t> session_;
  std::optional<ConnectionHandle> handle_;
  std::unique_ptr<QuicHttp3Binding> binding_;
  std::unique_ptr<Http3Client> client_;
  std::vector<Action> actions_;
  bool handshake_complete_ = false;
};

// A QUIC client that is not an HTTP/3 client: once the handshake completes and the server's
// control stream has arrived, it writes scripted bytes onto new streams, and records what the
// server does in return.
class RawQuicClientApp final : public sim::SimApplication {
 public:
  struct Write {
    bool bidirectional = false;
    std::vector<uint8_t> bytes;
    bool fin = false;
    size_t stream_index = SIZE_MAX;  // write again to an earlier stream (index into opened)
    std::optional<uint64_t> reset_code = std::nullopt;  // then reset it (RESET_STREAM)
    // Instead of writing: ask the server to stop sending on its stream with this ID.
    std::optional<uint64_t> stop_server_stream = std::nullopt;
  };
  RawQuicClientApp(SocketAddress local, SocketAddress server, std::vector<Write> script)
      : local_(local), server_(server), script_(std::move(script)) {}
  void drive(Instant now, Endpoint& endpoint) override;
  // Connects at the first opportunity.
  Instant next_wakeup() const override {
    return handle_ ? Instant::infinite_future() : Instant::from_nanos(0);
  }

  std::optional<CloseReason> close_reason;
  std::map<uint64_t, uint64_t> stop_sending;  // stream -> code
  std::map<uint64_t, uint64_t> resets;        // stream -> code
  std::map<uint64_t, std::vector<uint8_t>> received;
  std::vector<uint64_t> opened;

 private:
  SocketAddress local_;
  SocketAddress server_;
  std::vector<Write> script_;
  std::optional<ConnectionHandle> handle_;
  bool sent_ = false;
};

// A QUIC server that is not an HTTP/3 server: once the handshake completes it opens
// unidirectional streams carrying scripted bytes (and, if asked, a bidirectional stream of its
// own), and answers every request stream with the scripted response bytes and FIN.
class RawQuicServerApp final : public sim::SimApplication {
 public:
  struct Script {
    std::vector<std::vector<uint8_t>> uni_streams;
    std::vector<uint8_t> response;
    std::optional<std::vector<uint8_t>> own_bidi_stream = std::nullopt;
    bool end_uni_streams = false;  // FIN after each unidirectional stream's bytes
  };
  explicit RawQuicServerApp(Script script) : script_(std::move(script)) {}
  void drive(Instant now, Endpoint& endpoint) override;

  std::optional<CloseReason> close_reason;
  std::map<uint64_t, uint64_t> stop_sending;  // stream -> code
  std::map<uint64_t, uint64_t> resets;        // stream -> code

 private:
  Script script_;
  std::optional<ConnectionHandle> handle_;
  bool streams_opened_ = false;
  std::set<uint64_t> answered_;
};

struct H3SimConfig {
  Duration rtt = Duration::from_millis(20);
  double bandwidth_mbps = 500;  // 0: unlimited
  size_t queue_packets = 0;     // 0: one bandwidth-delay product, at least 64
  double loss = 0;
  uint64_t seed = 1;
  TransportSettings transport;
  ClientConfig client;
  ServerConfig server;
  // The server issues session tickets that allow 0-RTT, and accepts 0-RTT unless told not to.
  bool server_early_data = false;
  bool server_rejects_early_data = false;
  // Runs on the server host instead of the HTTP/3 server (e.g. a RawQuicServerApp).
  sim::SimApplication* server_app = nullptr;
};

// A server host and a client host joined by a symmetric link.
class H3Sim {
 public:
  H3Sim(const H3SimConfig& config, RequestHandlerFactory& handlers);
  ~H3Sim();

  sim::Simulator& sim() { return sim_; }
  H3ServerApp& server_app() { return server_app_; }
  H3ClientApp& client_app() { return *client_app_; }
  Http3Client& client() { return *client_app_->client(); }
  // The HTTP/3 client connects now.
  void start_client();
  // Adds a raw QUIC client that plays `script` against the server.
  RawQuicClientApp& add_raw_client(std::vector<RawQuicClientApp::Write> script);
  // Adds another HTTP/3 client host (not started: call connect_at).
  H3ClientApp& add_client(const ClientConfig& config);

  // Runs until `done()` or `limit` of virtual time passes; false on timeout.
  bool run_until(const std::function<bool()>& done, Duration limit = Duration::from_seconds(60));
  // Runs `action` at virtual time `when` and lets the hosts send what it caused.
  void at(Instant when, std::function<void()> action);

 private:
  H3SimConfig config_;
  sim::Simulator sim_;
  H3ServerApp server_app_;
  std::unique_ptr<H3ClientApp> client_app_;
  std::vector<std::unique_ptr<RawQuicClientApp>> raw_clients_;
  std::vector<std::unique_ptr<H3ClientApp>> more_clients_;
  sim::NodeId server_node_{};
  sim::NodeId client_node_{};
  std::vector<sim::NodeId> nodes_;
  EndpointConfig client_endpoint_config_;
  sim::LinkConfig link_;
  std::vector<std::unique_ptr<SeededRng>> rngs_;
};

}  // namespace quasar::http3::test
