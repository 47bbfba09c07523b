// The client and server exchanging requests over an in-memory transport: bodies of many sizes
// under flow control, trailers, informational responses, many concurrent requests with QPACK's
// dynamic table (and blocked sections), cancellation, GOAWAY, CONNECT and stream limits.
#include <catch2/catch.hpp>

#include "tests/http3/http3_pair.h"

namespace quasar::http3::test {
namespace {

std::string header(const ResponseHead& head, std::string_view name) {
  const std::string* v = find_field(head.headers, name);
  return v ? *v : std::string();
}

TEST_CASE("SETTINGS are exchanged and QPACK is set up from them", "[http3][exchange]") {
  Http3Pair pair;
  pair.run();
  REQUIRE(pair.client.peer_settings());
  REQUIRE(pair.server.peer_settings());
  CHECK(*pair.client.peer_settings() == pair.server.local_settings());
  CHECK(*pair.server.peer_settings() == pair.client.local_settings());
  CHECK(pair.client.local_settings().qpack_max_table_capacity == 4096);
  CHECK(pair.client.local_settings().max_field_section_size == 64 * 1024);
  CHECK_FALSE(pair.client.is_closed());
  CHECK_FALSE(pair.server.is_closed());
  // Control, QPACK encoder and decoder streams from each side; the control stream starts with
  // its type and SETTINGS.
  REQUIRE(pair.client_transport.streams.count(2));
  CHECK(pair.client_transport.streams[2].written[0] == 0x00);
  CHECK(pair.client_transport.streams[2].written[1] == 0x04);
  CHECK(pair.client_transport.streams[6].written[0] == 0x02);
  CHECK(pair.client_transport.streams[10].written[0] == 0x03);
  CHECK(pair.server_transport.streams[3].written[0] == 0x00);
}

TEST_CASE("GET responses of many sizes arrive whole", "[http3][exchange]") {
  for (uint64_t window : {UINT64_MAX, uint64_t{1000}}) {
    Http3Pair pair;
    pair.client_transport.stream_window = window;
    pair.server_transport.stream_window = window;
    std::map<RequestId, uint64_t> sizes;
    for (uint64_t size : {0, 1, 100, 16383, 16384, 70000, 300000}) {
      const auto id = pair.client.send_request(pair.get("/bytes/" + std::to_string(size)));
      REQUIRE(id.ok());
      sizes[*id] = size;
    }
    pair.run();
    for (const auto& [id, size] : sizes) {
      INFO("size " << size << " window " << window);
      const CollectedResponse& r = pair.events.at(id);
      REQUIRE(r.complete);
      REQUIRE(r.head);
      CHECK(r.head->status == 200);
      CHECK(header(*r.head, "content-length") == std::to_string(size));
      CHECK(r.body == pattern(size));
    }
    CHECK(pair.server.active_exchanges() == 0);
    CHECK(pair.client.active_requests() == 0);
  }
}

TEST_CASE("POST bodies are streamed, echoed and flow controlled", "[http3][exchange]") {
  for (uint64_t size : {0, 1, 5000, 200000, 1 << 20}) {
    Http3Pair pair;
    pair.client_transport.stream_window = 4096;
    pair.server_transport.stream_window = 4096;
    const std::vector<uint8_t> body = pattern(size, 17);
    const auto id = pair.client.send_request(pair.post("/echo"), false);
    REQUIRE(id.ok());
    size_t offset = 0;
    const auto send_more = [&](RequestId) {
      while (offset < body.size() || (size == 0 && offset == 0)) {
        const auto taken =
            pair.client.send_body(*id, std::span<const uint8_t>(body).subspan(offset), true);
        REQUIRE(taken.ok());
        offset += *taken;
        if (size == 0) {
          offset = 1;  // the empty body ended the request
          return;
        }
        if (*taken == 0) return;
      }
    };
    pair.events.on_writable = send_more;
    send_more(*id);
    pair.run();
    INFO("size " << size);
    const CollectedResponse& r = pair.events.at(*id);
    REQUIRE(r.complete);
    CHECK(r.body.size() == size);
    CHECK(fnv1a(r.body) == fnv1a(body));
    REQUIRE(pair.router.seen.size() == 1);
    CHECK(pair.router.seen[0].body_bytes == size);
    CHECK(pair.router.seen[0].ended);
    if (size > 100000) CHECK_FALSE(pair.events.writable.empty());
  }
}

TEST_CASE("trailers travel both ways", "[http3][exchange]") {
  Http3Pair pair;
  const auto echo = pair.client.send_request(pair.post("/echo"), false);
  REQUIRE(echo.ok());
  REQUIRE(pair.client.send_body(*echo, pattern(10), false).ok());
  REQUIRE(pair.client.send_trailers(*echo, {{"X-Digest", "sha-256=abc"}}).ok());
  CHECK(pair.client.send_body(*echo, pattern(1), true).error() == ApiError::kInvalidState);
  const auto trailers = pair.client.send_request(pair.get("/trailers"));
  pair.run();
  const auto& e = pair.events.at(*echo);
  REQUIRE(e.complete);
  CHECK(e.body == pattern(10));
  REQUIRE(e.trailers);
  CHECK(*e.trailers == Fields{{"x-digest", "sha-256=abc"}});  // lowercased on the way
  REQUIRE(pair.router.seen[0].trailers);
  const auto& t = pair.events.at(*trailers);
  REQUIRE(t.complete);
  CHECK(t.body == std::vector<uint8_t>{'b', 'o', 'd', 'y'});
  REQUIRE(t.trailers);
  CHECK(*t.trailers == Fields{{"x-checksum", "abc"}, {"x-count", "1"}});
}

TEST_CASE("informational responses come before the final one", "[http3][exchange]") {
  Http3Pair pair;
  const auto id = pair.client.send_request(pair.get("/interim"));
  pair.run();
  const auto& r = pair.events.at(*id);
  REQUIRE(r.complete);
  CHECK(r.interim == std::vector<uint16_t>{103});
  CHECK(r.head->status == 200);
  CHECK(r.body == std::vector<uint8_t>{'d', 'o', 'n', 'e'});
}

TEST_CASE("responses without content", "[http3][exchange]") {
  Http3Pair pair;
  const auto no_content = pair.client.send_request(pair.get("/status/204"));
  const auto not_found = pair.client.send_request(pair.get("/nothing-here"));
  RequestHead head_request = pair.get("/bytes/500");
  head_request.method = "HEAD";
  const auto head = pair.client.send_request(head_request);
  pair.run();
  CHECK(pair.events.at(*no_content).head->status == 204);
  CHECK(pair.events.at(*no_content).complete);
  CHECK(pair.events.at(*not_found).head->status == 404);
  // HEAD: the content-length of the GET, no content (the server refuses to send any).
  const auto& h = pair.events.at(*head);
  REQUIRE(h.complete);
  CHECK(header(*h.head, "content-length") == "500");
  CHECK(h.body.empty());
}

TEST_CASE("two hundred concurrent requests share one connection and its dynamic table",
          "[http3][exchange]") {
  for (uint64_t seed : {1, 2, 3}) {
    Http3Pair pair;
    pair.run();  // SETTINGS first, so that the encoders may use the peer's dynamic table
    pair.pipe.shuffle_streams(seed);
    std::map<RequestId, uint64_t> sizes;
    for (uint64_t i = 0; i < 200; ++i) {
      RequestHead head = pair.get("/bytes/" + std::to_string(i * 37 % 3000));
      head.headers.push_back({"user-agent", "quasar-test/1.0"});
      head.headers.push_back({"x-request", "r" + std::to_string(i % 7)});
      const auto id = pair.client.send_request(head);
      REQUIRE(id.ok());
      sizes[*id] = i * 37 % 3000;
    }
    pair.run();
    INFO("seed " << seed);
    size_t complete = 0;
    for (const auto& [id, size] : sizes) {
      const auto& r = pair.events.at(id);
      if (r.complete && r.body == pattern(size)) ++complete;
    }
    CHECK(complete == 200);
    // Both encoders used the dynamic table (the repeated fields).
    CHECK(pair.server.qpack_decoder().table().insert_count() > 0);
    CHECK(pair.client.qpack_decoder().table().insert_count() > 0);
    CHECK(pair.server.stats().requests == 200);
    CHECK_FALSE(pair.client.is_closed());
  }
}

TEST_CASE("a request blocked on the QPACK encoder stream waits for it", "[http3][exchange]") {
  Http3Pair pair;
  pair.run();  // SETTINGS: the client's encoder may now use the server's table
  RequestHead head = pair.get("/bytes/10");
  head.headers.push_back({"x-custom-header", "a value worth indexing"});
  // Let the client's encoder insert (it does so for a field it has seen before).
  const auto first = pair.client.send_request(head);
  pair.run();
  REQUIRE(pair.events.at(*first).complete);
  const uint64_t inserts_before = pair.server.qpack_decoder().table().insert_count();

  // Hold back the encoder stream (client stream 6) while new fields are sent.
  std::vector<MemoryTransport::Action> held;
  head.headers.push_back({"x-another", "another value worth indexing"});
  const auto second = pair.client.send_request(head);
  const auto third = pair.client.send_request(head);
  for (auto it = pair.client_transport.outbox.begin(); it != pair.client_transport.outbox.end();) {
    if (it->stream_id == 6) {
      held.push_back(std::move(*it));
      it = pair.client_transport.outbox.erase(it);
    } else {
      ++it;
    }
  }
  pair.run();
  const bool inserted = !held.empty();
  if (inserted) {
    // The sections refer to entries the server does not have yet: no handler ran.
    CHECK(pair.router.seen.size() == 1);
    CHECK(pair.server.qpack_decoder().blocked_stream_count() > 0);
    for (auto& a : held) pair.server.on_stream_data(a.stream_id, a.bytes, a.fin);
    pair.run();
    CHECK(pair.server.qpack_decoder().table().insert_count() > inserts_before);
  }
  CHECK(inserted);
  CHECK(pair.events.at(*second).complete);
  CHECK(pair.events.at(*third).complete);
  CHECK(pair.router.seen.size() == 3);
}

TEST_CASE("a client cancels a request in flight", "[http3][exchange]") {
  Http3Pair pair;
  const auto held = pair.client.send_request(pair.get("/hold"));
  const auto other = pair.client.send_request(pair.get("/bytes/10"));
  pair.run();
  REQUIRE(pair.router.held() == 1);
  const uint64_t stream = *pair.client.stream_id(*held);
  REQUIRE(pair.client.cancel(*held).ok());
  CHECK(pair.client.cancel(*held).error() == ApiError::kUnknownRequest);
  pair.run();
  // RFC 9114 §4.1.1: STOP_SENDING with H3_REQUEST_CANCELLED (the request had ended already).
  CHECK(pair.client_transport.streams[stream].stop_sending_code == 0x10c);
  REQUIRE(pair.router.seen[0].reset_code);
  CHECK(*pair.router.seen[0].reset_code == 0x10c);
  CHECK(pair.router.held() == 0);
  CHECK(pair.events.responses.count(*held) == 0);  // no event for a cancelled request
  CHECK(pair.events.at(*other).complete);
  CHECK(pair.server.active_exchanges() == 0);
}

TEST_CASE("a client cancels a request while still sending it", "[http3][exchange]") {
  Http3Pair pair;
  const auto id = pair.client.send_request(pair.post("/echo"), false);
  REQUIRE(pair.client.send_body(*id, pattern(100), false).ok());
  pair.run();
  const uint64_t stream = *pair.client.stream_id(*id);
  REQUIRE(pair.client.cancel(*id).ok());
  pair.run();
  CHECK(pair.client_transport.streams[stream].reset_code == 0x10c);
  CHECK(pair.client_transport.streams[stream].stop_sending_code == 0x10c);
  CHECK(pair.router.seen[0].reset_code == 0x10c);
  // The server had processed it: its response stream ends with H3_REQUEST_CANCELLED.
  CHECK(pair.server_transport.streams[stream].reset_code == 0x10c);
}

TEST_CASE("a server cancels a request", "[http3][exchange]") {
  Http3Pair pair;
  const auto id = pair.client.send_request(pair.get("/cancel"));
  pair.run();
  const auto& r = pair.events.at(*id);
  REQUIRE(r.failed);
  CHECK(r.failed->error_code == 0x10c);
  CHECK_FALSE(r.failed->retryable);
}

TEST_CASE("GOAWAY: requests in flight finish, later ones are refused and retryable",
          "[http3][exchange][goaway]") {
  Http3Pair pair;
  const auto in_flight = pair.client.send_request(pair.get("/hold"));
  pair.run();
  REQUIRE(pair.router.held() == 1);
  // A second request leaves the client while the server decides to shut down.
  const auto crossing = pair.client.send_request(pair.get("/bytes/10"));
  pair.server.shutdown();
  CHECK(pair.server.shutting_down());
  pair.run();
  REQUIRE(pair.events.goaways == std::vector<uint64_t>{4});
  const auto& refused = pair.events.at(*crossing);
  REQUIRE(refused.failed);
  CHECK(refused.failed->retryable);
  CHECK(refused.failed->error_code == 0x10b);  // H3_REQUEST_REJECTED
  CHECK(pair.server.stats().rejected == 1);
  CHECK(pair.router.seen.size() == 1);  // the crossing request was never processed
  CHECK(pair.client.send_request(pair.get("/bytes/1")).error() == ApiError::kGoingAway);
  CHECK_FALSE(pair.client.is_closed());

  // The request below the GOAWAY identifier completes, then the client closes cleanly.
  pair.router.release_held();
  pair.run();
  const auto& done = pair.events.at(*in_flight);
  REQUIRE(done.complete);
  CHECK(done.body == std::vector<uint8_t>{'r', 'e', 'l', 'e', 'a', 's', 'e', 'd'});
  CHECK(pair.client.is_closed());
  CHECK(pair.client_transport.close_code == 0x100);  // H3_NO_ERROR
  REQUIRE(pair.events.closed);
  CHECK(pair.events.closed->error_code == 0x100);
}

TEST_CASE("GOAWAY from the client stops new requests and closes when they are done",
          "[http3][exchange][goaway]") {
  Http3Pair pair;
  const auto id = pair.client.send_request(pair.get("/hold"));
  pair.run();
  pair.client.shutdown();
  CHECK(pair.client.going_away());
  CHECK(pair.client.send_request(pair.get("/x")).error() == ApiError::kGoingAway);
  pair.run();
  CHECK(pair.server.peer_goaway_id() == 0u);
  CHECK_FALSE(pair.client.is_closed());
  pair.router.release_held();
  pair.run();
  CHECK(pair.events.at(*id).complete);
  CHECK(pair.client.is_closed());
  CHECK(pair.server.is_closed());
  CHECK(pair.server.close_code() == 0x100);
}

TEST_CASE("the connection closing fails what is in flight", "[http3][exchange]") {
  Http3Pair pair;
  const auto held = pair.client.send_request(pair.get("/hold"));
  pair.client_transport.max_bidi_streams = 1;
  const auto waiting = pair.client.send_request(pair.get("/bytes/1"));
  pair.run();
  CHECK_FALSE(pair.client.stream_id(*waiting));
  pair.server_transport.close(0x102, "going down");
  pair.server.on_transport_closed(0x102, "going down");
  pair.run();
  const auto& h = pair.events.at(*held);
  REQUIRE(h.failed);
  CHECK(h.failed->error_code == 0x102);
  CHECK_FALSE(h.failed->retryable);  // sent, maybe processed (RFC 9114 §5.4)
  const auto& w = pair.events.at(*waiting);
  REQUIRE(w.failed);
  CHECK(w.failed->retryable);  // never sent
  REQUIRE(pair.events.closed);
  CHECK(pair.events.closed->reason == "going down");
  CHECK(pair.router.seen[0].reset_code == 0x102);
  CHECK(pair.client.send_request(pair.get("/")).error() == ApiError::kConnectionClosed);
}

TEST_CASE("requests wait for the peer's stream limit", "[http3][exchange]") {
  Http3Pair pair;
  pair.client_transport.max_bidi_streams = 10;
  std::vector<RequestId> ids;
  for (int i = 0; i < 50; ++i) ids.push_back(*pair.client.send_request(pair.get("/bytes/100")));
  pair.run();
  CHECK(pair.events.finished == 10);
  pair.pipe.allow_streams(pair.client_transport, pair.client, 60);
  pair.run();
  CHECK(pair.events.finished == 50);
  for (RequestId id : ids) CHECK(pair.events.at(id).complete);
}

TEST_CASE("a request body can be queued while the request waits for a stream",
          "[http3][exchange]") {
  Http3Pair pair;
  pair.client_transport.max_bidi_streams = 0;
  const auto id = pair.client.send_request(pair.post("/echo"), false);
  REQUIRE(pair.client.send_body(*id, pattern(3000), false).ok());
  REQUIRE(pair.client.send_trailers(*id, {{"x-t", "1"}}).ok());
  pair.run();
  CHECK(pair.router.seen.empty());
  pair.pipe.allow_streams(pair.client_transport, pair.client, 1);
  pair.run();
  const auto& r = pair.events.at(*id);
  REQUIRE(r.complete);
  CHECK(r.body == pattern(3000));
  CHECK(r.trailers == Fields{{"x-t", "1"}});
}

TEST_CASE("CONNECT opens a tunnel on the request stream", "[http3][exchange]") {
  Http3Pair pair;
  const auto id =
      pair.client.send_request(RequestHead{"CONNECT", "", "example.com:443", "", {}}, false);
  REQUIRE(id.ok());
  pair.run();
  REQUIRE(pair.events.at(*id).head);
  CHECK(pair.events.at(*id).head->status == 200);
  REQUIRE(pair.client.send_body(*id, pattern(500), false).ok());
  pair.run();
  CHECK(pair.events.at(*id).body == pattern(500));
  REQUIRE(pair.client.send_body(*id, {}, true).ok());
  pair.run();
  CHECK(pair.events.at(*id).complete);
  CHECK(pair.router.seen[0].head.method == "CONNECT");
}

TEST_CASE("the client refuses to send what HTTP/3 does not allow", "[http3][exchange]") {
  Http3Pair pair;
  pair.run();
  RequestHead bad = pair.get("/");
  bad.headers.push_back({"connection", "close"});
  CHECK(pair.client.send_request(bad).error() == ApiError::kInvalidMessage);
  CHECK(pair.client.send_request(RequestHead{"GET", "https", "a", "", {}}).error() ==
        ApiError::kInvalidMessage);
  CHECK(pair.client.send_request(RequestHead{"", "https", "a", "/", {}}).error() ==
        ApiError::kInvalidMessage);
  CHECK(pair.client.send_request(RequestHead{"CONNECT", "https", "a:1", "/", {}}).error() ==
        ApiError::kInvalidMessage);
  RequestHead huge = pair.get("/");
  huge.headers.push_back({"x-huge", std::string(70000, 'h')});
  CHECK(pair.client.send_request(huge).error() == ApiError::kFieldSectionTooLarge);
  CHECK(pair.client.send_body(999, {}, true).error() == ApiError::kUnknownRequest);
  const auto id = pair.client.send_request(pair.get("/bytes/1"));
  CHECK(pair.client.send_body(*id, pattern(1), true).error() == ApiError::kInvalidState);
}

TEST_CASE("a request header section over the server's limit is answered 431", "[http3][exchange]") {
  ServerConfig server_config;
  server_config.connection.max_field_section_size = 1000;
  Http3Pair pair({}, server_config);
  // Sent before the server's SETTINGS arrive, so the client does not know the limit yet.
  RequestHead big = pair.get("/bytes/10");
  big.headers.push_back({"x-big", std::string(2000, 'x')});
  const auto too_big = pair.client.send_request(big);
  RequestHead borderline = pair.get("/bytes/10");
  borderline.headers.push_back({"x-big", std::string(950, 'x')});  // small encoded, 950 + 32 + ...
  const auto over_when_decoded = pair.client.send_request(borderline);
  pair.run();
  CHECK(pair.events.at(*too_big).head->status == 431);
  CHECK(pair.events.at(*over_when_decoded).head->status == 431);
  CHECK(pair.server.stats().too_large == 2);
  CHECK(pair.router.seen.empty());
  CHECK_FALSE(pair.server.is_closed());
  // Now the client knows the limit.
  CHECK(pair.client.send_request(big).error() == ApiError::kFieldSectionTooLarge);
}

TEST_CASE("a response header section over the client's limit fails the request",
          "[http3][exchange]") {
  ClientConfig client_config;
  client_config.connection.max_field_section_size = 500;
  Http3Pair pair(client_config);
  pair.run();
  // The server knows the client's limit and refuses to send the head (the handler then
  // answers 500 instead).
  const auto id = pair.client.send_request(pair.get("/big-header/1000"));
  pair.run();
  CHECK(pair.events.at(*id).head->status == 500);
}

TEST_CASE("priorities reach the transport's scheduler", "[http3][exchange][priority]") {
  Http3Pair pair;
  const auto plain = pair.client.send_request(pair.get("/hold"));
  const auto urgent = pair.client.send_request(pair.get("/hold"), true, Priority{0, false});
  const auto background = pair.client.send_request(pair.get("/hold"), true, Priority{7, true});
  pair.run();
  const uint64_t s_plain = *pair.client.stream_id(*plain);
  const uint64_t s_urgent = *pair.client.stream_id(*urgent);
  const uint64_t s_background = *pair.client.stream_id(*background);
  auto& streams = pair.server_transport.streams;
  // RFC 9218 §4: defaults u=3, not incremental.
  CHECK(streams[s_plain].priority == Priority{3, false});
  CHECK(streams[s_urgent].priority == Priority{0, false});
  CHECK(streams[s_background].priority == Priority{7, true});
  CHECK(pair.router.seen[1].priority == Priority{0, false});

  // PRIORITY_UPDATE reprioritizes (RFC 9218 §7.2).
  REQUIRE(pair.client.update_priority(*background, Priority{1, false}).ok());
  pair.run();
  CHECK(streams[s_background].priority == Priority{1, false});
  pair.router.release_held();
  pair.run();
  CHECK(pair.events.finished == 3);
}

TEST_CASE("a handler can set the response's priority", "[http3][exchange][priority]") {
  class Handler final : public RequestHandler {
   public:
    void on_request_headers(ServerExchange& ex) override {
      ex.set_priority(Priority{6, true});
      CHECK(ex.priority() == Priority{6, true});
      CHECK(ex.send_headers(ResponseHead{}, true).ok());
      CHECK(ex.send_headers(ResponseHead{}, true).error() == ApiError::kInvalidState);
      CHECK(ex.send_body({}, true).error() == ApiError::kInvalidState);
    }
  };
  class Factory final : public RequestHandlerFactory {
   public:
    std::unique_ptr<RequestHandler> make_handler(ServerExchange&) override {
      return std::make_unique<Handler>();
    }
  } factory;
  MemoryTransport ct(true), st(false);
  Http3Client client(ct);
  Http3Server server(st, factory);
  MemoryPipe pipe(ct, client, st, server);
  client.start();
  server.start();
  const auto id = client.send_request(RequestHead{"GET", "https", "a", "/", {}});
  pipe.run();
  CHECK(st.streams[*client.stream_id(*id)].priority == Priority{6, true});
}

TEST_CASE("server exchange API refuses misuse", "[http3][exchange]") {
  class Handler final : public RequestHandler {
   public:
    void on_request_headers(ServerExchange& ex) override {
      CHECK(ex.send_body({}, true).error() == ApiError::kInvalidState);  // before the head
      ResponseHead interim;
      interim.status = 100;
      CHECK(ex.send_headers(interim, true).error() == ApiError::kInvalidState);
      ResponseHead switching;
      switching.status = 101;
      CHECK(ex.send_headers(switching, false).error() == ApiError::kInvalidMessage);
      ResponseHead bad;
      bad.headers = {{"transfer-encoding", "chunked"}};
      CHECK(ex.send_headers(bad, false).error() == ApiError::kInvalidMessage);
      CHECK(ex.send_headers(interim, false).ok());
      ResponseHead ok;
      ok.headers = {{"Content-Type", "text/plain"}};
      CHECK(ex.send_headers(ok, false).ok());
      const std::vector<uint8_t> big(200000, 7);
      const auto taken = ex.send_body(big, true);
      REQUIRE(taken.ok());
      CHECK(*taken == ServerExchange::kMaxBodyChunk);
      CHECK_FALSE(ex.response_finished());
      CHECK(ex.send_trailers({{":status", "200"}}).error() == ApiError::kInvalidMessage);
      CHECK(ex.send_trailers({{"x", "y"}}).ok());
      CHECK(ex.response_finished());
    }
  };
  class Factory final : public RequestHandlerFactory {
   public:
    std::unique_ptr<RequestHandler> make_handler(ServerExchange&) override {
      return std::make_unique<Handler>();
    }
  } factory;
  MemoryTransport ct(true), st(false);
  Http3Client client(ct);
  Http3Server server(st, factory);
  MemoryPipe pipe(ct, client, st, server);
  client.start();
  server.start();
  const auto id = client.send_request(RequestHead{"GET", "https", "a", "/", {}});
  pipe.run();
  ResponseCollector events;
  events.drain(client);
  const auto& r = events.at(*id);
  REQUIRE(r.complete);
  CHECK(r.interim == std::vector<uint16_t>{100});
  CHECK(r.body.size() == ServerExchange::kMaxBodyChunk);
  CHECK(r.trailers == Fields{{"x", "y"}});
  CHECK(header(*r.head, "content-type") == "text/plain");
}

}  // namespace
}  // namespace quasar::http3::test
