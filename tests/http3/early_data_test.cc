// 0-RTT safety (RFC 8470) at the transport-independent layer: the transports say the handshake
// is not complete, as they would while requests ride in 0-RTT. Safe requests are answered,
// unsafe ones get 425 (Too Early) and are retried by the client once the handshake completes.
#include <catch2/catch.hpp>

#include "tests/http3/http3_pair.h"

namespace quasar::http3::test {
namespace {

std::span<const uint8_t> text(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST_CASE("0-RTT GET is answered; 0-RTT POST gets 425 and is retried after the handshake",
          "[http3][early-data]") {
  ClientConfig client_config;
  client_config.unsafe_methods_in_early_data = true;
  Http3Pair pair(client_config, {}, /*handshake_done=*/false);
  const auto get = pair.client.send_request(pair.get("/bytes/100"));
  const auto post = pair.client.send_request(pair.post("/echo"), false);
  REQUIRE(pair.client.send_body(*post, text("hello"), true).ok());
  const uint64_t first_post_stream = *pair.client.stream_id(*post);
  pair.run();

  const auto& g = pair.events.at(*get);
  REQUIRE(g.complete);
  CHECK(g.body == pattern(100));
  REQUIRE(pair.router.seen.size() == 1);
  CHECK(pair.router.seen[0].head.method == "GET");
  CHECK(pair.router.seen[0].early_data);

  // The 425 never reaches the application: the request waits to be sent again.
  CHECK(pair.events.responses.count(*post) == 0);
  CHECK(pair.server.stats().too_early == 1);
  CHECK(pair.client.stats().too_early_retries == 1);
  CHECK(pair.client.stats().sent_in_early_data == 2);
  CHECK_FALSE(pair.client.stream_id(*post));
  CHECK(pair.client_transport.streams[first_post_stream].stop_sending_code == 0x10c);

  pair.pipe.complete_handshake();
  pair.run();
  const auto& p = pair.events.at(*post);
  REQUIRE(p.complete);
  CHECK(p.head->status == 200);
  CHECK(p.body == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
  REQUIRE(pair.router.seen.size() == 2);
  CHECK(pair.router.seen[1].head.method == "POST");
  CHECK_FALSE(pair.router.seen[1].early_data);
  CHECK(*pair.client.stream_id(*post) != first_post_stream);
  CHECK(pair.client.stats().sent_in_early_data == 2);  // the retry went after the handshake
}

TEST_CASE("by default a client holds unsafe requests until the handshake completes",
          "[http3][early-data]") {
  Http3Pair pair({}, {}, /*handshake_done=*/false);
  const auto get = pair.client.send_request(pair.get("/bytes/5"));
  const auto put = pair.client.send_request(RequestHead{"PUT", "https", "a", "/echo", {}}, false);
  REQUIRE(pair.client.send_body(*put, text("data"), false).ok());
  REQUIRE(pair.client.send_trailers(*put, {{"x-done", "1"}}).ok());
  pair.run();
  CHECK(pair.events.at(*get).complete);
  CHECK_FALSE(pair.client.stream_id(*put));
  CHECK(pair.router.seen.size() == 1);
  pair.pipe.complete_handshake();
  pair.run();
  const auto& p = pair.events.at(*put);
  REQUIRE(p.complete);
  CHECK(p.body == std::vector<uint8_t>{'d', 'a', 't', 'a'});
  CHECK(p.trailers == Fields{{"x-done", "1"}});
  CHECK(pair.server.stats().too_early == 0);
  CHECK(pair.client.stats().sent_in_early_data == 1);
}

TEST_CASE("without automatic retry the 425 reaches the application", "[http3][early-data]") {
  ClientConfig client_config;
  client_config.unsafe_methods_in_early_data = true;
  client_config.retry_too_early = false;
  Http3Pair pair(client_config, {}, false);
  const auto post = pair.client.send_request(pair.post("/echo"));
  pair.run();
  const auto& p = pair.events.at(*post);
  REQUIRE(p.complete);
  CHECK(p.head->status == 425);
  CHECK(pair.router.seen.empty());
}

TEST_CASE("a request too large to keep for a retry gets its 425", "[http3][early-data]") {
  ClientConfig client_config;
  client_config.unsafe_methods_in_early_data = true;
  client_config.max_retained_early_body = 100;
  Http3Pair pair(client_config, {}, false);
  const auto post = pair.client.send_request(pair.post("/echo"), false);
  REQUIRE(pair.client.send_body(*post, pattern(101), true).ok());
  pair.run();
  CHECK(pair.events.at(*post).head->status == 425);
}

TEST_CASE("the server's early-data policy is configurable", "[http3][early-data]") {
  ClientConfig client_config;
  client_config.unsafe_methods_in_early_data = true;
  SECTION("accept everything") {
    ServerConfig server_config;
    server_config.early_data.mode = EarlyDataPolicy::Mode::kAcceptAll;
    Http3Pair pair(client_config, server_config, false);
    const auto post = pair.client.send_request(pair.post("/echo"));
    pair.run();
    CHECK(pair.events.at(*post).head->status == 200);
    CHECK(pair.router.seen.at(0).early_data);
  }
  SECTION("reject everything, GET included") {
    ServerConfig server_config;
    server_config.early_data.mode = EarlyDataPolicy::Mode::kRejectAll;
    Http3Pair pair(client_config, server_config, false);
    const auto get = pair.client.send_request(pair.get("/bytes/3"));
    pair.run();
    CHECK(pair.events.responses.count(*get) == 0);  // being retried
    pair.pipe.complete_handshake();
    pair.run();
    CHECK(pair.events.at(*get).body == pattern(3));
    CHECK(pair.server.stats().too_early == 1);
  }
  SECTION("a per-resource decision") {
    ServerConfig server_config;
    server_config.early_data.mode = EarlyDataPolicy::Mode::kCustom;
    server_config.early_data.allow = [](const RequestHead& h) { return h.path == "/echo"; };
    Http3Pair pair(client_config, server_config, false);
    const auto post = pair.client.send_request(pair.post("/echo"));
    const auto other = pair.client.send_request(pair.get("/bytes/1"));
    pair.run();
    CHECK(pair.events.at(*post).complete);
    CHECK(pair.events.responses.count(*other) == 0);
  }
}

TEST_CASE("0-RTT data processed after the handshake is served, and marked early",
          "[http3][early-data]") {
  // The transport held the request's 0-RTT packets until the handshake completed (or they
  // were reordered): no replay can complete a handshake, so it is safe (RFC 8470 §3).
  Http3Pair pair;
  pair.server_transport.early_streams = {0};
  const auto post = pair.client.send_request(pair.post("/echo"), false);
  const auto later = pair.client.send_request(pair.post("/echo"), false);
  REQUIRE(pair.client.send_body(*post, text("early"), true).ok());
  REQUIRE(pair.client.send_body(*later, text("late"), true).ok());
  pair.run();
  CHECK(pair.events.at(*post).head->status == 200);
  CHECK(pair.events.at(*later).head->status == 200);
  CHECK(pair.server.stats().too_early == 0);
  REQUIRE(pair.router.seen.size() == 2);
  CHECK(pair.router.seen[0].stream_id == 0);
  CHECK(pair.router.seen[0].early_data);
  CHECK_FALSE(pair.router.seen[1].early_data);
}

TEST_CASE("an Early-Data request is too early even after the handshake", "[http3][early-data]") {
  Http3Pair pair;
  RequestHead forwarded = pair.post("/echo");
  forwarded.headers.push_back({"early-data", "1"});
  const auto id = pair.client.send_request(forwarded);
  pair.run();
  // The client itself did not use early data, so it does not retry (RFC 8470 §5.2).
  CHECK(pair.events.at(*id).head->status == 425);
}

TEST_CASE("0-RTT with remembered settings: the server must not lower them",
          "[http3][early-data][settings]") {
  Settings remembered;
  remembered.qpack_max_table_capacity = 4096;
  remembered.qpack_blocked_streams = 16;
  remembered.max_field_section_size = 64 * 1024;
  ClientConfig client_config;
  client_config.remembered_server_settings = remembered;

  RequestHead indexable = Http3Pair{}.get("/bytes/1");
  indexable.headers.push_back({"x-indexed", "a value for the dynamic table"});

  SECTION("compatible") {
    Http3Pair pair(client_config, {}, false);
    pair.client_transport.early_data_accepted_flag = true;
    CHECK(pair.client.effective_peer_settings() == remembered);
    const auto id = pair.client.send_request(indexable);
    // What goes out in 0-RTT never relies on the remembered table (RFC 9001 §4.6.2).
    CHECK(pair.client.qpack_encoder().table().insert_count() == 0);
    pair.run();
    CHECK(pair.events.at(*id).complete);
    CHECK_FALSE(pair.client.is_closed());
    // Once the server's SETTINGS are in, the table is used.
    const auto again = pair.client.send_request(indexable);
    pair.run();
    CHECK(pair.events.at(*again).complete);
    CHECK(pair.client.qpack_encoder().table().insert_count() > 0);
  }
  SECTION("lowered") {
    ServerConfig server_config;
    server_config.connection.qpack_max_table_capacity = 1024;
    Http3Pair pair(client_config, server_config, false);
    pair.client_transport.early_data_accepted_flag = true;
    pair.run();
    CHECK(pair.client.is_closed());
    REQUIRE(pair.client.error());
    CHECK(pair.client.error()->is(Http3ErrorCode::kSettingsError));
    CHECK(pair.client_transport.close_code == 0x109);
  }
  SECTION("lowered, but 0-RTT was rejected: the new settings simply apply") {
    // The transport sends the rejected 0-RTT bytes again in 1-RTT; the server must be able to
    // decode them with the table it really has, which is smaller than the remembered one.
    ServerConfig server_config;
    server_config.connection.qpack_max_table_capacity = 1024;
    Http3Pair pair(client_config, server_config, false);
    const auto id = pair.client.send_request(indexable);
    pair.run();
    CHECK_FALSE(pair.client.is_closed());
    CHECK_FALSE(pair.server.is_closed());
    CHECK(pair.events.at(*id).complete);
    CHECK(pair.client.effective_peer_settings().qpack_max_table_capacity == 1024);
  }
}

}  // namespace
}  // namespace quasar::http3::test
