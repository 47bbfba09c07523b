// Fuzzes an HTTP/3 server connection (http3/server.h) fed arbitrary stream bytes, as a QUIC
// transport would deliver them: data on client streams (ending with FIN or not), resets,
// STOP_SENDING, flow control opening, handshake completion, and the server shutting down or
// releasing held responses. The server answers through the test router.
// Input: [flags] then records [op][stream][length][bytes...]:
//   op & 7 = 0..3  data (op & 0x10: FIN, op & 0x08: length in 16-byte units)
//            4     the client resets the stream        5  the client sends STOP_SENDING
//            6     the stream may take more bytes      7  (op >> 3) & 3: handshake complete,
//                                                         streams available, shutdown, release
// A connection error must carry an HTTP/3 or QPACK code; what the server wrote on a stream it
// finished must be whole frames.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <span>

#include "http3/frame_parser.h"
#include "http3/server.h"
#include "tests/http3/memory_transport.h"
#include "tests/http3/test_handlers.h"

namespace {

using namespace quasar::http3;

class Input {
 public:
  explicit Input(std::span<const uint8_t> data) : data_(data) {}
  bool empty() const { return data_.empty(); }
  uint8_t byte() {
    if (data_.empty()) return 0;
    const uint8_t b = data_[0];
    data_ = data_.subspan(1);
    return b;
  }
  std::span<const uint8_t> bytes(size_t n) {
    n = std::min(n, data_.size());
    auto out = data_.first(n);
    data_ = data_.subspan(n);
    return out;
  }

 private:
  std::span<const uint8_t> data_;
};

// Client-initiated streams only (a transport delivers nothing else to a server): request
// streams 0, 4, ... and unidirectional streams 2, 6, ...; 0xff names a stream far away.
uint64_t stream_for(uint8_t selector) {
  if (selector == 0xff) return 4 * 100000;
  const uint64_t index = (selector >> 1) & 15;
  return (selector & 1) ? index * 4 + 2 : index * 4;
}

bool known_code(uint64_t code) {
  return (code >= 0x100 && code <= 0x110) || (code >= 0x200 && code <= 0x202);
}

// Bytes a stream ended with FIN must be whole frames (after the type of a unidirectional one).
void check_written(uint64_t stream_id, const quasar::http3::test::StreamRecord& record) {
  if (!record.fin || record.reset_code) return;
  std::span<const uint8_t> input(record.written);
  if ((stream_id & 2) != 0) return;  // our unidirectional streams never end
  FrameParser parser;
  for (;;) {
    const auto event = parser.next(input);
    if (event.kind == FrameParser::EventKind::kNeedMore) break;
    if (event.kind == FrameParser::EventKind::kHeader) {
      parser.take_payload(FrameParser::PayloadMode::kSkip);
    }
  }
  if (!parser.at_frame_boundary()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in(std::span<const uint8_t>(data, size));
  const uint8_t flags = in.byte();
  ServerConfig config;
  config.connection.max_field_section_size = (flags & 1) ? 300 : 16 * 1024;
  config.connection.max_control_frame_size = 1024;
  config.connection.max_pending_priority_updates = 8;
  config.connection.max_blocked_stream_bytes = (flags & 64) ? 256 : 1 << 20;
  config.connection.qpack_blocked_streams = (flags >> 1) & 3;
  config.connection.qpack_max_table_capacity = (flags & 8) ? 0 : 512;
  quasar::http3::test::MemoryTransport transport(false);
  transport.handshake_done = (flags & 16) != 0;
  transport.stream_window = (flags & 32) ? 200 : UINT64_MAX;
  quasar::http3::test::TestRouter router;
  Http3Server server(transport, router, config);
  server.start();

  std::set<uint64_t> ended;  // streams the client finished or reset: the transport delivers no more
  while (!in.empty() && !server.is_closed()) {
    const uint8_t op = in.byte();
    const uint64_t stream = stream_for(in.byte());
    switch (op & 7) {
      case 0:
      case 1:
      case 2:
      case 3: {
        size_t length = in.byte();
        if (op & 0x08) length *= 16;
        const auto bytes = in.bytes(length);
        if (ended.count(stream)) break;
        const bool fin = (op & 0x10) != 0;
        if (fin) ended.insert(stream);
        server.on_stream_data(stream, bytes, fin);
        break;
      }
      case 4:
        if (ended.insert(stream).second) server.on_stream_reset(stream, 0x100 + in.byte());
        break;
      case 5:
        if (transport.streams.count(stream) && (stream & 2) == 0) {
          transport.reset_stream(stream, 0x10c);
          transport.streams[stream].peer_stopped = true;
          server.on_stop_sending(stream, 0x100 + in.byte());
        }
        break;
      case 6:
        if (transport.credit(stream, UINT64_MAX)) server.on_stream_writable(stream);
        break;
      case 7:
        switch ((op >> 3) & 3) {
          case 0:
            transport.handshake_done = true;
            server.on_handshake_complete();
            break;
          case 1:
            server.on_streams_available();
            break;
          case 2:
            server.shutdown();
            break;
          case 3:
            router.release_held();
            break;
        }
        break;
    }
    if (server.is_closed()) {
      if (!transport.closed || !transport.close_code || !known_code(*transport.close_code)) {
        __builtin_trap();
      }
    }
    // Exchanges only exist for request streams the client opened.
    if (server.active_exchanges() > 17) __builtin_trap();
  }
  for (const auto& [id, record] : transport.streams) check_written(id, record);
  return 0;
}
