// HTTP/3 frame codec: varints, each frame's encoding and decoding, SETTINGS rules, and the
// incremental frame parser fed the same bytes split at every point.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "http3/frame_parser.h"
#include "http3/frame_type.h"
#include "http3/frames.h"
#include "http3/settings.h"
#include "http3/stream_type.h"
#include "http3/varint.h"
#include "http3/varint_accumulator.h"

namespace quasar::http3 {
namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST_CASE("varints encode minimally and decode the RFC 9000 examples", "[http3][frame]") {
  // RFC 9000 §A.1 examples.
  uint64_t value = 0;
  CHECK(decode_varint(bytes({0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c}), value) == 8);
  CHECK(value == 151288809941952652ull);
  CHECK(decode_varint(bytes({0x9d, 0x7f, 0x3e, 0x7d}), value) == 4);
  CHECK(value == 494878333);
  CHECK(decode_varint(bytes({0x7b, 0xbd}), value) == 2);
  CHECK(value == 15293);
  CHECK(decode_varint(bytes({0x25}), value) == 1);
  CHECK(value == 37);
  CHECK(decode_varint(bytes({0x40, 0x25}), value) == 2);  // non-minimal is fine
  CHECK(value == 37);
  CHECK(decode_varint(bytes({0x9d, 0x7f, 0x3e}), value) == 0);  // truncated
  CHECK(decode_varint({}, value) == 0);

  const uint64_t values[] = {0, 63, 64, 16383, 16384, (1ull << 30) - 1, 1ull << 30, kMaxVarint};
  for (uint64_t v : values) {
    std::vector<uint8_t> out;
    append_varint(out, v);
    CHECK(out.size() == varint_size(v));
    uint64_t back = 0;
    CHECK(decode_varint(out, back) == out.size());
    CHECK(back == v);
  }
  CHECK(varint_size(kMaxVarint + 1) == 0);
}

TEST_CASE("a varint accumulator takes a varint split anywhere", "[http3][frame]") {
  std::vector<uint8_t> encoded;
  append_varint(encoded, 494878333);
  encoded.push_back(0xaa);  // the next field: never consumed
  for (size_t split = 0; split <= 4; ++split) {
    VarintAccumulator acc;
    std::span<const uint8_t> first(encoded.data(), split);
    std::span<const uint8_t> second(encoded.data() + split, encoded.size() - split);
    const bool done_early = acc.feed(first);
    CHECK(done_early == (split == 4));
    CHECK(acc.partial() == (split > 0 && split < 4));
    CHECK(acc.feed(second));
    CHECK(acc.value() == 494878333);
    REQUIRE(!second.empty());
    CHECK(second[0] == 0xaa);
  }
}

TEST_CASE("reserved identifiers follow 0x1f * N + 0x21", "[http3][frame]") {
  CHECK(is_grease_frame_type(0x21));
  CHECK(is_grease_frame_type(0x40));
  CHECK(is_grease_frame_type(0x1f * 1000 + 0x21));
  CHECK(is_grease_frame_type(0x3ffffffffffffffeull));
  CHECK_FALSE(is_grease_frame_type(0x20));
  CHECK_FALSE(is_grease_frame_type(0x22));
  CHECK_FALSE(is_grease_frame_type(0x00));
  CHECK(is_grease_setting(0x21));
  CHECK(is_grease_stream_type(0x40));
  CHECK_FALSE(is_grease_stream_type(0x03));
  for (uint64_t t : {2, 6, 8, 9}) CHECK(is_http2_only_frame_type(t));
  for (uint64_t t : {0, 1, 3, 4, 5, 7, 0xd}) CHECK_FALSE(is_http2_only_frame_type(t));
  CHECK(frame_type_name(frame_type::kGoaway) == "GOAWAY");
  CHECK(frame_type_name(0x21) == "RESERVED");
  CHECK(frame_type_name(0x1234) == "UNKNOWN");
}

TEST_CASE("stream ID helpers", "[http3][frame]") {
  CHECK(is_request_stream(0));
  CHECK(is_request_stream(4));
  CHECK_FALSE(is_request_stream(1));
  CHECK_FALSE(is_request_stream(2));
  CHECK_FALSE(is_request_stream(3));
  CHECK(is_client_initiated(2));
  CHECK_FALSE(is_bidirectional(3));
}

TEST_CASE("frames are written byte-exact", "[http3][frame]") {
  std::vector<uint8_t> out;
  append_goaway_frame(out, GoawayFrame{8});
  CHECK(out == bytes({0x07, 0x01, 0x08}));
  out.clear();
  append_goaway_frame(out, GoawayFrame{16384});
  CHECK(out == bytes({0x07, 0x04, 0x80, 0x00, 0x40, 0x00}));
  out.clear();
  append_max_push_id_frame(out, MaxPushIdFrame{100});
  CHECK(out == bytes({0x0d, 0x02, 0x40, 0x64}));
  out.clear();
  append_cancel_push_frame(out, CancelPushFrame{3});
  CHECK(out == bytes({0x03, 0x01, 0x03}));
  out.clear();
  append_data_frame(out, bytes({'h', 'i'}));
  CHECK(out == bytes({0x00, 0x02, 'h', 'i'}));
  out.clear();
  append_headers_frame(out, bytes({0x00, 0x00, 0xd1}));
  CHECK(out == bytes({0x01, 0x03, 0x00, 0x00, 0xd1}));
  out.clear();
  append_priority_update_frame(out, PriorityUpdateFrame{false, 4, "u=1"});
  // Type 0xf0700 is a 4-byte varint: 0x800f0700.
  CHECK(out == bytes({0x80, 0x0f, 0x07, 0x00, 0x04, 0x04, 'u', '=', '1'}));
  out.clear();
  append_priority_update_frame(out, PriorityUpdateFrame{true, 2, "i"});
  CHECK(out == bytes({0x80, 0x0f, 0x07, 0x01, 0x02, 0x02, 'i'}));
  out.clear();
  append_push_promise_frame(out, PushPromiseFrame{1, bytes({0x00, 0x00})});
  CHECK(out == bytes({0x05, 0x03, 0x01, 0x00, 0x00}));
  uint8_t header[16];
  CHECK(write_data_frame_header(70000, header) == 5);
  CHECK(std::vector<uint8_t>(header, header + 5) == bytes({0x00, 0x80, 0x01, 0x11, 0x70}));
}

TEST_CASE("single-varint frame payloads must be exact", "[http3][frame]") {
  auto goaway = decode_goaway_frame(bytes({0x40, 0x08}));
  REQUIRE(goaway.ok());
  CHECK(goaway->id == 8);
  const auto truncated = decode_goaway_frame(bytes({0x40}));
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().is(Http3ErrorCode::kFrameError));
  CHECK(truncated.error().frame_type == frame_type::kGoaway);
  const auto trailing = decode_max_push_id_frame(bytes({0x01, 0x00}));
  REQUIRE_FALSE(trailing.ok());
  CHECK(trailing.error().is(Http3ErrorCode::kFrameError));
  CHECK_FALSE(decode_cancel_push_frame({}).ok());
  CHECK(decode_cancel_push_frame(bytes({0x05}))->push_id == 5);
}

TEST_CASE("PUSH_PROMISE and PRIORITY_UPDATE decode their fields", "[http3][frame]") {
  const auto payload = bytes({0x41, 0x00, 0xaa, 0xbb});
  const auto promise = decode_push_promise_frame(payload);
  REQUIRE(promise.ok());
  CHECK(promise->push_id == 256);
  CHECK(std::vector<uint8_t>(promise->field_section.begin(), promise->field_section.end()) ==
        bytes({0xaa, 0xbb}));
  CHECK_FALSE(decode_push_promise_frame(bytes({0x41})).ok());

  const auto update =
      decode_priority_update_frame(frame_type::kPriorityUpdateRequest, as_bytes("\x08u=2, i"));
  REQUIRE(update.ok());
  CHECK_FALSE(update->for_push);
  CHECK(update->element_id == 8);
  CHECK(update->field_value == "u=2, i");
  const auto empty = decode_priority_update_frame(frame_type::kPriorityUpdatePush, {});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().is(Http3ErrorCode::kFrameError));
}

std::vector<uint8_t> settings_payload(std::initializer_list<uint64_t> ids_and_values) {
  std::vector<uint8_t> out;
  for (uint64_t v : ids_and_values) append_varint(out, v);
  return out;
}

TEST_CASE("SETTINGS round trip with GREASE, and its errors", "[http3][frame][settings]") {
  Settings s;
  s.qpack_max_table_capacity = 4096;
  s.qpack_blocked_streams = 16;
  s.max_field_section_size = 65536;
  std::vector<uint8_t> frame;
  const ExtraSetting grease[] = {{0x21 + 0x1f * 3, 7}};
  append_settings_frame(frame, s, grease);
  // Type, length 13, then 0x01 4096, 0x06 65536, 0x07 16 and the reserved 0x7e = 7.
  CHECK(frame == bytes({0x04, 0x0d, 0x01, 0x50, 0x00, 0x06, 0x80, 0x01, 0x00, 0x00, 0x07, 0x10,
                        0x40, 0x7e, 0x07}));
  const auto decoded = decode_settings_payload(std::span(frame).subspan(2));
  REQUIRE(decoded.ok());
  CHECK(*decoded == s);

  // Defaults are not written.
  frame.clear();
  append_settings_frame(frame, Settings{});
  CHECK(frame == bytes({0x04, 0x00}));
  CHECK(*decode_settings_payload({}) == Settings{});

  // Unknown identifiers are ignored.
  CHECK(
      decode_settings_payload(settings_payload({0x1234, 5, 0x01, 100}))->qpack_max_table_capacity ==
      100);
  for (uint64_t h2 : {0x02, 0x03, 0x04, 0x05}) {
    const auto r = decode_settings_payload(settings_payload({h2, 1}));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().is(Http3ErrorCode::kSettingsError));
  }
  const auto dup = decode_settings_payload(settings_payload({0x06, 1, 0x01, 0, 0x06, 2}));
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().is(Http3ErrorCode::kSettingsError));
  const auto dup_unknown = decode_settings_payload(settings_payload({0x55, 1, 0x55, 1}));
  REQUIRE_FALSE(dup_unknown.ok());
  CHECK(dup_unknown.error().is(Http3ErrorCode::kSettingsError));
  auto truncated = settings_payload({0x06});
  const auto t = decode_settings_payload(truncated);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().is(Http3ErrorCode::kFrameError));
}

TEST_CASE("remembered settings are compatible only if not lowered", "[http3][settings]") {
  Settings remembered;
  remembered.qpack_max_table_capacity = 4096;
  remembered.qpack_blocked_streams = 10;
  remembered.max_field_section_size = 1000;
  Settings current = remembered;
  CHECK(settings_compatible_with_remembered(current, remembered));
  current.qpack_max_table_capacity = 8192;
  current.max_field_section_size = 2000;
  CHECK(settings_compatible_with_remembered(current, remembered));
  current.qpack_blocked_streams = 9;
  CHECK_FALSE(settings_compatible_with_remembered(current, remembered));
  current = remembered;
  current.max_field_section_size.reset();  // omitting a non-default value
  CHECK_FALSE(settings_compatible_with_remembered(current, remembered));
  Settings unlimited;
  Settings limited;
  limited.max_field_section_size = 5;
  CHECK_FALSE(settings_compatible_with_remembered(limited, unlimited));
  CHECK(settings_compatible_with_remembered(unlimited, unlimited));
}

// What the parser reported, flattened so that runs with different splits can be compared.
struct ParsedFrame {
  uint64_t type = 0;
  uint64_t length = 0;
  std::vector<uint8_t> payload;
  friend bool operator==(const ParsedFrame&, const ParsedFrame&) = default;
};

// Feeds `stream` in chunks cut at `cuts`; DATA payloads in pieces, reserved frames skipped,
// the rest whole.
std::vector<ParsedFrame> parse_with_cuts(const std::vector<uint8_t>& stream,
                                         const std::vector<size_t>& cuts, bool& boundary) {
  FrameParser parser;
  std::vector<ParsedFrame> frames;
  size_t start = 0;
  std::vector<size_t> ends = cuts;
  ends.push_back(stream.size());
  for (size_t end : ends) {
    std::span<const uint8_t> input(stream.data() + start, end - start);
    start = end;
    for (;;) {
      const auto event = parser.next(input);
      if (event.kind == FrameParser::EventKind::kNeedMore) break;
      switch (event.kind) {
        case FrameParser::EventKind::kHeader:
          frames.push_back({event.type, event.length, {}});
          if (event.type == frame_type::kData) {
            parser.take_payload(FrameParser::PayloadMode::kPieces);
          } else if (is_grease_frame_type(event.type)) {
            parser.take_payload(FrameParser::PayloadMode::kSkip);
          } else {
            parser.take_payload(FrameParser::PayloadMode::kWhole);
          }
          break;
        case FrameParser::EventKind::kPayload:
        case FrameParser::EventKind::kChunk:
          frames.back().payload.insert(frames.back().payload.end(), event.data.begin(),
                                       event.data.end());
          break;
        case FrameParser::EventKind::kNeedMore:
          break;
      }
    }
    CHECK(input.empty());
  }
  boundary = parser.at_frame_boundary();
  return frames;
}

// A control-stream-like run of frames; `ends` receives the offset after each frame.
std::vector<uint8_t> sample_stream(std::vector<size_t>* ends = nullptr) {
  std::vector<uint8_t> s;
  const auto mark = [&] {
    if (ends) ends->push_back(s.size());
  };
  Settings settings;
  settings.max_field_section_size = 20000;
  append_settings_frame(s, settings);
  mark();
  const std::vector<uint8_t> padding(70, 0x5a);
  append_frame(s, 0x21 + 0x1f * 500, padding);  // reserved, 2-byte type
  mark();
  append_headers_frame(s, bytes({0x00, 0x00, 0xd1, 0xd7}));
  mark();
  append_data_frame(s, {});
  mark();
  std::vector<uint8_t> body(300);
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<uint8_t>(i * 7);
  append_data_frame(s, body);
  mark();
  append_priority_update_frame(s, PriorityUpdateFrame{false, 16384, "u=0"});
  mark();
  append_goaway_frame(s, GoawayFrame{1u << 20});
  mark();
  return s;
}

TEST_CASE("the frame parser gives the same frames at every split point", "[http3][frame]") {
  const std::vector<uint8_t> stream = sample_stream();
  bool boundary = false;
  const auto whole = parse_with_cuts(stream, {}, boundary);
  CHECK(boundary);
  REQUIRE(whole.size() == 7);
  CHECK(whole[0].type == frame_type::kSettings);
  CHECK(whole[1].type == 0x21 + 0x1f * 500);
  CHECK(whole[1].length == 70);
  CHECK(whole[1].payload.empty());  // skipped
  CHECK(whole[2].type == frame_type::kHeaders);
  CHECK(whole[2].payload == bytes({0x00, 0x00, 0xd1, 0xd7}));
  CHECK(whole[3].type == frame_type::kData);
  CHECK(whole[3].length == 0);
  CHECK(whole[4].payload.size() == 300);
  CHECK(whole[5].type == frame_type::kPriorityUpdateRequest);
  CHECK(whole[6].type == frame_type::kGoaway);

  for (size_t cut = 1; cut < stream.size(); ++cut) {
    INFO("cut at " << cut);
    bool b = false;
    CHECK(parse_with_cuts(stream, {cut}, b) == whole);
    CHECK(b);
  }
  // Two cuts at every pair of points close together, and one byte at a time.
  for (size_t a = 1; a + 1 < stream.size(); a += 3) {
    for (size_t b = a + 1; b < std::min(stream.size(), a + 12); ++b) {
      bool ok = false;
      CHECK(parse_with_cuts(stream, {a, b}, ok) == whole);
    }
  }
  std::vector<size_t> every_byte;
  for (size_t i = 1; i < stream.size(); ++i) every_byte.push_back(i);
  bool b = false;
  CHECK(parse_with_cuts(stream, every_byte, b) == whole);
}

TEST_CASE("the frame parser knows when a stream ends inside a frame", "[http3][frame]") {
  std::vector<size_t> frame_ends;
  const std::vector<uint8_t> stream = sample_stream(&frame_ends);
  REQUIRE(frame_ends.back() == stream.size());
  for (size_t prefix = 0; prefix <= stream.size(); ++prefix) {
    bool boundary = false;
    (void)parse_with_cuts(std::vector<uint8_t>(stream.begin(), stream.begin() + prefix), {},
                          boundary);
    const bool expected =
        prefix == 0 || std::find(frame_ends.begin(), frame_ends.end(), prefix) != frame_ends.end();
    INFO("prefix " << prefix);
    CHECK(boundary == expected);
  }
}

TEST_CASE("the frame parser hands over a payload in one piece without copying when it can",
          "[http3][frame]") {
  std::vector<uint8_t> stream;
  append_headers_frame(stream, bytes({1, 2, 3}));
  FrameParser parser;
  std::span<const uint8_t> input(stream);
  auto header = parser.next(input);
  REQUIRE(header.kind == FrameParser::EventKind::kHeader);
  parser.take_payload(FrameParser::PayloadMode::kWhole);
  auto payload = parser.next(input);
  REQUIRE(payload.kind == FrameParser::EventKind::kPayload);
  CHECK(payload.data.data() == stream.data() + 2);  // a view into the input
  CHECK(input.empty());
  // A frame whose length would be huge is still only a header until its payload is taken.
  std::vector<uint8_t> big;
  append_frame_header(big, 0x21, kMaxVarint);
  FrameParser skipper;
  std::span<const uint8_t> big_input(big);
  auto big_header = skipper.next(big_input);
  CHECK(big_header.kind == FrameParser::EventKind::kHeader);
  CHECK(big_header.length == kMaxVarint);
  skipper.take_payload(FrameParser::PayloadMode::kSkip);
  std::vector<uint8_t> chunk(1000, 0);
  std::span<const uint8_t> chunk_input(chunk);
  CHECK(skipper.next(chunk_input).kind == FrameParser::EventKind::kNeedMore);
  CHECK(skipper.payload_remaining() == kMaxVarint - 1000);
  CHECK_FALSE(skipper.at_frame_boundary());
}

}  // namespace
}  // namespace quasar::http3
