// Closing connections (RFC 9000 §10): idle timeout, application close, closing and draining,
// refusal, and handshake failures reported on both sides.
#include <catch2/catch.hpp>

#include "crypto/tls_alert.h"
#include "tests/conn/test_endpoints.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

bool closed(const std::vector<EndpointEvent>& events) {
  return has_event<event::ConnectionClosed>(events);
}

CloseReason close_reason(const std::vector<EndpointEvent>& events) {
  return find_event<event::ConnectionClosed>(events)->reason;
}

TEST_CASE("idle timeout closes both sides silently", "[close]") {
  EndpointConfig client = client_config();
  client.transport.max_idle_timeout = Duration::from_seconds(2);
  EndpointPair pair(std::move(client), server_config());
  pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::HandshakeConfirmed>(pair.client_events); }));
  const Instant confirmed = pair.now();
  REQUIRE(pair.run_until([&] { return closed(pair.client_events) && closed(pair.server_events); }));
  CHECK(close_reason(pair.client_events).kind == CloseReason::Kind::kIdleTimeout);
  CHECK(close_reason(pair.server_events).kind == CloseReason::Kind::kIdleTimeout);
  // The negotiated timeout is the smaller one (RFC 9000 §10.1).
  CHECK(pair.now() - confirmed >= Duration::from_seconds(2));
  CHECK(pair.now() - confirmed < Duration::from_seconds(3));
  REQUIRE(pair.run_until([&] {
    return pair.client().connection_count() == 0 && pair.server().connection_count() == 0;
  }));
}

TEST_CASE("application close reaches the peer with its code and reason", "[close]") {
  EndpointPair pair(client_config(), server_config());
  const ConnectionHandle handle = pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::HandshakeConfirmed>(pair.client_events); }));
  pair.client().connection(handle)->close(pair.now(), 0x42, "bye");
  REQUIRE(pair.run_until([&] { return closed(pair.server_events); }));
  const CloseReason remote = close_reason(pair.server_events);
  CHECK(remote.kind == CloseReason::Kind::kRemote);
  CHECK(remote.error.application);
  CHECK(remote.error.code == 0x42);
  CHECK(remote.reason == "bye");
  const CloseReason local = close_reason(pair.client_events);
  CHECK(local.kind == CloseReason::Kind::kLocal);
  CHECK(pair.client().connection(handle)->state() == Connection::State::kClosing);
  // Closing and draining last three PTOs, then both connections are gone.
  REQUIRE(pair.run_until([&] {
    return pair.client().connection_count() == 0 && pair.server().connection_count() == 0;
  }));
}

TEST_CASE("closing during the handshake sends APPLICATION_ERROR in Initial packets", "[close]") {
  EndpointPair pair(client_config(), server_config());
  const ConnectionHandle handle = pair.connect();
  pair.client().connection(handle)->close(pair.now(), 7, "changed my mind");
  REQUIRE(pair.run_until([&] { return closed(pair.server_events); }));
  const CloseReason remote = close_reason(pair.server_events);
  // RFC 9000 §10.2.3: application errors become APPLICATION_ERROR before 1-RTT.
  CHECK_FALSE(remote.error.application);
  CHECK(remote.error.code == static_cast<uint64_t>(TransportError::kApplicationError));
}

TEST_CASE("a refused connection ends with CONNECTION_REFUSED at the client", "[close]") {
  EndpointPair pair(client_config(), server_config());
  pair.auto_accept = false;
  pair.connect();
  REQUIRE(pair.run_until([&] { return has_event<event::IncomingConnection>(pair.server_events); }));
  pair.server().refuse(pair.now(), pair.server_events.front().connection);
  REQUIRE(pair.run_until([&] { return closed(pair.client_events); }));
  const CloseReason reason = close_reason(pair.client_events);
  CHECK(reason.kind == CloseReason::Kind::kRemote);
  CHECK(reason.error.code == static_cast<uint64_t>(TransportError::kConnectionRefused));
  CHECK(pair.server().stats().connections_refused == 1);
}

TEST_CASE("ALPN mismatch ends both sides with CRYPTO_ERROR no_application_protocol",
          "[close][tls]") {
  EndpointConfig client = client_config();
  client.client_tls = test_client_tls({"other"});
  EndpointPair pair(std::move(client), server_config());
  pair.connect();
  REQUIRE(pair.run_until([&] { return closed(pair.client_events) && closed(pair.server_events); }));
  const uint64_t code = crypto_error_code(static_cast<uint8_t>(TlsAlert::kNoApplicationProtocol));
  CHECK(code == 0x178);
  CHECK(close_reason(pair.server_events).error.code == code);
  CHECK(close_reason(pair.server_events).kind == CloseReason::Kind::kLocal);
  CHECK(close_reason(pair.client_events).error.code == code);
  CHECK(close_reason(pair.client_events).kind == CloseReason::Kind::kRemote);
  CHECK(close_reason(pair.client_events).to_string().find("no_application_protocol") !=
        std::string::npos);
}

TEST_CASE("an untrusted certificate ends the handshake with a certificate alert", "[close][tls]") {
  EndpointConfig server = server_config();
  server.server_tls = test_server_tls({"test"}, "leaf-untrusted");
  EndpointPair pair(client_config(), std::move(server));
  pair.connect();
  REQUIRE(pair.run_until([&] { return closed(pair.client_events) && closed(pair.server_events); }));
  const CloseReason client_reason = close_reason(pair.client_events);
  CHECK(client_reason.kind == CloseReason::Kind::kLocal);
  CHECK(client_reason.error.code >= 0x100);
  CHECK(client_reason.error.code <= 0x1ff);
  CHECK(close_reason(pair.server_events).error.code == client_reason.error.code);
  CHECK_FALSE(has_event<event::HandshakeCompleted>(pair.client_events));
}

TEST_CASE("a certificate for another host name is rejected", "[close][tls]") {
  EndpointPair pair(client_config(), server_config());
  pair.connect("not-localhost.example");
  REQUIRE(pair.run_until([&] { return closed(pair.client_events); }));
  const CloseReason reason = close_reason(pair.client_events);
  CHECK(reason.error.code >= 0x100);
  CHECK_FALSE(has_event<event::HandshakeCompleted>(pair.client_events));
}

}  // namespace
}  // namespace quasar::test
