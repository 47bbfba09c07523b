// Every connection and stream error a misbehaving peer can cause, produced by a raw peer writing
// frames by hand onto streams of a server or a client under test (RFC 9114 §6, §7, §8;
// RFC 9204 §4.2, §6; RFC 9218 §7.2).
#include <catch2/catch.hpp>

#include <functional>

#include "http3/client.h"
#include "http3/server.h"
#include "tests/http3/raw_peer.h"
#include "tests/http3/test_handlers.h"

namespace quasar::http3::test {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes varints(std::initializer_list<uint64_t> values) {
  Bytes out;
  for (uint64_t v : values) append_varint(out, v);
  return out;
}

struct ServerUnderTest {
  explicit ServerUnderTest(const ServerConfig& config = {})
      : server(transport, router, config), peer(server, true) {
    server.start();
  }
  uint64_t close_code() const { return transport.close_code.value_or(0); }

  MemoryTransport transport{false};
  TestRouter router;
  Http3Server server;
  RawPeer peer;
};

struct ClientUnderTest {
  explicit ClientUnderTest(const ClientConfig& config = {})
      : client(transport, config), peer(client, false) {
    client.start();
  }
  uint64_t close_code() const { return transport.close_code.value_or(0); }
  RequestId get() {
    return *client.send_request(RequestHead{"GET", "https", "example.com", "/", {}});
  }

  MemoryTransport transport{true};
  Http3Client client;
  RawPeer peer;
  ResponseCollector events;
};

struct ErrorCase {
  const char* name;
  uint64_t code;
  std::function<void(ServerUnderTest&)> act;
};

TEST_CASE("a client breaking the rules gets the connection error RFC 9114 names",
          "[http3][errors]") {
  const Bytes settings = RawPeer::frame(frame_type::kSettings, {});
  const Bytes goaway = RawPeer::frame(frame_type::kGoaway, {0x00});
  const std::vector<ErrorCase> cases = {
      {"first control frame is not SETTINGS", 0x10a,
       [&](ServerUnderTest& t) { t.peer.open_uni(2, stream_type::kControl, goaway); }},
      {"a reserved frame before SETTINGS", 0x10a,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(2, stream_type::kControl, RawPeer::frame(0x21, {}));
       }},
      {"a second SETTINGS", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(settings);
       }},
      {"DATA on the control stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::data({1, 2}));
       }},
      {"HEADERS on the control stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(t.peer.headers(RawPeer::get_request()));
       }},
      {"PUSH_PROMISE on the control stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kPushPromise, {0x00, 0x00, 0x00}));
       }},
      {"HTTP/2 PRIORITY on the control stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(0x02, {0x00}));
       }},
      {"HTTP/2 PING on the control stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(0x06, Bytes(8, 0)));
       }},
      {"HTTP/2 WINDOW_UPDATE on the control stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(0x08, {0, 0, 0, 1}));
       }},
      {"HTTP/2 CONTINUATION on the control stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(0x09, {}));
       }},
      {"an HTTP/2 setting identifier", 0x109,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(2, stream_type::kControl,
                         RawPeer::frame(frame_type::kSettings, varints({0x03, 100})));
       }},
      {"a setting given twice", 0x109,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(2, stream_type::kControl,
                         RawPeer::frame(frame_type::kSettings, varints({0x06, 100, 0x06, 100})));
       }},
      {"a truncated SETTINGS parameter", 0x106,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(2, stream_type::kControl,
                         RawPeer::frame(frame_type::kSettings, varints({0x06})));
       }},
      {"a SETTINGS frame too large to buffer", 0x107,
       [&](ServerUnderTest& t) {
         Bytes payload;
         for (uint64_t i = 0; i < 4000; ++i) {
           append_varint(payload, 0x21 + 0x1f * (i + 1000));
           append_varint(payload, i);
         }
         t.peer.open_uni(2, stream_type::kControl, RawPeer::frame(frame_type::kSettings, payload));
       }},
      {"GOAWAY with a byte too many", 0x106,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kGoaway, {0x00, 0x00}));
       }},
      {"GOAWAY cut short", 0x106,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kGoaway, {0x40}));
       }},
      {"GOAWAY with a payload longer than any varint", 0x106,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kGoaway, Bytes(9, 0)));
       }},
      {"a client GOAWAY raising its push ID", 0x108,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::cat({RawPeer::frame(frame_type::kGoaway, {0x04}),
                                         RawPeer::frame(frame_type::kGoaway, {0x08})}));
       }},
      {"MAX_PUSH_ID lowered", 0x108,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::cat({RawPeer::frame(frame_type::kMaxPushId, {0x05}),
                                         RawPeer::frame(frame_type::kMaxPushId, {0x04})}));
       }},
      {"CANCEL_PUSH for a push never promised", 0x108,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kCancelPush, {0x00}));
       }},
      {"PRIORITY_UPDATE for a stream that is not a request stream", 0x108,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         Bytes out;
         append_priority_update_frame(out, PriorityUpdateFrame{false, 2, "u=1"});
         t.peer.on_control(out);
       }},
      {"PRIORITY_UPDATE for a push never promised", 0x108,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         Bytes out;
         append_priority_update_frame(out, PriorityUpdateFrame{true, 0, "u=1"});
         t.peer.on_control(out);
       }},
      {"PRIORITY_UPDATE with a value that does not parse", 0x101,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         Bytes out;
         append_priority_update_frame(out, PriorityUpdateFrame{false, 0, "u=?"});
         t.peer.on_control(out);
       }},
      {"PRIORITY_UPDATE for too many streams not yet opened", 0x107,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         Bytes out;
         for (uint64_t i = 0; i < 300; ++i) {
           append_priority_update_frame(out, PriorityUpdateFrame{false, 4 * i, "u=1"});
         }
         t.peer.on_control(out);
       }},
      {"a second control stream", 0x103,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.open_uni(t.peer.uni_stream(1), stream_type::kControl, settings);
       }},
      {"a second QPACK encoder stream", 0x103,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(t.peer.uni_stream(1), stream_type::kQpackEncoder);
         t.peer.open_uni(t.peer.uni_stream(2), stream_type::kQpackEncoder);
       }},
      {"a second QPACK decoder stream", 0x103,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(t.peer.uni_stream(1), stream_type::kQpackDecoder);
         t.peer.open_uni(t.peer.uni_stream(2), stream_type::kQpackDecoder);
       }},
      {"a push stream from a client", 0x103,
       [&](ServerUnderTest& t) { t.peer.open_uni(t.peer.uni_stream(1), stream_type::kPush, {0}); }},
      {"the control stream ends", 0x104,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.peer.send(t.peer.uni_stream(0), {}, true);
       }},
      {"the control stream is reset", 0x104,
       [&](ServerUnderTest& t) {
         t.peer.open_control();
         t.server.on_stream_reset(t.peer.uni_stream(0), 0x100);
       }},
      {"the QPACK encoder stream ends", 0x104,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(t.peer.uni_stream(1), stream_type::kQpackEncoder);
         t.peer.send(t.peer.uni_stream(1), {}, true);
       }},
      {"the QPACK decoder stream is reset", 0x104,
       [&](ServerUnderTest& t) {
         t.peer.open_uni(t.peer.uni_stream(1), stream_type::kQpackDecoder);
         t.server.on_stream_reset(t.peer.uni_stream(1), 0x100);
       }},
      {"STOP_SENDING on our control stream", 0x104,
       [&](ServerUnderTest& t) { t.server.on_stop_sending(3, 0x100); }},
      {"STOP_SENDING on our QPACK encoder stream", 0x104,
       [&](ServerUnderTest& t) { t.server.on_stop_sending(7, 0x100); }},
      {"DATA before HEADERS", 0x105,
       [&](ServerUnderTest& t) { t.peer.send(0, RawPeer::data({1})); }},
      {"DATA after the trailers", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.send(0, RawPeer::cat({t.peer.headers(RawPeer::get_request()),
                                      t.peer.headers({{"x-trailer", "1"}}), RawPeer::data({1})}));
       }},
      {"HEADERS after the trailers", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.send(0, RawPeer::cat({t.peer.headers(RawPeer::get_request()),
                                      t.peer.headers({{"x-trailer", "1"}}),
                                      t.peer.headers({{"x-trailer", "2"}})}));
       }},
      {"SETTINGS on a request stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.send(0, RawPeer::cat({t.peer.headers(RawPeer::get_request()), settings}));
       }},
      {"GOAWAY on a request stream", 0x105, [&](ServerUnderTest& t) { t.peer.send(0, goaway); }},
      {"MAX_PUSH_ID on a request stream", 0x105,
       [&](ServerUnderTest& t) { t.peer.send(0, RawPeer::frame(frame_type::kMaxPushId, {1})); }},
      {"CANCEL_PUSH on a request stream", 0x105,
       [&](ServerUnderTest& t) { t.peer.send(0, RawPeer::frame(frame_type::kCancelPush, {1})); }},
      {"PRIORITY_UPDATE on a request stream", 0x105,
       [&](ServerUnderTest& t) {
         Bytes out;
         append_priority_update_frame(out, PriorityUpdateFrame{false, 0, "u=1"});
         t.peer.send(0, out);
       }},
      {"HTTP/2 frame type on a request stream", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.send(0, RawPeer::frame(0x08, {0, 0, 0, 1}));
       }},
      {"PUSH_PROMISE from a client", 0x105,
       [&](ServerUnderTest& t) {
         t.peer.send(0, RawPeer::frame(frame_type::kPushPromise, {0x00, 0x00, 0x00}));
       }},
      {"a request stream ending inside a frame", 0x106,
       [&](ServerUnderTest& t) {
         Bytes h = t.peer.headers(RawPeer::get_request());
         h.pop_back();
         t.peer.send(0, h, true);
       }},
      {"a request stream ending inside a frame header", 0x106,
       [&](ServerUnderTest& t) {
         t.peer.send(0, RawPeer::cat({t.peer.headers(RawPeer::get_request()), {0x40}}), true);
       }},
      {"request data on a stream far beyond those opened", 0x107,
       [&](ServerUnderTest& t) {
         t.peer.send(4 * 70000, t.peer.headers(RawPeer::get_request()), true);
       }},
      {"a reset of a stream far beyond those opened", 0x107,
       [&](ServerUnderTest& t) { t.server.on_stream_reset(4 * 70000, 0x10c); }},
      {"a field section QPACK cannot decode", 0x200,
       [&](ServerUnderTest& t) {
         // Static table index 99 does not exist (RFC 9204 Appendix A has 0-98).
         t.peer.send(0, RawPeer::frame(frame_type::kHeaders, {0x00, 0x00, 0xff, 0x24}));
       }},
      {"an encoder stream instruction QPACK refuses", 0x201,
       [&](ServerUnderTest& t) {
         // Set Dynamic Table Capacity 5000, above our 4096.
         t.peer.open_uni(t.peer.uni_stream(1), stream_type::kQpackEncoder, {0x3f, 0xe9, 0x26});
       }},
      {"a decoder stream instruction QPACK refuses", 0x202,
       [&](ServerUnderTest& t) {
         // Section Acknowledgment for a stream with no section outstanding.
         t.peer.open_uni(t.peer.uni_stream(1), stream_type::kQpackDecoder, {0x84});
       }},
  };
  for (const ErrorCase& c : cases) {
    INFO(c.name);
    ServerUnderTest t;
    c.act(t);
    CHECK(t.server.is_closed());
    CHECK(t.close_code() == c.code);
    CHECK(t.transport.close_code == c.code);
    // Nothing more is processed after a connection error.
    const size_t seen = t.router.seen.size();
    t.peer.send(t.peer.bidi_stream(10), t.peer.headers(RawPeer::get_request()), true);
    CHECK(t.router.seen.size() == seen);
  }
}

TEST_CASE("frames split at every byte still produce the same connection error", "[http3][errors]") {
  // A control stream whose SETTINGS is followed by DATA, delivered in two pieces cut anywhere.
  Bytes stream = varints({stream_type::kControl});
  Settings s;
  s.max_field_section_size = 1000;
  append_settings_frame(stream, s);
  const Bytes data = RawPeer::data({1, 2, 3});
  stream.insert(stream.end(), data.begin(), data.end());
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    ServerUnderTest t;
    t.peer.send(2, Bytes(stream.begin(), stream.begin() + cut));
    t.peer.send(2, Bytes(stream.begin() + cut, stream.end()));
    INFO("cut " << cut);
    CHECK(t.close_code() == 0x105);
    REQUIRE(t.server.peer_settings());
    CHECK(t.server.peer_settings()->max_field_section_size == 1000u);
  }
}

TEST_CASE("streams of unknown types are stopped, not fatal", "[http3][errors]") {
  ServerUnderTest t;
  t.peer.open_control();
  t.peer.open_uni(t.peer.uni_stream(1), 0x21, Bytes(100, 0xaa));   // reserved type
  t.peer.open_uni(t.peer.uni_stream(2), 0x4242, Bytes(10, 0x01));  // unknown type
  t.peer.send(t.peer.uni_stream(1), Bytes(50, 0xbb));              // more data: ignored
  t.peer.send(t.peer.uni_stream(3), {0x40}, true);                 // closed inside its type
  t.peer.send(t.peer.uni_stream(2), {}, true);
  CHECK_FALSE(t.server.is_closed());
  CHECK(t.transport.streams[t.peer.uni_stream(1)].stop_sending_code == 0x103);
  CHECK(t.transport.streams[t.peer.uni_stream(2)].stop_sending_code == 0x103);
  // Reserved frames, settings and unknown frames on the control stream are ignored too.
  Bytes extra;
  append_frame(extra, 0x21 + 0x1f * 7, Bytes(20, 0));
  append_frame(extra, 0xabcdef, Bytes(3, 0));
  t.peer.on_control(extra);
  CHECK_FALSE(t.server.is_closed());
  // And a request with reserved frames around its parts is served.
  t.peer.send(
      0,
      RawPeer::cat({RawPeer::frame(0x21, {1}), t.peer.headers(RawPeer::get_request("/bytes/3")),
                    RawPeer::frame(0x40, {})}),
      true);
  CHECK(t.router.seen.size() == 1);
  const WrittenMessage response = decode_written(t.transport.streams[0].written, 0);
  REQUIRE(response.sections.size() == 1);
  CHECK(response.sections[0][0].value == "200");
  CHECK(response.body == pattern(3));
}

TEST_CASE("malformed requests are stream errors answered as RFC 9114 §4.1.2 allows",
          "[http3][errors]") {
  struct Case {
    const char* name;
    Fields fields;
  };
  const Case cases[] = {
      {"uppercase field name",
       {{":method", "GET"},
        {":scheme", "https"},
        {":authority", "a"},
        {":path", "/"},
        {"Accept", "x"}}},
      {"missing :path", {{":method", "GET"}, {":scheme", "https"}, {":authority", "a"}}},
      {"pseudo-header after a field",
       {{":method", "GET"}, {":scheme", "https"}, {"x", "y"}, {":authority", "a"}, {":path", "/"}}},
      {"connection-specific field",
       {{":method", "GET"},
        {":scheme", "https"},
        {":authority", "a"},
        {":path", "/"},
        {"connection", "keep-alive"}}},
      {"invalid content-length",
       {{":method", "POST"},
        {":scheme", "https"},
        {":authority", "a"},
        {":path", "/"},
        {"content-length", "abc"}}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    ServerUnderTest t;
    t.peer.send(0, t.peer.headers(c.fields), true);
    CHECK_FALSE(t.server.is_closed());
    CHECK(t.router.seen.empty());
    CHECK(t.transport.streams[0].stop_sending_code == 0x10e);
    const WrittenMessage response = decode_written(t.transport.streams[0].written, 0);
    REQUIRE(response.sections.size() == 1);
    CHECK(response.sections[0][0].value == "400");
    CHECK(t.transport.streams[0].fin);
    CHECK(t.server.stats().malformed == 1);
  }
}

TEST_CASE("content that disagrees with content-length is H3_MESSAGE_ERROR", "[http3][errors]") {
  for (const Bytes& body : {Bytes(5, 1), Bytes(15, 1)}) {
    ServerUnderTest t;
    Fields f = {{":method", "POST"},
                {":scheme", "https"},
                {":authority", "a"},
                {":path", "/echo"},
                {"content-length", "10"}};
    t.peer.send(0, RawPeer::cat({t.peer.headers(f), RawPeer::data(body)}), true);
    CHECK_FALSE(t.server.is_closed());
    REQUIRE(t.router.seen.size() == 1);
    CHECK(t.router.seen[0].reset_code == 0x10e);
    CHECK(t.transport.streams[0].reset_code == 0x10e);
    CHECK(t.transport.streams[0].stop_sending_code == 0x10e);
  }
}

TEST_CASE("a request stream ending before its head is H3_REQUEST_INCOMPLETE", "[http3][errors]") {
  ServerUnderTest t;
  t.peer.send(0, {}, true);
  t.peer.send(4, RawPeer::frame(0x21, {1, 2}), true);  // only a reserved frame
  CHECK_FALSE(t.server.is_closed());
  CHECK(t.transport.streams[0].reset_code == 0x10d);
  CHECK(t.transport.streams[4].reset_code == 0x10d);
  CHECK(t.server.stats().incomplete == 2);
}

TEST_CASE("a request reset while its section is blocked cancels it for QPACK", "[http3][errors]") {
  ServerUnderTest t;
  // Required Insert Count 1 (encoded 2), Base 1, indexed dynamic entry 0: blocked, as no
  // insertion has arrived.
  t.peer.send(0, RawPeer::frame(frame_type::kHeaders, {0x02, 0x00, 0x80}));
  CHECK(t.server.qpack_decoder().blocked_stream_count() == 1);
  CHECK(t.router.seen.empty());
  const size_t before = t.transport.streams[11].written.size();
  t.server.on_stream_reset(0, 0x10c);
  CHECK(t.server.qpack_decoder().blocked_stream_count() == 0);
  // RFC 9204 §4.4.2: Stream Cancellation (01, stream ID 0) on our decoder stream.
  const Bytes& decoder_stream = t.transport.streams[11].written;
  REQUIRE(decoder_stream.size() == before + 1);
  CHECK(decoder_stream.back() == 0x40);
  // Nothing was processed: rejected (RFC 9114 §4.1.1).
  CHECK(t.transport.streams[0].reset_code == 0x10b);
  CHECK_FALSE(t.server.is_closed());
}

TEST_CASE("data piling up behind a blocked section is H3_EXCESSIVE_LOAD", "[http3][errors]") {
  ServerConfig config;
  config.connection.max_blocked_stream_bytes = 1000;
  ServerUnderTest t(config);
  // Blocked as above; then DATA the server may not process but must hold.
  t.peer.send(0, RawPeer::frame(frame_type::kHeaders, {0x02, 0x00, 0x80}));
  t.peer.send(0, RawPeer::data(Bytes(600, 1)));
  CHECK_FALSE(t.transport.streams[0].stop_sending_code);
  const size_t before = t.transport.streams[11].written.size();
  t.peer.send(0, RawPeer::data(Bytes(600, 1)));
  CHECK_FALSE(t.server.is_closed());
  CHECK(t.transport.streams[0].stop_sending_code == 0x107);
  CHECK(t.transport.streams[0].reset_code == 0x107);
  CHECK(t.server.qpack_decoder().blocked_stream_count() == 0);
  // The section will never be decoded: Stream Cancellation (RFC 9204 §4.4.2).
  REQUIRE(t.transport.streams[11].written.size() == before + 1);
  CHECK(t.transport.streams[11].written.back() == 0x40);
  CHECK(t.router.seen.empty());
}

TEST_CASE("data behind a blocked response section is bounded too", "[http3][errors]") {
  ClientConfig config;
  config.connection.max_blocked_stream_bytes = 1000;
  ClientUnderTest t(config);
  const RequestId id = t.get();
  t.peer.send(0, RawPeer::cat({RawPeer::frame(frame_type::kHeaders, {0x02, 0x00, 0x80}),
                               RawPeer::data(Bytes(2000, 1))}));
  t.events.drain(t.client);
  REQUIRE(t.events.at(id).failed);
  CHECK(t.events.at(id).failed->error_code == 0x107);
  CHECK(t.transport.streams[0].stop_sending_code == 0x107);
  CHECK_FALSE(t.client.is_closed());
}

TEST_CASE("a blocked request is served once the encoder stream delivers", "[http3][errors]") {
  ServerUnderTest t;
  // :method GET (static 17 = 0xd1), :scheme https (static 23 = 0xd7), :path "/" (literal with
  // static name 1: 0x51 0x01 '/'), :authority "a" (literal with static name 0: 0x50 0x01 'a'),
  // then the dynamic entry 0 (0x80).
  const Bytes blocked = {0x02, 0x00, 0xd1, 0xd7, 0x51, 0x01, '/', 0x50, 0x01, 'a', 0x80};
  t.peer.send(0, RawPeer::frame(frame_type::kHeaders, blocked), true);
  CHECK(t.router.seen.empty());
  // Set capacity 100 (0x20 | 31, 100 - 31 = 69), insert "x-y" = "z" (0x43 'x' '-' 'y' 0x01 'z').
  t.peer.open_uni(t.peer.uni_stream(1), stream_type::kQpackEncoder,
                  {0x3f, 0x45, 0x43, 'x', '-', 'y', 0x01, 'z'});
  CHECK_FALSE(t.server.is_closed());
  REQUIRE(t.router.seen.size() == 1);
  CHECK(*find_field(t.router.seen[0].head.headers, "x-y") == "z");
  // RFC 9204 §4.4.1: the section is acknowledged on our decoder stream (1, stream ID 0).
  CHECK(t.transport.streams[11].written.back() == 0x80);
}

TEST_CASE("PRIORITY_UPDATE before the stream opens is applied when it does",
          "[http3][errors][priority]") {
  ServerUnderTest t;
  t.peer.open_control();
  Bytes out;
  append_priority_update_frame(out, PriorityUpdateFrame{false, 8, "u=0, i"});
  t.peer.on_control(out);
  Fields f = RawPeer::get_request("/hold");
  f.push_back({"priority", "u=5"});
  t.peer.send(8, t.peer.headers(f), true);
  REQUIRE(t.router.seen.size() == 1);
  CHECK(t.router.seen[0].priority == Priority{0, true});
  CHECK(t.transport.streams[8].priority == Priority{0, true});
  // A later update for a stream that has finished is ignored.
  t.router.release_held();
  out.clear();
  append_priority_update_frame(out, PriorityUpdateFrame{false, 8, "u=7"});
  t.peer.on_control(out);
  CHECK_FALSE(t.server.is_closed());
}

TEST_CASE("requests after our GOAWAY are rejected unprocessed", "[http3][errors][goaway]") {
  ServerUnderTest t;
  t.peer.send(0, t.peer.headers(RawPeer::get_request("/hold")), true);
  t.peer.send(8, t.peer.headers(RawPeer::get_request("/hold")), true);
  t.server.shutdown();
  // GOAWAY 12: stream 4, not seen yet but below it, may still come and be served.
  t.peer.send(4, t.peer.headers(RawPeer::get_request("/bytes/1")), true);
  t.peer.send(12, t.peer.headers(RawPeer::get_request("/bytes/1")), true);
  CHECK(t.router.seen.size() == 3);
  CHECK(t.transport.streams[12].reset_code == 0x10b);
  CHECK(t.transport.streams[12].stop_sending_code == 0x10b);
  // Our control stream ends with GOAWAY 12.
  const Bytes& ours = t.transport.streams[3].written;
  REQUIRE(ours.size() >= 3);
  CHECK(Bytes(ours.end() - 3, ours.end()) == Bytes({0x07, 0x01, 0x0c}));
  // A second shutdown never raises the identifier.
  t.server.shutdown();
  CHECK(Bytes(ours.end() - 3, ours.end()) == Bytes({0x07, 0x01, 0x0c}));
}

TEST_CASE("request streams may show up in any order, each served once", "[http3][errors]") {
  ServerUnderTest t;
  // A jump over a thousand streams, then streams inside the gap, from both of its ends.
  for (uint64_t id : {4000u, 0u, 3996u, 4u, 2000u}) {
    t.peer.send(id, t.peer.headers(RawPeer::get_request("/bytes/2")), true);
  }
  CHECK(t.router.seen.size() == 5);
  // Bytes for a stream whose exchange is over are dropped, not taken as a new request.
  t.peer.send(2000, t.peer.headers(RawPeer::get_request("/bytes/2")), true);
  CHECK(t.router.seen.size() == 5);
  // A stream in the gap reset before any byte was processed: rejected.
  t.server.on_stream_reset(8, 0x10c);
  CHECK(t.transport.streams[8].reset_code == 0x10b);
  t.peer.send(8, t.peer.headers(RawPeer::get_request("/bytes/2")), true);
  CHECK(t.router.seen.size() == 5);
  t.peer.send(12, t.peer.headers(RawPeer::get_request("/bytes/2")), true);
  CHECK(t.router.seen.size() == 6);
  CHECK_FALSE(t.server.is_closed());
  // GOAWAY names the stream after the highest seen (RFC 9114 §5.2).
  t.server.shutdown();
  const Bytes& ours = t.transport.streams[3].written;
  Bytes goaway;
  append_goaway_frame(goaway, GoawayFrame{4004});
  REQUIRE(ours.size() >= goaway.size());
  CHECK(Bytes(ours.end() - static_cast<std::ptrdiff_t>(goaway.size()), ours.end()) == goaway);
}

TEST_CASE("a server breaking the rules gets the connection error RFC 9114 names",
          "[http3][errors]") {
  struct Case {
    const char* name;
    uint64_t code;
    std::function<void(ClientUnderTest&)> act;
  };
  const std::vector<Case> cases = {
      {"a server-initiated bidirectional stream", 0x103,
       [](ClientUnderTest& t) { t.peer.send(1, RawPeer::data({1})); }},
      {"a push stream though no MAX_PUSH_ID was sent", 0x108,
       [](ClientUnderTest& t) { t.peer.open_uni(3, stream_type::kPush, {0x00}); }},
      {"PUSH_PROMISE though no MAX_PUSH_ID was sent", 0x108,
       [](ClientUnderTest& t) {
         t.get();
         t.peer.send(0, RawPeer::frame(frame_type::kPushPromise, {0x00, 0x00, 0x00}));
       }},
      {"MAX_PUSH_ID from a server", 0x105,
       [](ClientUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kMaxPushId, {0x01}));
       }},
      {"PRIORITY_UPDATE from a server", 0x105,
       [](ClientUnderTest& t) {
         t.peer.open_control();
         Bytes out;
         append_priority_update_frame(out, PriorityUpdateFrame{false, 0, "u=1"});
         t.peer.on_control(out);
       }},
      {"CANCEL_PUSH though no MAX_PUSH_ID was sent", 0x108,
       [](ClientUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kCancelPush, {0x00}));
       }},
      {"GOAWAY naming a stream that is not a request stream", 0x108,
       [](ClientUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::frame(frame_type::kGoaway, {0x02}));
       }},
      {"GOAWAY raising its stream ID", 0x108,
       [](ClientUnderTest& t) {
         t.peer.open_control();
         t.peer.on_control(RawPeer::cat({RawPeer::frame(frame_type::kGoaway, {0x04}),
                                         RawPeer::frame(frame_type::kGoaway, {0x08})}));
       }},
      {"a second final response", 0x105,
       [](ClientUnderTest& t) {
         t.get();
         t.peer.send(0, RawPeer::cat({t.peer.headers({{":status", "200"}}),
                                      t.peer.headers({{"x-trailer", "1"}}),
                                      t.peer.headers({{":status", "200"}})}));
       }},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    ClientUnderTest t;
    c.act(t);
    CHECK(t.client.is_closed());
    CHECK(t.close_code() == c.code);
  }
}

TEST_CASE("malformed responses fail their request, not the connection", "[http3][errors]") {
  struct Case {
    const char* name;
    std::function<Bytes(RawPeer&)> response;
    uint64_t code;
  };
  const std::vector<Case> cases = {
      {"no :status",
       [](RawPeer& p) {
         return p.headers({{"server", "x"}});
       },
       0x10e},
      {"uppercase field",
       [](RawPeer& p) {
         return p.headers({{":status", "200"}, {"X", "y"}});
       },
       0x10e},
      {"content-length larger than the content",
       [](RawPeer& p) {
         return RawPeer::cat(
             {p.headers({{":status", "200"}, {"content-length", "5"}}), RawPeer::data({1})});
       },
       0x10e},
      {"content in a 204",
       [](RawPeer& p) {
         return RawPeer::cat({p.headers({{":status", "204"}}), RawPeer::data({1})});
       },
       0x10e},
      {"only an informational response",
       [](RawPeer& p) {
         return p.headers({{":status", "100"}});
       },
       0x10e},
      {"trailers with a pseudo-header",
       [](RawPeer& p) {
         return RawPeer::cat({p.headers({{":status", "200"}}), p.headers({{":status", "200"}})});
       },
       0x10e},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    ClientUnderTest t;
    const RequestId id = t.get();
    t.peer.send(0, c.response(t.peer), true);
    t.events.drain(t.client);
    CHECK_FALSE(t.client.is_closed());
    const auto& r = t.events.at(id);
    REQUIRE(r.failed);
    CHECK(r.failed->error_code == c.code);
    CHECK_FALSE(r.failed->retryable);
  }
}

TEST_CASE("a response head over our limit fails the request with H3_EXCESSIVE_LOAD",
          "[http3][errors]") {
  ClientConfig config;
  config.connection.max_field_section_size = 200;
  ClientUnderTest t(config);
  const RequestId id = t.get();
  t.peer.send(0, t.peer.headers({{":status", "200"}, {"x-big", std::string(300, 'b')}}), true);
  t.events.drain(t.client);
  REQUIRE(t.events.at(id).failed);
  CHECK(t.events.at(id).failed->error_code == 0x107);
  CHECK(t.transport.streams[0].stop_sending_code == 0x107);
  CHECK_FALSE(t.client.is_closed());
}

TEST_CASE("a server reset: rejected is retryable, after a complete response it is ignored",
          "[http3][errors]") {
  ClientUnderTest t;
  const RequestId rejected = t.get();
  const RequestId complete = t.get();
  t.client.on_stream_reset(0, 0x10b);
  t.peer.send(4, RawPeer::cat({t.peer.headers({{":status", "200"}}), RawPeer::data({7})}), true);
  t.client.on_stream_reset(4, 0x10c);
  t.events.drain(t.client);
  REQUIRE(t.events.at(rejected).failed);
  CHECK(t.events.at(rejected).failed->retryable);
  CHECK(t.events.at(complete).complete);
  CHECK_FALSE(t.events.at(complete).failed);
  CHECK(t.events.at(complete).body == Bytes{7});
}

TEST_CASE("a client cancelling a request blocked on QPACK sends Stream Cancellation at once",
          "[http3][errors]") {
  ClientUnderTest t;
  const RequestId id = t.get();
  // Required Insert Count 1 (encoded 2), Base 1, the dynamic entry 0: blocked.
  t.peer.send(0, RawPeer::frame(frame_type::kHeaders, {0x02, 0x00, 0x80}));
  CHECK(t.client.qpack_decoder().blocked_stream_count() == 1);
  const size_t before = t.transport.streams[10].written.size();
  REQUIRE(t.client.cancel(id).ok());
  CHECK(t.client.qpack_decoder().blocked_stream_count() == 0);
  // RFC 9204 §4.4.2: 01 and stream ID 0, on the client's decoder stream (stream 10).
  REQUIRE(t.transport.streams[10].written.size() == before + 1);
  CHECK(t.transport.streams[10].written.back() == 0x40);
  CHECK(t.transport.streams[0].stop_sending_code == 0x10c);
}

}  // namespace
}  // namespace quasar::http3::test
