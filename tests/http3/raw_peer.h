// RawPeer: a hand-driven HTTP/3 peer for error tests. It writes bytes straight into the
// connection under test (frames built by hand, QPACK sections from a table-less encoder), and
// reads back what that connection wrote to its MemoryTransport.
#pragma once

#include <cstdint>
#include <vector>

#include "http3/frame_parser.h"
#include "http3/frame_type.h"
#include "http3/frames.h"
#include "http3/message_checker.h"
#include "http3/settings.h"
#include "http3/stream_type.h"
#include "http3/transport.h"
#include "http3/varint.h"
#include "qpack/decoder.h"
#include "qpack/encoder.h"
#include "tests/http3/memory_transport.h"

namespace quasar::http3::test {

class RawPeer {
 public:
  // `target` is the connection under test; the raw peer plays the other role.
  RawPeer(TransportListener& target, bool peer_is_client)
      : target_(target), client_(peer_is_client) {}

  // Stream IDs the raw peer would open (RFC 9000 §2.1).
  uint64_t uni_stream(uint64_t index) const { return index * 4 + (client_ ? 2 : 3); }
  uint64_t bidi_stream(uint64_t index) const { return index * 4 + (client_ ? 0 : 1); }

  void send(uint64_t stream_id, const std::vector<uint8_t>& bytes, bool fin = false) {
    target_.on_stream_data(stream_id, bytes, fin);
  }
  // Opens a unidirectional stream of `type` carrying `rest` after the type.
  void open_uni(uint64_t stream_id, uint64_t type, const std::vector<uint8_t>& rest = {}) {
    std::vector<uint8_t> bytes;
    append_varint(bytes, type);
    bytes.insert(bytes.end(), rest.begin(), rest.end());
    send(stream_id, bytes);
  }
  // A control stream (the first uni stream) with an empty SETTINGS frame.
  void open_control(const Settings& settings = {}) {
    std::vector<uint8_t> frame;
    append_settings_frame(frame, settings);
    open_uni(uni_stream(0), stream_type::kControl, frame);
  }
  void on_control(const std::vector<uint8_t>& frames) { send(uni_stream(0), frames); }

  // A HEADERS frame for `fields`, encoded without the dynamic table.
  std::vector<uint8_t> headers(const Fields& fields, uint64_t stream_id = 0) {
    std::vector<qpack::FieldLine> lines;
    for (const Field& f : fields) lines.push_back({f.name, f.value});
    std::vector<uint8_t> section;
    encoder_.encode_section(stream_id, lines, section);
    std::vector<uint8_t> frame;
    append_headers_frame(frame, section);
    return frame;
  }
  static std::vector<uint8_t> data(const std::vector<uint8_t>& payload) {
    std::vector<uint8_t> frame;
    append_data_frame(frame, payload);
    return frame;
  }
  static std::vector<uint8_t> frame(uint64_t type, const std::vector<uint8_t>& payload) {
    std::vector<uint8_t> out;
    append_frame(out, type, payload);
    return out;
  }
  static std::vector<uint8_t> cat(std::initializer_list<std::vector<uint8_t>> parts) {
    std::vector<uint8_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
  }

  static Fields get_request(std::string path = "/") {
    return {{":method", "GET"},
            {":scheme", "https"},
            {":authority", "example.com"},
            {":path", std::move(path)}};
  }

 private:
  TransportListener& target_;
  bool client_;
  qpack::Encoder encoder_{qpack::EncoderConfig{}};
};

// The messages a connection wrote on one stream, decoded (the writer used no dynamic table,
// as the raw peer advertises none).
struct WrittenMessage {
  std::vector<Fields> sections;  // header sections in order (interim, final, trailers)
  std::vector<uint8_t> body;
};

inline WrittenMessage decode_written(const std::vector<uint8_t>& bytes, uint64_t stream_id) {
  WrittenMessage out;
  qpack::Decoder decoder(qpack::DecoderConfig{});
  FrameParser parser;
  std::span<const uint8_t> input(bytes);
  for (;;) {
    const auto event = parser.next(input);
    if (event.kind == FrameParser::EventKind::kNeedMore) break;
    if (event.kind == FrameParser::EventKind::kHeader) {
      parser.take_payload(event.type == frame_type::kData ? FrameParser::PayloadMode::kPieces
                                                          : FrameParser::PayloadMode::kWhole);
    } else if (event.kind == FrameParser::EventKind::kChunk) {
      out.body.insert(out.body.end(), event.data.begin(), event.data.end());
    } else if (event.type == frame_type::kHeaders) {
      FieldCollector collector;
      collector.reset(UINT64_MAX);
      (void)decoder.decode_section(stream_id, event.data, collector);
      out.sections.push_back(collector.fields());
    }
  }
  return out;
}

}  // namespace quasar::http3::test
