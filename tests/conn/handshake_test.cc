// Connection handshakes over an in-memory link with real TLS (RFC 9000 §7, RFC 9001 §4).
#include <catch2/catch.hpp>

#include "tests/conn/bulk_transfer.h"

#include "tests/conn/test_endpoints.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

TEST_CASE("client and server complete and confirm the handshake", "[handshake]") {
  EndpointPair pair(client_config(), server_config());
  const ConnectionHandle client = pair.connect();
  REQUIRE(run_until_confirmed(pair));
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

namespace quasar::test {
namespace {

// Records every qlog event name and its data.
class RecordingQlog final : public QlogSink {
 public:
  void emit(Instant, std::string_view name, std::string_view data) override {
    events.emplace_back(std::string(name), std::string(data));
  }
  size_t count(std::string_view name) const {
    size_t n = 0;
    for (const auto& e : events) n += e.first == name;
    return n;
  }
  std::vector<std::pair<std::string, std::string>> events;
};

TEST_CASE("qlog records packets, metrics and state changes", "[qlog]") {
  RecordingQlog client_log;
  EndpointConfig client = client_config();
  client.qlog_for = [&](Role, const ConnectionId&) -> QlogSink* { return &client_log; };
  EndpointPair pair(std::move(client), server_config());
  pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::HandshakeConfirmed>(pair.client_events); }));
  CHECK(client_log.count("quic:connection_state_updated") >= 1);
  CHECK(client_log.count("quic:metrics_updated") >= 1);
  CHECK(client_log.count("quic:packet_sent") >= 2);
  CHECK(client_log.count("quic:packet_received") >= 2);
  bool saw_crypto_initial = false;
  for (const auto& [name, data] : client_log.events) {
    if (name == "quic:packet_sent" &&
        data.find(R"("packet_type":"initial")") != std::string::npos &&
        data.find(R"("frame_type":"crypto")") != std::string::npos) {
      saw_crypto_initial = true;
    }
    // Every data object is a JSON object.
    REQUIRE(!data.empty());
    CHECK(data.front() == '{');
    CHECK(data.back() == '}');
  }
  CHECK(saw_crypto_initial);
}

TEST_CASE("qlog metrics carry BBR's state, bandwidth estimate and min_rtt", "[qlog]") {
  RecordingQlog server_log;
  EndpointConfig server = server_config();
  server.transport.congestion_control = "bbr2";
  server.qlog_for = [&](Role, const ConnectionId&) -> QlogSink* { return &server_log; };
  EndpointPair pair(client_config(), std::move(server));
  BulkTransfer transfer({{false, true, 300'000}});
  REQUIRE(run_transfer(pair, transfer));
  bool saw_model = false;
  for (const auto& [name, data] : server_log.events) {
    if (name == "quic:metrics_updated" &&
        data.find(R"("congestion_state":")") != std::string::npos &&
        data.find(R"("bandwidth_estimate":)") != std::string::npos &&
        data.find(R"("cc_min_rtt":)") != std::string::npos) {
      saw_model = true;
    }
  }
  CHECK(saw_model);
}

}  // namespace
}  // namespace quasar::test
