// Resumption and 0-RTT with real TLS (RFC 9001 §4.6, RFC 9000 §7.4.1): a client resumes with
// the session of an earlier connection, sends stream data before the handshake completes, and
// the data arrives whether the server accepts 0-RTT or not.
#include <catch2/catch.hpp>

#include "crypto/tls_server_context.h"
#include "tests/conn/test_endpoints.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

// One TLS server context for every connection of a test, so tickets it issues resume.
ServerTlsFactory early_data_server_tls(bool enable_early_data = true) {
  TlsServerConfig config;
  config.alpn = {"test"};
  config.certificate_chain_file = cert_path("leaf-ecdsa.pem");
  config.private_key_file = cert_path("leaf-ecdsa.key");
  config.enable_early_data = enable_early_data;
  auto context = TlsServerContext::create(config);
  if (!context.ok()) std::abort();
  return server_tls_factory(*context);
}

EndpointConfig server_with(const ServerTlsFactory& tls) {
  EndpointConfig c;
  c.server_tls = tls;
  return c;
}

// A full handshake that ends with a session ticket for the client.
std::vector<uint8_t> first_session(const ServerTlsFactory& tls) {
  EndpointPair pair(client_config(), server_with(tls));
  pair.connect();
  if (!pair.run_until([&] { return has_event<event::SessionTicket>(pair.client_events); })) {
    std::abort();
  }
  return find_event<event::SessionTicket>(pair.client_events)->ticket;
}

struct Resumed {
  EndpointPair pair;
  ConnectionHandle client = 0;
  uint64_t stream = 0;
  size_t size = 0;
  bool written = false;
  std::vector<uint8_t> received;
  bool fin = false;

  Resumed(EndpointConfig server, const std::vector<uint8_t>& session, size_t data_size)
      : pair(client_config(), std::move(server)), size(data_size) {
    ConnectOptions options;
    options.server_name = "localhost";
    options.session = session;
    client = pair.connect(options);
    // Written before any packet leaves when the session allows 0-RTT; otherwise as soon as
    // the handshake gives stream credit.
    try_write();
  }

  void try_write() {
    if (written) return;
    Connection* c = pair.client().connection(client);
    auto id = c->open_stream(true);
    if (!id.ok()) return;
    stream = *id;
    std::vector<uint8_t> data(size);
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(i * 7);
    if (c->write(stream, data).value() != size || !c->finish(stream).ok()) std::abort();
    written = true;
  }

  Connection* server() {
    return pair.server_events.empty()
               ? nullptr
               : pair.server().connection(pair.server_events.front().connection);
  }

  bool run() {
    return pair.run_until([&] {
      try_write();
      Connection* s = server();
      if (!s || !written) return false;
      std::vector<uint8_t> buffer(4096);
      while (auto r = s->read(stream, buffer, pair.now())) {
        if (!r.ok()) break;
        received.insert(received.end(), buffer.begin(), buffer.begin() + r->bytes);
        fin = fin || r->fin;
        if (r->bytes == 0) break;
      }
      return fin && has_event<event::HandshakeConfirmed>(pair.client_events);
    });
  }

  bool intact() const {
    if (received.size() != size) return false;
    for (size_t i = 0; i < size; ++i) {
      if (received[i] != static_cast<uint8_t>(i * 7)) return false;
    }
    return true;
  }
};

TEST_CASE("0-RTT accepted: stream data arrives before the handshake completes", "[0rtt]") {
  const ServerTlsFactory tls = early_data_server_tls();
  const auto session = first_session(tls);
  Resumed r(server_with(tls), session, 5000);
  REQUIRE(r.run());
  CHECK(r.intact());
  Connection* c = r.pair.client().connection(r.client);
  CHECK(c->tls().resumed());
  CHECK(c->early_data_state() == EarlyDataState::kAccepted);
  CHECK(c->stats().zero_rtt_stream_bytes_sent == 5000);
  CHECK(r.server()->stream_has_early_data(r.stream));
  CHECK(r.server()->stats().zero_rtt_stream_bytes_received == 5000);
  CHECK(r.server()->tls().resumed());  // no certificate in a resumed handshake
  CHECK_FALSE(has_event<event::ZeroRttRejected>(r.pair.client_events));
}

TEST_CASE("0-RTT rejected: the data is sent again in 1-RTT", "[0rtt]") {
  const ServerTlsFactory tls = early_data_server_tls();
  const auto session = first_session(tls);
  // Other transport settings than the ticket was issued under: 0-RTT is refused (§7.4.1)
  // though the session resumes.
  EndpointConfig server = server_with(tls);
  server.transport.initial_max_data += 1;
  Resumed r(std::move(server), session, 5000);
  REQUIRE(r.run());
  CHECK(r.intact());
  Connection* c = r.pair.client().connection(r.client);
  CHECK(c->tls().resumed());
  CHECK(c->early_data_state() == EarlyDataState::kRejected);
  CHECK(c->stats().zero_rtt_stream_bytes_sent > 0);
  CHECK(has_event<event::ZeroRttRejected>(r.pair.client_events));
  CHECK_FALSE(r.server()->stream_has_early_data(r.stream));
}

TEST_CASE("resumption without 0-RTT on a server that does not allow it", "[0rtt]") {
  const ServerTlsFactory tls = early_data_server_tls(false);
  const auto session = first_session(tls);
  Resumed r(server_with(tls), session, 3000);
  REQUIRE(r.run());
  CHECK(r.intact());
  Connection* c = r.pair.client().connection(r.client);
  CHECK(c->tls().resumed());
  CHECK(c->early_data_state() == EarlyDataState::kNotAttempted);
  CHECK(c->stats().zero_rtt_stream_bytes_sent == 0);
}

}  // namespace
}  // namespace quasar::test
