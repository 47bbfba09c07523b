// Helpers for connection tests: TLS setups from the test certificates and an in-memory pair of
// endpoints that exchanges datagrams directly (no loss, fixed one-way delay).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"
#include "quic/base/rng.h"
#include "quic/endpoint/endpoint.h"

namespace quasar::test {

inline std::string cert_path(const std::string& name) {
  return std::string(QUASAR_TEST_CERTS_DIR) + "/" + name;
}

inline ServerTlsFactory test_server_tls(const std::vector<std::string>& alpn = {"test"},
                                        const std::string& leaf = "leaf-ecdsa") {
  TlsServerConfig config;
  config.alpn = alpn;
  config.certificate_chain_file = cert_path(leaf + ".pem");
  config.private_key_file = cert_path(leaf + ".key");
  auto context = TlsServerContext::create(config);
  if (!context.ok()) std::abort();
  return server_tls_factory(*context);
}

inline ClientTlsFactory test_client_tls(const std::vector<std::string>& alpn = {"test"},
                                        CipherSuiteSet suites = CipherSuiteSet::all()) {
  TlsClientConfig config;
  config.alpn = alpn;
  config.ca_file = cert_path("ca.pem");
  config.cipher_suites = suites;
  auto context = TlsClientContext::create(config);
  if (!context.ok()) std::abort();
  return client_tls_factory(*context);
}

// Two endpoints joined by a perfect link with a fixed one-way delay, driven by a virtual clock.
class EndpointPair {
 public:
  static constexpr size_t kMaxDatagram = 65536;

  EndpointPair(EndpointConfig client_config, EndpointConfig server_config, uint64_t seed = 1)
      : rng_(seed) {
    client_ = Endpoint::create(std::move(client_config), rng_).value();
    server_ = Endpoint::create(std::move(server_config), rng_).value();
  }

  Endpoint& client() { return *client_; }
  Endpoint& server() { return *server_; }
  Instant now() const { return now_; }
  SocketAddress client_address = *SocketAddress::parse("10.0.0.1:5000");
  SocketAddress server_address = *SocketAddress::parse("10.0.0.2:443");
  Duration one_way_delay = Duration::from_millis(10);
  // The server accepts every incoming connection.
  bool auto_accept = true;
  // Sees (and may alter) every datagram before it is delivered; false drops it.
  std::function<bool(bool to_server, std::vector<uint8_t>& datagram)> tap;
  // Datagrams larger than this vanish, as on a path with that MTU (UDP payload bytes).
  size_t link_mtu = SIZE_MAX;
  // When set, datagrams for which it returns true are dropped (`to_server`: the direction).
  std::function<bool(bool to_server, std::span<const uint8_t> datagram)> drop;
  // Multi-segment transmits arrive whole, as a GRO read returns them, through
  // Endpoint::handle_datagrams() (the per-datagram hooks above are not applied to them).
  bool deliver_as_gro = false;
  // Datagrams sent to these addresses vanish.
  std::vector<SocketAddress> unreachable;
  // Sees every datagram sent, with the addresses of its Transmit.
  std::function<void(bool to_server, const SocketAddress& from, const SocketAddress& to,
                     std::span<const uint8_t> datagram)>
      observe;

  ConnectionHandle connect(const std::string& server_name = "localhost") {
    ConnectOptions options;
    options.server_name = server_name;
    return connect(options);
  }
  ConnectionHandle connect(const ConnectOptions& options) {
    auto handle = client_->connect(now_, client_address, server_address, options);
    if (!handle.ok()) {
      fprintf(stderr, "connect: %s\n", handle.error().message.c_str());
      std::abort();
    }
    return *handle;
  }

  // Runs until `done()` holds or `limit` of virtual time passes; false on timeout.
  template <typename Done>
  bool run_until(Done done, Duration limit = Duration::from_seconds(30)) {
    const Instant deadline = now_ + limit;
    while (true) {
      drain_events();
      if (done()) return true;
      if (!step(deadline)) {
        drain_events();
        return done();
      }
    }
  }

  // Events collected from both sides, in order.
  std::vector<EndpointEvent> client_events;
  std::vector<EndpointEvent> server_events;

 private:
  struct InFlight {
    Instant arrival;
    bool to_server;
    SocketAddress source;  // the sender's local address (the server's: where it sent from)
    SocketAddress destination;
    std::vector<uint8_t> bytes;
    size_t segment_size = 0;  // a GRO batch of datagrams of this size (deliver_as_gro)
  };

  void flush(Endpoint& from, bool to_server) {
    std::vector<uint8_t> buffer(kMaxDatagram);
    while (auto t = from.poll_transmit(now_, buffer, 16)) {
      if (deliver_as_gro && t->size > t->segment_size) {
        in_flight_.push_back({now_ + one_way_delay, to_server, t->source, t->destination,
                              std::vector<uint8_t>(buffer.begin(), buffer.begin() + t->size),
                              t->segment_size});
        continue;
      }
      for (size_t offset = 0; offset < t->size; offset += t->segment_size) {
        const size_t n = std::min(t->segment_size, t->size - offset);
        if (observe)
          observe(to_server, t->source, t->destination, std::span(buffer).subspan(offset, n));
        if (n > link_mtu) continue;
        if (std::find(unreachable.begin(), unreachable.end(), t->destination) !=
            unreachable.end()) {
          continue;
        }
        if (drop && drop(to_server, std::span(buffer).subspan(offset, n))) continue;
        in_flight_.push_back(
            {now_ + one_way_delay, to_server, t->source, t->destination,
             std::vector<uint8_t>(buffer.begin() + offset, buffer.begin() + offset + n), 0});
      }
    }
  }

  void drain_events() {
    while (auto e = server_->poll_event()) {
      if (auto_accept && std::holds_alternative<event::IncomingConnection>(e->event)) {
        server_->accept(e->connection);
      }
      server_events.push_back(std::move(*e));
    }
    while (auto e = client_->poll_event()) client_events.push_back(std::move(*e));
  }

  bool step(Instant deadline) {
    flush(*client_, true);
    flush(*server_, false);
    Instant next = std::min(client_->next_timeout(), server_->next_timeout());
    for (const auto& d : in_flight_) next = std::min(next, d.arrival);
    if (next > deadline || next.is_infinite()) {
      if (!deadline.is_infinite()) now_ = std::max(now_, deadline);
      return false;
    }
    now_ = std::max(now_, next);
    // Deliver everything due, in order of arrival.
    std::deque<InFlight> due;
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
      if (it->arrival <= now_) {
        due.push_back(std::move(*it));
        it = in_flight_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto& d : due) {
      if (tap && !tap(d.to_server, d.bytes)) continue;
      // The client is seen at client_address (which a test may change, as a NAT would); the
      // server receives on the address the client sent to, and answers from where it sent.
      if (d.to_server) {
        server_->handle_datagrams(now_, d.destination, client_address, Ecn::kNotEct, d.bytes,
                                  d.segment_size);
      } else {
        client_->handle_datagrams(now_, client_address, d.source, Ecn::kNotEct, d.bytes,
                                  d.segment_size);
      }
    }
    if (client_->next_timeout() <= now_) client_->handle_timeout(now_);
    if (server_->next_timeout() <= now_) server_->handle_timeout(now_);
    return true;
  }

  SeededRng rng_;
  std::unique_ptr<Endpoint> client_;
  std::unique_ptr<Endpoint> server_;
  Instant now_ = Instant::from_nanos(1'000'000'000);
  std::deque<InFlight> in_flight_;
};

inline EndpointConfig client_config() {
  EndpointConfig c;
  c.client_tls = test_client_tls();
  return c;
}

inline EndpointConfig server_config() {
  EndpointConfig c;
  c.server_tls = test_server_tls();
  return c;
}

}  // namespace quasar::test
