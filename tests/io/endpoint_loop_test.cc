// EndpointLoop: an in-process quasar client and server over loopback sockets, each endpoint
// driven by its own loop (the server's in a thread): a download arrives intact, and a stop
// request or SIGTERM closes the server's connections with CONNECTION_CLOSE.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "crypto/system_rng.h"
#include "quic/io/endpoint_loop.h"
#include "quic/io/monotonic_clock.h"
#include "tests/io/loop_test_apps.h"
#include "tests/io/socket_test_util.h"

namespace quasar::test {
namespace {

// A server endpoint, its socket and loop, running in a thread until stopped.
class ServerThread {
 public:
  explicit ServerThread(bool use_signals = false, const std::string& address = "127.0.0.1:0")
      : socket_(open_socket(address)) {
    endpoint_ = Endpoint::create(server_config(), rng_).value();
    loop_ = EndpointLoop::create(*endpoint_).value();
    REQUIRE(loop_->add_socket(socket_).ok());
    loop_->set_application(&app_);
    thread_ = std::thread([this, use_signals] {
      // Signals are read by the thread that runs the loop.
      if (use_signals && !loop_->stop_on_signals().ok()) return;
      result_ = loop_->run();
      stopped_at_ = monotonic_now();
    });
  }
  ~ServerThread() { join(); }

  void join() {
    if (thread_.joinable()) thread_.join();
  }
  SocketAddress address() const { return socket_.local_address(); }
  bool gso() const { return socket_.gso_enabled(); }
  PatternServer& app() { return app_; }
  EndpointLoop& loop() { return *loop_; }
  Endpoint& endpoint() { return *endpoint_; }
  bool ran_ok() const { return result_.ok(); }
  Instant stopped_at() const { return stopped_at_; }

 private:
  SystemRng rng_;
  UdpSocket socket_;
  std::unique_ptr<Endpoint> endpoint_;
  std::unique_ptr<EndpointLoop> loop_;
  PatternServer app_;
  Result<void, IoError> result_ = Err(IoError{0, "not run"});
  Instant stopped_at_;
  std::thread thread_;
};

struct ClientRun {
  std::unique_ptr<PatternClient> app;
  EndpointLoopStats stats;
  TransmitQueueStats transmit;
  bool ran_ok = false;
};

ClientRun run_client(const SocketAddress& server, uint64_t size, ServerThread* stop_at_1mb,
                     bool finish_when_closed = false) {
  SystemRng rng;
  UdpSocket socket = open_socket(server.is_ipv4() ? "127.0.0.1:0" : "[::1]:0");
  auto endpoint = Endpoint::create(client_config(), rng).value();
  auto loop = EndpointLoop::create(*endpoint).value();
  REQUIRE(loop->add_socket(socket).ok());
  ClientRun run;
  run.app = std::make_unique<PatternClient>(socket.local_address(), server, size,
                                            Duration::from_seconds(20));
  if (finish_when_closed) run.app->finish_when_closed();

  // Wraps the client to ask the server to stop once a megabyte has arrived.
  struct Trigger final : LoopApplication {
    PatternClient& inner;
    ServerThread* server;
    Trigger(PatternClient& i, ServerThread* s) : inner(i), server(s) {}
    void on_turn(Instant now, Endpoint& e) override {
      inner.on_turn(now, e);
      if (server != nullptr && inner.received() >= (1 << 20)) {
        server->loop().request_stop();
        server = nullptr;
      }
    }
    Instant next_wakeup() const override { return inner.next_wakeup(); }
    void on_stop(Instant now, Endpoint& e) override { inner.on_stop(now, e); }
    bool finished() const override { return inner.finished(); }
  } trigger(*run.app, stop_at_1mb);
  loop->set_application(&trigger);
  run.ran_ok = loop->run().ok();
  run.stats = loop->stats();
  run.transmit = loop->transmit_stats();
  return run;
}

TEST_CASE("The event loop downloads 4 MB intact between in-process endpoints", "[io][loop]") {
  const std::string address = GENERATE(std::string("127.0.0.1:0"), std::string("[::1]:0"));
  ServerThread server(false, address);
  const uint64_t size = 4 << 20;
  ClientRun client = run_client(server.address(), size, nullptr);
  server.loop().request_stop();
  server.join();

  CAPTURE(address);
  REQUIRE(client.ran_ok);
  INFO(client.app->error());
  CHECK(client.app->error().empty());
  CHECK(client.app->done());
  CHECK(client.app->received() == size);
  CHECK(server.ran_ok());
  CHECK(server.app().bytes_sent() == size);
  // The data came in batches: far fewer receive calls than datagrams.
  CHECK(client.stats.datagrams_received > size / 1500);
  CHECK(client.stats.receive_calls < client.stats.datagrams_received);
  const TransmitQueueStats& sent = server.loop().transmit_stats();
  CHECK(sent.datagrams_sent > size / 1500);
  CHECK(sent.send_errors == 0);
  CHECK(server.gso() == (sent.gso_batches > 0));
  CHECK(client.transmit.send_errors == 0);
}

TEST_CASE("A large receive batch reaches the endpoint in turns of datagrams_per_turn",
          "[io][loop]") {
  // 160 datagrams wait in the socket before the loop starts: one recvmmsg takes them all as
  // four GRO messages of 40 (or five calls of 32 without GRO). A turn after every 16, even
  // inside a GRO message, lets ACKs out while the rest are handled, so a sender is not left
  // waiting for the whole batch.
  SystemRng rng;
  EndpointConfig config = client_config();
  config.send_stateless_resets = false;
  auto endpoint = Endpoint::create(std::move(config), rng).value();
  EndpointLoopOptions options;
  options.datagrams_per_turn = 16;
  auto loop = EndpointLoop::create(*endpoint, options).value();
  UdpSocket socket = open_socket("127.0.0.1:0");
  REQUIRE(loop->add_socket(socket).ok());

  UdpSocket sender = open_socket("127.0.0.1:0");
  TransmitQueue queue(1);
  constexpr size_t kBatches = 4, kPerBatch = 40, kSize = 100;
  // Short-header packets for connections nobody has: dropped without an answer.
  std::vector<uint8_t> payload = pattern(kPerBatch * kSize, 3);
  for (size_t i = 0; i < kPerBatch; ++i) payload[i * kSize] = 0x40;
  for (size_t b = 0; b < kBatches; ++b) {
    send_batch(queue, sender, socket.local_address(), payload, kSize);
  }

  struct CountTurns final : LoopApplication {
    size_t turns = 0;
    size_t expected = 0;
    Instant deadline = monotonic_now() + Duration::from_seconds(5);
    bool done = false;
    void on_turn(Instant now, Endpoint& e) override {
      ++turns;
      done = e.stats().datagrams_received >= expected || now >= deadline;
    }
    Instant next_wakeup() const override { return deadline; }
    void on_stop(Instant, Endpoint&) override { done = true; }
    bool finished() const override { return done; }
  } app;
  app.expected = kBatches * kPerBatch;
  loop->set_application(&app);
  REQUIRE(loop->run().ok());

  REQUIRE(endpoint->stats().datagrams_received == kBatches * kPerBatch);
  INFO("GRO messages: " << loop->stats().gro_messages);
  CHECK(loop->stats().turns >= kBatches * kPerBatch / 16);
}

TEST_CASE("A stop request closes the server's connections with CONNECTION_CLOSE", "[io][loop]") {
  ServerThread server;
  // Far more than can be sent before the stop: the transfer is cut short by the server.
  ClientRun client = run_client(server.address(), uint64_t{1} << 34, &server, true);
  const Instant client_done = monotonic_now();
  server.join();

  REQUIRE(client.ran_ok);
  REQUIRE(client.app->close_reason().has_value());
  const CloseReason& reason = *client.app->close_reason();
  INFO(reason.to_string());
  CHECK(reason.kind == CloseReason::Kind::kRemote);
  CHECK(reason.error.application);
  CHECK(reason.error.code == PatternServer::kShutdownCode);
  CHECK(reason.reason == "shutting down");
  CHECK(client.app->received() >= (1 << 20));
  CHECK(server.ran_ok());
  // The server returned promptly, not after its grace period or idle timeout.
  CHECK(server.stopped_at() - client_done < Duration::from_seconds(2));
}

TEST_CASE("SIGTERM stops the loop the same way", "[io][loop]") {
  ServerThread server(/*use_signals=*/true);
  server.app().raise_sigterm_after(1 << 20);
  ClientRun client = run_client(server.address(), uint64_t{1} << 34, nullptr, true);
  server.join();

  REQUIRE(client.ran_ok);
  REQUIRE(client.app->close_reason().has_value());
  INFO(client.app->close_reason()->to_string());
  CHECK(client.app->close_reason()->kind == CloseReason::Kind::kRemote);
  CHECK(client.app->close_reason()->error.code == PatternServer::kShutdownCode);
  CHECK(server.ran_ok());
  CHECK(server.loop().stopping());
}

TEST_CASE("run() without a socket fails instead of spinning", "[io][loop]") {
  SystemRng rng;
  auto endpoint = Endpoint::create(client_config(), rng).value();
  auto loop = EndpointLoop::create(*endpoint).value();
  CHECK_FALSE(loop->run().ok());
}

}  // namespace
}  // namespace quasar::test
