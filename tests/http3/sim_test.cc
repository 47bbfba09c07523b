// HTTP/3 end to end on the simulated network, with real TLS, through the QUIC binding: bodies
// from 0 B to 10 MB both ways, 200 concurrent requests, trailers and informational responses,
// GOAWAY with requests in flight, priorities on a bottleneck, the static file handler refusing
// path traversal, loss, and error cases produced by a raw QUIC peer writing frames by hand.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "http3/frame_type.h"
#include "http3/frames.h"
#include "http3/settings.h"
#include "http3/static_file_handler.h"
#include "http3/stream_type.h"
#include "http3/varint.h"
#include "qpack/encoder.h"
#include "tests/http3/h3_sim.h"
#include "tests/http3/raw_peer.h"

namespace quasar::http3::test {
namespace {

using Bytes = std::vector<uint8_t>;

RequestHead get(std::string path) { return {"GET", "https", "localhost", std::move(path), {}}; }
RequestHead post(std::string path) { return {"POST", "https", "localhost", std::move(path), {}}; }

// Streams `body` as a request's content whenever the client can take more.
class BodyWriter {
 public:
  BodyWriter(Http3Client& client, RequestId id, const Bytes& body)
      : client_(client), id_(id), body_(body) {}
  void pump() {
    while (!done_) {
      const auto taken =
          client_.send_body(id_, std::span<const uint8_t>(body_).subspan(offset_), true);
      if (!taken.ok()) return;
      offset_ += *taken;
      if (offset_ == body_.size()) done_ = true;
      if (*taken == 0 && !done_) return;
    }
  }

 private:
  Http3Client& client_;
  RequestId id_;
  const Bytes& body_;
  size_t offset_ = 0;
  bool done_ = false;
};

TEST_CASE("GET and POST from 0 B to 10 MB over QUIC", "[http3][sim]") {
  TestRouter router;
  H3Sim h3({}, router);
  const std::vector<uint64_t> get_sizes = {0, 1, 1500, 100000, 1000000, 10000000};
  const std::vector<uint64_t> post_sizes = {0, 1, 1500, 100000, 1000000, 10000000};
  std::vector<Bytes> post_bodies;
  for (uint64_t size : post_sizes) post_bodies.push_back(pattern(size, size));
  std::map<RequestId, uint64_t> gets;
  std::map<RequestId, size_t> posts;
  std::vector<std::unique_ptr<BodyWriter>> writers;
  h3.client_app().events.on_writable = [&](RequestId id) {
    for (auto& w : writers) w->pump();
    (void)id;
  };
  h3.client_app().at(h3.sim().now(), [&](Http3Client& client) {
    for (uint64_t size : get_sizes)
      gets[*client.send_request(get("/bytes/" + std::to_string(size)))] = size;
    for (size_t i = 0; i < post_sizes.size(); ++i) {
      const auto id = client.send_request(post("/echo"), false);
      posts[*id] = i;
      writers.push_back(std::make_unique<BodyWriter>(client, *id, post_bodies[i]));
      writers.back()->pump();
    }
  });
  h3.start_client();
  auto& events = h3.client_app().events;
  const size_t total = get_sizes.size() + post_sizes.size();
  REQUIRE(h3.run_until([&] { return events.finished == total; }));
  for (const auto& [id, size] : gets) {
    INFO("GET " << size);
    const auto& r = events.at(id);
    REQUIRE(r.complete);
    CHECK(r.head->status == 200);
    CHECK(r.body.size() == size);
    CHECK(fnv1a(r.body) == fnv1a(pattern(size)));
  }
  for (const auto& [id, index] : posts) {
    INFO("POST " << post_sizes[index]);
    const auto& r = events.at(id);
    REQUIRE(r.complete);
    CHECK(r.body.size() == post_sizes[index]);
    CHECK(fnv1a(r.body) == fnv1a(post_bodies[index]));
  }
  CHECK(h3.client_app().handshake_complete());
  CHECK_FALSE(h3.client().is_closed());
}

TEST_CASE("two hundred concurrent requests on one connection over QUIC", "[http3][sim]") {
  TestRouter router;
  H3Sim h3({}, router);
  std::map<RequestId, uint64_t> sizes;
  // After the handshake and SETTINGS, so that QPACK's dynamic table is available.
  h3.client_app().at(h3.sim().now() + Duration::from_millis(100), [&](Http3Client& client) {
    for (uint64_t i = 0; i < 200; ++i) {
      const uint64_t size = (i * 7919) % 20000;
      RequestHead head = get("/bytes/" + std::to_string(size));
      head.headers.push_back({"x-request-index", std::to_string(i % 10)});
      sizes[*client.send_request(head)] = size;
    }
  });
  h3.start_client();
  auto& events = h3.client_app().events;
  REQUIRE(h3.run_until([&] { return events.finished == 200; }));
  size_t matched = 0;
  for (const auto& [id, size] : sizes) {
    const auto& r = events.at(id);
    if (r.complete && r.body == pattern(size)) ++matched;
  }
  CHECK(matched == 200);
  // The transport allows 100 concurrent streams: the rest waited for MAX_STREAMS.
  CHECK(h3.server_app().server()->stats().requests == 200);
  // QPACK's dynamic table was in use in both directions.
  CHECK(h3.server_app().server()->qpack_decoder().table().insert_count() > 0);
}

TEST_CASE("trailers and informational responses over QUIC", "[http3][sim]") {
  TestRouter router;
  H3Sim h3({}, router);
  RequestId interim = 0, trailers = 0, echo = 0;
  h3.client_app().at(h3.sim().now(), [&](Http3Client& client) {
    interim = *client.send_request(get("/interim"));
    trailers = *client.send_request(get("/trailers"));
    echo = *client.send_request(post("/echo"), false);
    (void)client.send_body(echo, pattern(5000), false);
    (void)client.send_trailers(echo, {{"x-sum", "42"}});
  });
  h3.start_client();
  auto& events = h3.client_app().events;
  REQUIRE(h3.run_until([&] { return events.finished == 3; }));
  CHECK(events.at(interim).interim == std::vector<uint16_t>{103});
  CHECK(events.at(interim).head->status == 200);
  CHECK(events.at(trailers).trailers == Fields{{"x-checksum", "abc"}, {"x-count", "1"}});
  CHECK(events.at(echo).body == pattern(5000));
  CHECK(events.at(echo).trailers == Fields{{"x-sum", "42"}});
}

TEST_CASE("GOAWAY over QUIC: requests in flight complete, new ones are refused",
          "[http3][sim][goaway]") {
  TestRouter router;
  H3Sim h3({}, router);
  RequestId held_a = 0, held_b = 0;
  h3.client_app().at(h3.sim().now(), [&](Http3Client& client) {
    held_a = *client.send_request(get("/hold"));
    held_b = *client.send_request(get("/hold"));
  });
  h3.start_client();
  REQUIRE(h3.run_until([&] { return router.held() == 2; }));
  h3.at(h3.sim().now(), [&] { h3.server_app().server()->shutdown(); });
  auto& events = h3.client_app().events;
  REQUIRE(h3.run_until([&] { return !events.goaways.empty(); }));
  CHECK(events.goaways[0] == 8);
  CHECK(h3.client().send_request(get("/bytes/1")).error() == ApiError::kGoingAway);
  h3.at(h3.sim().now() + Duration::from_millis(5), [&] { router.release_held(); });
  REQUIRE(h3.run_until([&] { return events.finished == 2; }));
  CHECK(events.at(held_a).complete);
  CHECK(events.at(held_b).complete);
  // The client closes with H3_NO_ERROR once its requests are done; the server sees it.
  REQUIRE(h3.run_until([&] { return !h3.server_app().closed.empty(); }));
  CHECK(h3.server_app().closed[0].error.code == 0x100);
  CHECK(h3.server_app().closed[0].error.application);
}

TEST_CASE("an urgent response overtakes background responses on a bottleneck",
          "[http3][sim][priority]") {
  // Four 1 MB responses at urgency 7 start first on a 20 Mbit/s link; a 200 kB response at
  // urgency 0 requested later must finish first. With equal urgency it would wait behind them.
  for (const bool prioritized : {true, false}) {
    TestRouter router;
    H3SimConfig config;
    config.bandwidth_mbps = 20;
    config.rtt = Duration::from_millis(20);
    H3Sim h3(config, router);
    std::vector<RequestId> background;
    RequestId urgent = 0;
    const Priority low{7, false};
    const Priority high = prioritized ? Priority{0, false} : Priority{7, false};
    h3.client_app().at(h3.sim().now(), [&](Http3Client& client) {
      for (int i = 0; i < 4; ++i) {
        background.push_back(*client.send_request(get("/bytes/1000000"), true, low));
      }
    });
    h3.client_app().at(h3.sim().now() + Duration::from_millis(400), [&](Http3Client& client) {
      urgent = *client.send_request(get("/bytes/200000"), true, high);
    });
    h3.start_client();
    auto& app = h3.client_app();
    REQUIRE(h3.run_until([&] { return app.events.finished == 5; }));
    INFO("prioritized " << prioritized);
    REQUIRE(app.events.at(urgent).complete);
    size_t background_after_urgent = 0;
    for (RequestId id : background) {
      REQUIRE(app.events.at(id).complete);
      CHECK(app.events.at(id).body.size() == 1000000);
      if (app.finished_at.at(id) > app.finished_at.at(urgent)) ++background_after_urgent;
    }
    if (prioritized) {
      // Every background response finishes after the urgent one.
      CHECK(background_after_urgent == 4);
    } else {
      // Same urgency, not incremental: served in stream order, the late request last.
      CHECK(background_after_urgent == 0);
    }
  }
}

TEST_CASE("incremental responses share a bottleneck, non-incremental ones take turns",
          "[http3][sim][priority]") {
  // RFC 9218 §4.2: two 500 kB responses of the same urgency on a 20 Mbit/s link. Incremental,
  // they are interleaved and finish close together; not incremental, one is sent after the
  // other.
  for (const bool incremental : {true, false}) {
    TestRouter router;
    H3SimConfig config;
    config.bandwidth_mbps = 20;
    H3Sim h3(config, router);
    std::vector<RequestId> ids;
    Instant start;
    h3.client_app().at(h3.sim().now() + Duration::from_millis(100), [&](Http3Client& client) {
      start = h3.sim().now();
      for (int i = 0; i < 2; ++i) {
        ids.push_back(*client.send_request(get("/bytes/500000"), true, Priority{3, incremental}));
      }
    });
    h3.start_client();
    auto& app = h3.client_app();
    REQUIRE(h3.run_until([&] { return app.events.finished == 2; }));
    INFO("incremental " << incremental);
    for (RequestId id : ids) CHECK(app.events.at(id).body == pattern(500000));
    const double first =
        (std::min(app.finished_at.at(ids[0]), app.finished_at.at(ids[1])) - start).seconds();
    const double last =
        (std::max(app.finished_at.at(ids[0]), app.finished_at.at(ids[1])) - start).seconds();
    if (incremental) {
      CHECK(first > 0.85 * last);
    } else {
      // The second response mostly follows the first: at least half of its 0.2 s on the
      // link comes after the first one ends (slow start makes the first's share of the total
      // time vary too much to compare the finish times themselves).
      const double one_response_on_link = 500000.0 * 8 / (config.bandwidth_mbps * 1e6);
      CHECK(last - first >= 0.5 * one_response_on_link);
      CHECK(app.finished_at.at(ids[0]) < app.finished_at.at(ids[1]));  // in stream order
    }
  }
}

// A first connection on `h3` that leaves a session ticket, and a resumed client set up to send
// unsafe requests in 0-RTT with the server's SETTINGS remembered (RFC 9114 §7.2.4.2).
H3ClientApp& resumed_client(H3Sim& h3) {
  auto& first = h3.client_app();
  first.at(h3.sim().now(),
           [](Http3Client& client) { (void)client.send_request(get("/bytes/10")); });
  h3.start_client();
  REQUIRE(h3.run_until([&] {
    return first.events.finished == 1 && !first.tickets.empty() &&
           first.client()->peer_settings().has_value();
  }));
  CHECK_FALSE(first.binding()->early_data_accepted());
  ClientConfig config;
  config.unsafe_methods_in_early_data = true;
  config.remembered_server_settings = first.client()->peer_settings();
  H3ClientApp& second = h3.add_client(config);
  second.resume(first.tickets.back());
  return second;
}

// What the resumed client did: a GET and a POST made before the handshake completed.
struct EarlyRequests {
  RequestId get = 0;
  RequestId post = 0;
  uint64_t get_stream = 0;
  uint64_t post_stream = 0;  // the stream of the request answered
  bool sent_before_handshake = false;
};

void send_early_requests(H3Sim& h3, H3ClientApp& client_app, EarlyRequests& r) {
  const Instant start = h3.sim().now() + Duration::from_millis(10);
  client_app.at(start, [&](Http3Client& client) {
    r.sent_before_handshake = !client_app.handshake_complete();
    r.get = *client.send_request(get("/bytes/100"));
    r.get_stream = client.stream_id(r.get).value_or(~uint64_t{0});
    r.post = *client.send_request(post("/echo"), false);
    (void)client.send_body(r.post, Bytes{'h', 'e', 'l', 'l', 'o'}, true);
  });
  client_app.events.on_headers = [&](RequestId id) {
    if (id == r.post) r.post_stream = client_app.client()->stream_id(id).value_or(0);
  };
  h3.at(start, [&client_app, start] { client_app.connect_at(start); });
  REQUIRE(h3.run_until([&] { return client_app.events.finished == 2; }));
  CHECK(r.sent_before_handshake);
  const auto& g = client_app.events.at(r.get);
  REQUIRE(g.complete);
  CHECK(g.body == pattern(100));
  const auto& p = client_app.events.at(r.post);
  REQUIRE(p.complete);
  CHECK(p.head->status == 200);
  CHECK(p.body == Bytes{'h', 'e', 'l', 'l', 'o'});
  CHECK(client_app.client()->stats().sent_in_early_data == 2);
}

TEST_CASE("0-RTT over QUIC: an early GET is answered, an early POST gets 425 and is retried",
          "[http3][sim][early-data]") {
  TestRouter router;
  H3SimConfig config;
  config.server_early_data = true;
  H3Sim h3(config, router);
  H3ClientApp& second = resumed_client(h3);
  EarlyRequests r;
  send_early_requests(h3, second, r);

  CHECK(second.binding()->early_data_accepted());
  // The 425 went to the client, which sent the POST again after the handshake.
  CHECK(second.client()->stats().too_early_retries == 1);
  CHECK(h3.server_app().server()->stats().too_early == 1);
  CHECK(r.post_stream != 0);
  // The server acted on the GET before the handshake completed, and on the POST only once it
  // came again, after; the transport says which streams carried 0-RTT data.
  for (const SeenRequest& seen : router.seen) {
    if (seen.head.path == "/bytes/100") CHECK(seen.early_data);
    if (seen.head.path == "/echo") CHECK_FALSE(seen.early_data);
  }
  CHECK(router.seen.size() == 3);  // the first connection's GET, the early GET, the POST retry
  const QuicHttp3Binding* server_binding = h3.server_app().binding();
  REQUIRE(server_binding != nullptr);
  CHECK(server_binding->stream_has_early_data(r.get_stream));
  CHECK_FALSE(server_binding->stream_has_early_data(r.post_stream));
}

TEST_CASE("0-RTT rejected over QUIC: the requests go again in 1-RTT and are simply answered",
          "[http3][sim][early-data]") {
  TestRouter router;
  H3SimConfig config;
  config.server_early_data = true;
  config.server_rejects_early_data = true;
  H3Sim h3(config, router);
  H3ClientApp& second = resumed_client(h3);
  EarlyRequests r;
  send_early_requests(h3, second, r);

  // RFC 9001 §4.6.2: the transport resent what 0-RTT carried; the server saw it only after the
  // handshake, so nothing was too early, and the remembered SETTINGS were not held against it.
  CHECK_FALSE(second.binding()->early_data_accepted());
  CHECK(second.client()->stats().too_early_retries == 0);
  CHECK(h3.server_app().server()->stats().too_early == 0);
  CHECK(router.seen.size() == 3);
  for (const SeenRequest& seen : router.seen) CHECK_FALSE(seen.early_data);
  CHECK_FALSE(second.client()->is_closed());
}

TEST_CASE("the static file handler refuses path traversal over QUIC", "[http3][sim][static]") {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / "quasar-http3-sim-static";
  fs::remove_all(base);
  fs::create_directories(base / "www");
  std::ofstream(base / "secret.txt") << "top secret";
  std::ofstream(base / "www" / "index.html") << "<p>public</p>";
  StaticFileHandlerFactory files(base / "www");
  H3Sim h3({}, files);
  const std::vector<std::pair<std::string, uint16_t>> paths = {
      {"/", 200},
      {"/index.html", 200},
      {"/../secret.txt", 400},
      {"/%2e%2e/secret.txt", 400},
      {"/%2E%2E%2Fsecret.txt", 400},
      {"/..%2fsecret.txt", 400},
      {"/missing", 404},
  };
  std::vector<RequestId> ids;
  h3.client_app().at(h3.sim().now(), [&](Http3Client& client) {
    for (const auto& [path, status] : paths) ids.push_back(*client.send_request(get(path)));
    ids.push_back(*client.send_request(post("/index.html")));
  });
  h3.start_client();
  auto& events = h3.client_app().events;
  REQUIRE(h3.run_until([&] { return events.finished == paths.size() + 1; }));
  for (size_t i = 0; i < paths.size(); ++i) {
    INFO(paths[i].first);
    const auto& r = events.at(ids[i]);
    CHECK(r.head->status == paths[i].second);
    CHECK(std::string(r.body.begin(), r.body.end()).find("secret") == std::string::npos);
  }
  CHECK(events.at(ids[0]).body ==
        Bytes{'<', 'p', '>', 'p', 'u', 'b', 'l', 'i', 'c', '<', '/', 'p', '>'});
  CHECK(events.at(ids.back()).head->status == 405);
  fs::remove_all(base);
}

TEST_CASE("responses survive a lossy path", "[http3][sim]") {
  TestRouter router;
  H3SimConfig config;
  config.loss = 0.03;
  config.seed = 7;
  H3Sim h3(config, router);
  std::vector<RequestId> ids;
  h3.client_app().at(h3.sim().now(), [&](Http3Client& client) {
    for (int i = 0; i < 5; ++i) ids.push_back(*client.send_request(get("/bytes/300000")));
  });
  h3.start_client();
  auto& events = h3.client_app().events;
  REQUIRE(h3.run_until([&] { return events.finished == 5; }));
  for (RequestId id : ids) CHECK(events.at(id).body == pattern(300000));
}

// --- A raw QUIC client writing HTTP/3 by hand ---

Bytes control_stream(std::initializer_list<Bytes> frames, bool with_settings = true) {
  Bytes out;
  append_varint(out, stream_type::kControl);
  if (with_settings) append_settings_frame(out, Settings{});
  for (const Bytes& f : frames) out.insert(out.end(), f.begin(), f.end());
  return out;
}

Bytes frame(uint64_t type, const Bytes& payload) {
  Bytes out;
  append_frame(out, type, payload);
  return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes request_headers(const std::vector<std::pair<std::string, std::string>>& fields) {
  qpack::Encoder encoder{qpack::EncoderConfig{}};
  std::vector<qpack::FieldLine> lines;
  for (const auto& [n, v] : fields) lines.push_back({n, v});
  Bytes section;
  encoder.encode_section(0, lines, section);
  return frame(frame_type::kHeaders, section);
}

TEST_CASE("a raw QUIC peer breaking HTTP/3 rules gets the right connection error",
          "[http3][sim][errors]") {
  using Write = RawQuicClientApp::Write;
  struct Case {
    const char* name;
    uint64_t code;
    std::vector<Write> script;
  };
  const Bytes goaway = frame(frame_type::kGoaway, {0x00});
  Bytes h2_settings;
  append_varint(h2_settings, 0x02);
  append_varint(h2_settings, 0x00);
  Bytes settings_frame;
  append_settings_frame(settings_frame, Settings{});
  Bytes repeated_setting;
  for (int i = 0; i < 2; ++i) {
    append_varint(repeated_setting, 0x06);
    append_varint(repeated_setting, 100);
  }
  Bytes not_a_request_stream;
  append_priority_update_frame(not_a_request_stream, PriorityUpdateFrame{false, 2, "u=1"});
  Bytes unparsable_priority;
  append_priority_update_frame(unparsable_priority, PriorityUpdateFrame{false, 0, "u=?"});
  const Bytes get_head = request_headers(
      {{":method", "GET"}, {":scheme", "https"}, {":authority", "localhost"}, {":path", "/"}});
  const Bytes trailer = request_headers({{"x-trailer", "1"}});
  const std::vector<Case> cases = {
      {"control stream without SETTINGS first", 0x10a, {{false, control_stream({goaway}, false)}}},
      {"DATA on the control stream", 0x105, {{false, control_stream({frame(0x00, {1})})}}},
      {"an HTTP/2 setting",
       0x109,
       {{false, control_stream({frame(frame_type::kSettings, h2_settings)}, false)}}},
      {"a second control stream",
       0x103,
       {{false, control_stream({})}, {false, control_stream({})}}},
      {"the control stream closed", 0x104, {{false, control_stream({}), true}}},
      {"a push stream from a client", 0x103, {{false, {0x01, 0x00}}}},
      {"CANCEL_PUSH for a push never promised",
       0x108,
       {{false, control_stream({frame(frame_type::kCancelPush, {0x00})})}}},
      {"DATA before HEADERS on a request stream", 0x105, {{true, frame(0x00, {1, 2}), true}}},
      {"a request stream ending inside a frame", 0x106, {{true, {0x01, 0x10, 0x00}, true}}},
      {"a field section QPACK cannot decode",
       0x200,
       {{true, frame(frame_type::kHeaders, {0x00, 0x00, 0xff, 0x24}), true}}},
      {"a second SETTINGS", 0x105, {{false, control_stream({settings_frame})}}},
      {"a setting given twice",
       0x109,
       {{false, control_stream({frame(frame_type::kSettings, repeated_setting)}, false)}}},
      {"a control frame too large to buffer",
       0x107,
       {{false, control_stream({frame(frame_type::kSettings, Bytes(20000, 0))}, false)}}},
      {"MAX_PUSH_ID lowered",
       0x108,
       {{false, control_stream({frame(frame_type::kMaxPushId, {0x05}),
                                frame(frame_type::kMaxPushId, {0x04})})}}},
      {"a client GOAWAY raising its push ID",
       0x108,
       {{false, control_stream(
                    {frame(frame_type::kGoaway, {0x04}), frame(frame_type::kGoaway, {0x08})})}}},
      {"PRIORITY_UPDATE for a stream that is not a request stream",
       0x108,
       {{false, control_stream({not_a_request_stream})}}},
      {"PRIORITY_UPDATE with a value that does not parse",
       0x101,
       {{false, control_stream({unparsable_priority})}}},
      {"a second QPACK encoder stream", 0x103, {{false, {0x02}}, {false, {0x02}}}},
      {"an encoder stream instruction QPACK refuses", 0x201, {{false, {0x02, 0x3f, 0xe9, 0x26}}}},
      {"a decoder stream instruction QPACK refuses", 0x202, {{false, {0x03, 0x84}}}},
      {"the QPACK encoder stream closed", 0x104, {{false, {0x02}, true}}},
      {"STOP_SENDING on the server's control stream",
       0x104,
       {{false, {}, false, SIZE_MAX, 0x100, uint64_t{3}}}},
      {"an HTTP/2 frame type on a request stream",
       0x105,
       {{true, frame(0x08, {0, 0, 0, 1}), true}}},
      {"PUSH_PROMISE from a client",
       0x105,
       {{true, frame(frame_type::kPushPromise, {0x00, 0x00, 0x00}), true}}},
      {"HEADERS after the trailers", 0x105, {{true, cat({get_head, trailer, trailer}), true}}},
  };
  TestRouter router;
  H3Sim h3({}, router);
  std::vector<RawQuicClientApp*> clients;
  for (const Case& c : cases) clients.push_back(&h3.add_raw_client(c.script));
  REQUIRE(h3.run_until([&] {
    return std::all_of(clients.begin(), clients.end(),
                       [](RawQuicClientApp* c) { return c->close_reason.has_value(); });
  }));
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].name);
    const CloseReason& reason = *clients[i]->close_reason;
    CHECK(reason.kind == CloseReason::Kind::kRemote);
    CHECK(reason.error.application);
    CHECK(reason.error.code == cases[i].code);
  }
}

TEST_CASE("a raw QUIC peer's malformed request is a stream error, answered 400",
          "[http3][sim][errors]") {
  TestRouter router;
  H3Sim h3({}, router);
  auto& raw = h3.add_raw_client({
      {false, control_stream({})},
      {true,
       request_headers({{":method", "GET"},
                        {":scheme", "https"},
                        {":authority", "localhost"},
                        {":path", "/"},
                        {"Upper-Case", "x"}}),
       true},
      {true,
       request_headers({{":method", "GET"},
                        {":scheme", "https"},
                        {":authority", "localhost"},
                        {":path", "/bytes/10"}}),
       true},
  });
  // Responses on both request streams (0 and 4).
  REQUIRE(h3.run_until([&] {
    return raw.received.count(0) && raw.received.count(4) &&
           decode_written(raw.received.at(4), 4).body.size() == 10;
  }));
  // The malformed request on stream 0 is answered 400 (RFC 9114 §4.1.2) and, had the client
  // still been sending, stopped with H3_MESSAGE_ERROR; the connection stays up.
  const WrittenMessage bad = decode_written(raw.received.at(0), 0);
  REQUIRE(bad.sections.size() == 1);
  CHECK(bad.sections[0][0].value == "400");
  CHECK_FALSE(raw.close_reason);
  CHECK(router.seen.size() == 1);  // only the valid request reached a handler
  const WrittenMessage good = decode_written(raw.received.at(4), 4);
  REQUIRE(good.sections.size() == 1);
  CHECK(good.sections[0][0].value == "200");
  CHECK(good.body == pattern(10));
}

TEST_CASE("a raw QUIC peer's stream errors leave the connection up", "[http3][sim][errors]") {
  TestRouter router;
  H3SimConfig config;
  config.server.connection.max_field_section_size = 1000;
  H3Sim h3(config, router);
  const auto head = [](const char* method, std::vector<std::pair<std::string, std::string>> extra) {
    std::vector<std::pair<std::string, std::string>> fields = {
        {":method", method}, {":scheme", "https"}, {":authority", "localhost"}, {":path", "/echo"}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    return request_headers(fields);
  };
  auto& raw = h3.add_raw_client({
      {false, control_stream({})},  // stream 2
      {false, {0x21, 1, 2, 3}},     // 6: a reserved stream type
      {true, {}, true},             // 0: ends before its head
      {true,                        // 4: less than content-length
       cat({head("POST", {{"content-length", "10"}}), frame(frame_type::kData, {1, 2, 3, 4, 5})}),
       true},
      {true, head("GET", {{"x-big", std::string(2000, 'b')}}), true},  // 8: over our limit
      {true, head("POST", {}), false},                                 // 12: reset by the client
      {false, {}, false, 5, 0x10c},
      {true, head("GET", {}), true},  // 16: still served
  });
  REQUIRE(h3.run_until([&] {
    return raw.stop_sending.count(6) && raw.resets.count(0) && raw.resets.count(4) &&
           raw.received.count(8) && raw.received.count(16) && raw.resets.count(12);
  }));
  CHECK_FALSE(raw.close_reason);
  // RFC 9114 §6.2: an unknown stream type is read no further.
  CHECK(raw.stop_sending.at(6) == 0x103);
  // §4.1: a request stream that ends before the request does.
  CHECK(raw.resets.at(0) == 0x10d);
  // §4.1.2: content that disagrees with content-length is malformed.
  CHECK(raw.resets.at(4) == 0x10e);
  // §4.2.2: a header section over SETTINGS_MAX_FIELD_SECTION_SIZE gets 431.
  const WrittenMessage big = decode_written(raw.received.at(8), 8);
  REQUIRE(big.sections.size() == 1);
  CHECK(big.sections[0][0].value == "431");
  // §4.1.1: the client's reset overtook its request (RFC 9000 §3.2: data need not be delivered
  // after RESET_STREAM), so nothing was processed: rejected, not cancelled.
  CHECK(raw.resets.at(12) == 0x10b);
  CHECK(router.seen.size() == 2);  // streams 4 and 16 reached a handler
  const WrittenMessage ok = decode_written(raw.received.at(16), 16);
  REQUIRE(ok.sections.size() == 1);
  CHECK(ok.sections[0][0].value == "200");
}

// --- A raw QUIC server writing HTTP/3 by hand, against our client ---

Bytes server_control_stream(std::initializer_list<Bytes> frames, bool with_settings = true) {
  return control_stream(frames, with_settings);
}

Bytes response_headers(const std::vector<std::pair<std::string, std::string>>& fields) {
  return request_headers(fields);
}

TEST_CASE("a raw QUIC server breaking HTTP/3 rules gets the right connection error",
          "[http3][sim][errors]") {
  struct Case {
    const char* name;
    uint64_t code;
    RawQuicServerApp::Script script;
  };
  const Bytes ok = response_headers({{":status", "200"}});
  const Bytes trailer = response_headers({{"x-trailer", "1"}});
  const std::vector<Case> cases = {
      {"control stream without SETTINGS first",
       0x10a,
       {{server_control_stream({frame(frame_type::kGoaway, {0x00})}, false)}, ok, {}}},
      {"a push stream though no MAX_PUSH_ID was sent",
       0x108,
       {{server_control_stream({}), {0x01, 0x00}}, ok, {}}},
      {"PUSH_PROMISE though no MAX_PUSH_ID was sent",
       0x108,
       {{server_control_stream({})},
        cat({frame(frame_type::kPushPromise, {0x00, 0x00, 0x00}), ok}),
        {}}},
      {"MAX_PUSH_ID from a server",
       0x105,
       {{server_control_stream({frame(frame_type::kMaxPushId, {0x01})})}, ok, {}}},
      {"GOAWAY naming a stream that is not a request stream",
       0x108,
       {{server_control_stream({frame(frame_type::kGoaway, {0x02})})}, ok, {}}},
      {"a server-initiated bidirectional stream",
       0x103,
       {{server_control_stream({})}, ok, frame(frame_type::kData, {1})}},
      {"a second final response", 0x105, {{server_control_stream({})}, cat({ok, trailer, ok}), {}}},
      {"a decoder stream instruction QPACK refuses",
       0x202,
       {{server_control_stream({}), {0x03, 0x84}}, ok, {}}},
      {"the control stream closed", 0x104, {{server_control_stream({})}, ok, {}, true}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    RawQuicServerApp server(c.script);
    TestRouter router;
    H3SimConfig config;
    config.server_app = &server;
    H3Sim h3(config, router);
    h3.client_app().at(h3.sim().now(),
                       [](Http3Client& client) { (void)client.send_request(get("/")); });
    h3.start_client();
    REQUIRE(h3.run_until([&] { return h3.client_app().close_reason.has_value(); },
                         Duration::from_seconds(5)));
    CHECK(h3.client().close_code() == c.code);
    REQUIRE(
        h3.run_until([&] { return server.close_reason.has_value(); }, Duration::from_seconds(5)));
    CHECK(server.close_reason->error.application);
    CHECK(server.close_reason->error.code == c.code);
  }
}

TEST_CASE("a raw QUIC server's malformed response fails its request, not the connection",
          "[http3][sim][errors]") {
  RawQuicServerApp server({{server_control_stream({})},
                           cat({response_headers({{":status", "200"}, {"content-length", "5"}}),
                                frame(frame_type::kData, {1})}),
                           {}});
  TestRouter router;
  H3SimConfig config;
  config.server_app = &server;
  H3Sim h3(config, router);
  RequestId first = 0;
  h3.client_app().at(h3.sim().now(),
                     [&](Http3Client& client) { first = *client.send_request(get("/")); });
  h3.start_client();
  auto& events = h3.client_app().events;
  REQUIRE(h3.run_until([&] { return events.finished == 1; }, Duration::from_seconds(5)));
  REQUIRE(events.at(first).failed);
  CHECK(events.at(first).failed->error_code == 0x10e);
  // A stream error only: the connection carries on.
  h3.run_until([] { return false; }, Duration::from_millis(200));
  CHECK_FALSE(h3.client().is_closed());
  CHECK_FALSE(server.close_reason);
}

}  // namespace
}  // namespace quasar::http3::test
