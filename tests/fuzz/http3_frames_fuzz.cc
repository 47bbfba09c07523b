// Fuzzes the HTTP/3 frame parser (http3/frame_parser.h) and the frame payload decoders.
// Input: [chunk pattern] stream bytes. The stream is parsed whole and again in chunks of
// varying size: both must yield the same frames. Every frame that decodes is written again and
// must decode to the same value. The bytes are also fed, as text, to the Priority, request path
// and Range parsers, whose results must be self-consistent.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "http3/byte_range.h"
#include "http3/frame_parser.h"
#include "http3/frame_type.h"
#include "http3/frames.h"
#include "http3/priority.h"
#include "http3/request_path.h"
#include "http3/settings.h"

namespace {

using namespace quasar::http3;

// Largest payload buffered whole, as the control stream's limit.
constexpr uint64_t kMaxWhole = 16 * 1024;

struct Parsed {
  uint64_t type = 0;
  uint64_t length = 0;
  std::vector<uint8_t> payload;  // whole payloads and DATA; empty when skipped
  bool operator==(const Parsed&) const = default;
};

struct Outcome {
  std::vector<Parsed> frames;
  bool boundary = false;
  bool operator==(const Outcome&) const = default;
};

FrameParser::PayloadMode mode_for(uint64_t type, uint64_t length) {
  if (type == frame_type::kData) return FrameParser::PayloadMode::kPieces;
  if (!is_known_frame_type(type) || length > kMaxWhole) return FrameParser::PayloadMode::kSkip;
  return FrameParser::PayloadMode::kWhole;
}

Outcome parse(std::span<const uint8_t> stream, uint8_t pattern) {
  Outcome out;
  FrameParser parser;
  size_t i = 0;
  while (!stream.empty() || i == 0) {
    size_t chunk = stream.size();
    if (pattern != 0)
      chunk = std::min<size_t>(stream.size(), 1 + ((pattern >> (i % 8)) & 3) * 5 + i % 4);
    std::span<const uint8_t> input = stream.first(chunk);
    stream = stream.subspan(chunk);
    ++i;
    for (;;) {
      const auto event = parser.next(input);
      if (event.kind == FrameParser::EventKind::kNeedMore) break;
      if (event.kind == FrameParser::EventKind::kHeader) {
        out.frames.push_back({event.type, event.length, {}});
        parser.take_payload(mode_for(event.type, event.length));
      } else {
        auto& payload = out.frames.back().payload;
        payload.insert(payload.end(), event.data.begin(), event.data.end());
      }
    }
    if (!input.empty()) __builtin_trap();  // everything offered is consumed
    if (stream.empty()) break;
  }
  out.boundary = parser.at_frame_boundary();
  return out;
}

void check_frame(const Parsed& f) {
  if (mode_for(f.type, f.length) == FrameParser::PayloadMode::kSkip) return;
  if (f.payload.size() != f.length) return;  // cut short by the end of the input
  std::vector<uint8_t> again;
  switch (f.type) {
    case frame_type::kSettings: {
      const auto s = decode_settings_payload(f.payload);
      if (!s.ok()) return;
      append_settings_frame(again, *s);
      const auto back = decode_settings_payload(std::span<const uint8_t>(again).subspan(2));
      if (!back.ok() || !(*back == *s)) __builtin_trap();
      break;
    }
    case frame_type::kGoaway: {
      const auto g = decode_goaway_frame(f.payload);
      if (!g.ok()) return;
      append_goaway_frame(again, *g);
      const auto back = decode_goaway_frame(std::span<const uint8_t>(again).subspan(2));
      if (!back.ok() || !(*back == *g)) __builtin_trap();
      break;
    }
    case frame_type::kMaxPushId: {
      const auto m = decode_max_push_id_frame(f.payload);
      if (!m.ok()) return;
      append_max_push_id_frame(again, *m);
      const auto back = decode_max_push_id_frame(std::span<const uint8_t>(again).subspan(2));
      if (!back.ok() || !(*back == *m)) __builtin_trap();
      break;
    }
    case frame_type::kCancelPush: {
      const auto c = decode_cancel_push_frame(f.payload);
      if (!c.ok()) return;
      append_cancel_push_frame(again, *c);
      const auto back = decode_cancel_push_frame(std::span<const uint8_t>(again).subspan(2));
      if (!back.ok() || !(*back == *c)) __builtin_trap();
      break;
    }
    case frame_type::kPushPromise: {
      const auto p = decode_push_promise_frame(f.payload);
      if (!p.ok()) return;
      append_push_promise_frame(again, *p);
      std::span<const uint8_t> rest(again);
      FrameParser parser;
      const auto header = parser.next(rest);
      if (header.kind != FrameParser::EventKind::kHeader) __builtin_trap();
      const auto back = decode_push_promise_frame(rest);
      if (!back.ok() || back->push_id != p->push_id ||
          !std::equal(back->field_section.begin(), back->field_section.end(),
                      p->field_section.begin(), p->field_section.end())) {
        __builtin_trap();
      }
      break;
    }
    case frame_type::kPriorityUpdateRequest:
    case frame_type::kPriorityUpdatePush: {
      const auto u = decode_priority_update_frame(f.type, f.payload);
      if (!u.ok()) return;
      append_priority_update_frame(again, *u);
      std::span<const uint8_t> rest(again);
      FrameParser parser;
      const auto header = parser.next(rest);
      if (header.kind != FrameParser::EventKind::kHeader || header.type != f.type) __builtin_trap();
      const auto back = decode_priority_update_frame(f.type, rest);
      if (!back.ok() || back->element_id != u->element_id || back->field_value != u->field_value) {
        __builtin_trap();
      }
      break;
    }
    default:
      break;
  }
}

void check_text_parsers(std::string_view text) {
  if (const auto p = parse_priority(text)) {
    if (p->urgency > Priority::kLowestUrgency) __builtin_trap();
    if (parse_priority(format_priority(*p)) != *p) __builtin_trap();
  }
  const auto path = normalize_request_path(text);
  if (const auto* relative = std::get_if<std::string>(&path)) {
    // Nothing that could climb out of the root or hide a separator survives.
    if (!relative->empty() && (relative->front() == '/' || relative->back() == '/')) {
      __builtin_trap();
    }
    if (relative->find('\\') != std::string::npos || relative->find('\0') != std::string::npos) {
      __builtin_trap();
    }
    size_t start = 0;
    for (;;) {
      const size_t slash = relative->find('/', start);
      const std::string_view segment = std::string_view(*relative).substr(
          start, slash == std::string::npos ? std::string::npos : slash - start);
      if (!relative->empty() && (segment.empty() || segment == "." || segment == "..")) {
        __builtin_trap();
      }
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, uint64_t{1000}}) {
    const auto range = resolve_range(text, size);
    if (const auto* r = std::get_if<ByteRange>(&range)) {
      if (r->first > r->last || r->last >= size) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t pattern = data[0] | 1;  // never zero: the chunked run really is chunked
  const std::span<const uint8_t> stream(data + 1, size - 1);
  const Outcome whole = parse(stream, 0);
  const Outcome chunked = parse(stream, pattern);
  if (!(whole == chunked)) __builtin_trap();
  for (const Parsed& f : whole.frames) check_frame(f);
  check_text_parsers(std::string_view(reinterpret_cast<const char*>(stream.data()), stream.size()));
  return 0;
}
