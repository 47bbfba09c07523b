// Connection handshakes over an in-memory link with real TLS (RFC 9000 §7, RFC 9001 §4).
#include <catch2/catch.hpp>

#include "tests/conn/test_endpoints.h"

namespace quasar::test {
namespace {

template <typename E>
bool has_event(const std::vector<EndpointEvent>& events) {
  for (const auto& e : events) {
    if (std::holds_alternative<E>(e.event)) return true;
  }
  return false;
}

TEST_CASE("client and server complete and confirm the handshake", "[handshake]") {
  EndpointPair pair(client_config(), server_config());
  const ConnectionHandle client = pair.connect();
  REQUIRE(pair.run_until([&] {
    return has_event<event::HandshakeConfirmed>(pair.client_events) &&
           has_event<event::HandshakeConfirmed>(pair.server_events);
  }));
  Connection* c = pair.client().connection(client);
  REQUIRE(c);
  CHECK(c->is_handshake_complete());
  CHECK(c->tls().alpn() == "test");
  CHECK(has_event<event::HandshakeCompleted>(pair.client_events));
  CHECK(has_event<event::IncomingConnection>(pair.server_events));
}

TEST_CASE("a stream carries 1 MB from client to server", "[stream]") {
  EndpointPair pair(client_config(), server_config());
  const ConnectionHandle client = pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::HandshakeConfirmed>(pair.client_events); }));
  Connection& c = *pair.client().connection(client);
  auto id = c.open_stream(true);
  REQUIRE(id.ok());
  std::vector<uint8_t> payload(1 << 20);
  SeededRng rng(3);
  rng.fill(payload);
  size_t written = 0;
  std::vector<uint8_t> received;
  bool fin = false;
  ConnectionHandle server_handle = pair.server_events.front().connection;
  REQUIRE(pair.run_until([&] {
    if (written < payload.size()) {
      auto n = c.write(*id, std::span(payload).subspan(written));
      if (n.ok()) written += *n;
      if (written == payload.size()) REQUIRE(c.finish(*id).ok());
    }
    Connection* s = pair.server().connection(server_handle);
    if (s) {
      std::vector<uint8_t> buf(65536);
      while (true) {
        auto r = s->read(*id, buf, pair.now());
        if (!r.ok() || r->bytes == 0) {
          if (r.ok() && r->fin) fin = true;
          break;
        }
        received.insert(received.end(), buf.begin(), buf.begin() + r->bytes);
        if (r->fin) fin = true;
      }
    }
    return fin;
  }));
  CHECK(received == payload);
}

}  // namespace
}  // namespace quasar::test
