// Two StreamMaps, client and server, exchanging frames over a lossy, reordering link: echo
// streams and one-way streams must arrive intact, with every stream released at the end.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "quic/base/rng.h"
#include "quic/stream/stream_frame_types.h"
#include "quic/stream/stream_map.h"

namespace quasar {
namespace {

// Each stream's bytes depend on its ID, so data delivered to the wrong stream is caught.
uint8_t stream_byte(uint64_t stream_id, uint64_t offset) {
  return static_cast<uint8_t>((offset * 131 + stream_id * 29 + (offset >> 9)) & 0xff);
}

// A frame on the simulated wire: either STREAM data or a control frame.
struct WireFrame {
  bool is_stream = false;
  uint64_t stream_id = 0;
  StreamChunk chunk;
  std::vector<uint8_t> data;
  StreamControlFrame control;
};

struct InFlight {
  std::vector<WireFrame> frames;
  int deliver_at = 0;
};

class Endpoint {
 public:
  explicit Endpoint(const StreamMapConfig& config) : map(config) {}

  StreamMap map;
  std::vector<InFlight> in_flight;  // packets on their way to the other endpoint
  std::map<StreamControlFrameType, int> controls_received;

  // Builds one packet: control frames first, then up to `budget` bytes of stream data.
  std::vector<WireFrame> build_packet(uint64_t budget) {
    std::vector<WireFrame> packet;
    while (auto control = map.next_control_frame()) {
      WireFrame f;
      f.control = *control;
      map.on_control_frame_sent(*control);
      packet.push_back(f);
      REQUIRE(packet.size() < 1000);
    }
    while (budget > 0) {
      Stream* stream = map.next_stream_to_send();
      if (stream == nullptr) break;
      const std::optional<StreamChunk> chunk = map.next_stream_chunk(*stream, budget);
      if (!chunk) break;
      WireFrame f;
      f.is_stream = true;
      f.stream_id = stream->id();
      f.chunk = *chunk;
      f.data.resize(chunk->length);
      map.copy_stream_data(*stream, *chunk, f.data.data());
      map.on_stream_chunk_sent(*stream, *chunk);
      budget -= chunk->length;
      packet.push_back(std::move(f));
    }
    return packet;
  }

  void on_lost(const std::vector<WireFrame>& packet) {
    for (const WireFrame& f : packet) {
      if (f.is_stream) {
        map.on_stream_chunk_lost(f.stream_id, f.chunk);
      } else {
        map.on_control_frame_lost(f.control);
      }
    }
  }
  void on_acked(const std::vector<WireFrame>& packet) {
    for (const WireFrame& f : packet) {
      if (f.is_stream) {
        map.on_stream_chunk_acked(f.stream_id, f.chunk);
      } else {
        map.on_control_frame_acked(f.control);
      }
    }
  }

  // What the connection does with a received frame.
  Status receive(const WireFrame& f) {
    using Type = StreamControlFrameType;
    if (f.is_stream) {
      return map.on_stream_frame(f.stream_id,
                                 stream_frame_type::stream_with(f.chunk.offset, f.chunk.fin),
                                 f.chunk.offset, f.data, f.chunk.fin);
    }
    const StreamControlFrame& c = f.control;
    ++controls_received[c.type];
    switch (c.type) {
      case Type::kMaxData:
        map.on_max_data(c.value);
        return ok_status();
      case Type::kMaxStreamsBidi:
        map.on_max_streams(StreamDirection::kBidirectional, c.value);
        return ok_status();
      case Type::kMaxStreamsUni:
        map.on_max_streams(StreamDirection::kUnidirectional, c.value);
        return ok_status();
      case Type::kResetStream:
        return map.on_reset_stream(c.stream_id, c.value, c.final_size);
      case Type::kStopSending:
        return map.on_stop_sending(c.stream_id, c.value);
      case Type::kMaxStreamData:
        return map.on_max_stream_data(c.stream_id, c.value);
      case Type::kStreamDataBlocked:
        return map.on_stream_data_blocked(c.stream_id, c.value);
      case Type::kDataBlocked:
      case Type::kStreamsBlockedBidi:
      case Type::kStreamsBlockedUni:
        return ok_status();  // informational
    }
    return ok_status();
  }
};

// One round of the network: a few packets each way, lost, reordered or duplicated; delivered
// packets are acknowledged at once.
void run_network(Endpoint& client, Endpoint& server, SeededRng& rng, int round, double loss,
                 uint64_t seed) {
  for (Endpoint* from : {&client, &server}) {
    for (int p = 0; p < 3; ++p) {
      std::vector<WireFrame> packet = from->build_packet(1200);
      if (packet.empty()) break;
      if (rng.chance(loss)) {
        from->on_lost(packet);
      } else {
        from->in_flight.push_back({std::move(packet), round + static_cast<int>(rng.uniform(4))});
      }
    }
  }
  for (Endpoint* from : {&client, &server}) {
    Endpoint* to = from == &client ? &server : &client;
    for (size_t i = 0; i < from->in_flight.size();) {
      if (from->in_flight[i].deliver_at > round) {
        ++i;
        continue;
      }
      const std::vector<WireFrame> packet = std::move(from->in_flight[i].frames);
      from->in_flight.erase(from->in_flight.begin() + static_cast<long>(i));
      const int copies = rng.chance(0.05) ? 2 : 1;
      for (int c = 0; c < copies; ++c) {
        for (const WireFrame& f : packet) {
          const Status s = to->receive(f);
          INFO("seed " << seed << " round " << round);
          REQUIRE(s.ok());
        }
      }
      from->on_acked(packet);
    }
  }
}

StreamMapConfig small_windows(Role role) {
  StreamMapConfig config;
  config.role = role;
  config.initial_max_data = 24 * 1024;
  config.initial_max_stream_data_bidi_local = 6 * 1024;
  config.initial_max_stream_data_bidi_remote = 6 * 1024;
  config.initial_max_stream_data_uni = 6 * 1024;
  config.initial_max_streams_bidi = 4;
  config.initial_max_streams_uni = 3;
  config.max_stream_receive_window = 64 * 1024;
  config.max_connection_receive_window = 256 * 1024;
  config.send_buffer_limit = 8 * 1024;
  config.chunk_size = 1024;
  config.max_idle_chunks = 512;
  return config;
}

PeerStreamLimits limits_of(const StreamMapConfig& c) {
  return PeerStreamLimits{c.initial_max_data,
                          c.initial_max_stream_data_bidi_local,
                          c.initial_max_stream_data_bidi_remote,
                          c.initial_max_stream_data_uni,
                          c.initial_max_streams_bidi,
                          c.initial_max_streams_uni};
}

struct Transfer {
  uint64_t size = 0;     // bytes to write
  uint64_t written = 0;  // bytes the map accepted
  bool finished = false;
};

TEST_CASE("Client and server StreamMaps exchange streams over a lossy link",
          "[stream_map][exchange]") {
  const uint64_t seed = GENERATE(1, 2, 3, 4, 5);
  SeededRng rng(seed);
  const double loss = 0.1;
  const StreamMapConfig client_config = small_windows(Role::kClient);
  const StreamMapConfig server_config = small_windows(Role::kServer);
  Endpoint client(client_config);
  Endpoint server(server_config);
  client.map.apply_peer_limits(limits_of(server_config));
  server.map.apply_peer_limits(limits_of(client_config));

  constexpr int kEchoStreams = 12;  // three times the bidi limit: needs MAX_STREAMS credit
  constexpr int kPushStreams = 7;   // server-to-client unidirectional
  std::map<uint64_t, Transfer> client_sends;   // client's request bodies
  std::map<uint64_t, uint64_t> client_echoed;  // echo bytes the client read back
  std::map<uint64_t, bool> client_echo_done;
  std::map<uint64_t, uint64_t> push_read;  // client reading server pushes
  std::map<uint64_t, bool> push_done;
  std::map<uint64_t, std::vector<uint8_t>> server_pending;  // read, not yet echoed
  std::map<uint64_t, bool> server_read_fin;
  std::map<uint64_t, bool> server_finished;
  std::map<uint64_t, Transfer> server_pushes;
  int echo_opened = 0;
  int push_opened = 0;
  int server_opened_events = 0;

  Instant now = Instant::from_nanos(1'000'000'000);
  const Duration rtt = Duration::from_millis(20);
  std::vector<uint8_t> buf(4096);

  auto write_transfer = [&](StreamMap& map, uint64_t id, Transfer& t) {
    while (t.written < t.size) {
      const uint64_t n = std::min<uint64_t>(t.size - t.written, 3000);
      std::vector<uint8_t> chunk(n);
      for (uint64_t i = 0; i < n; ++i) chunk[i] = stream_byte(id, t.written + i);
      auto w = map.write(id, chunk);
      REQUIRE(w.ok());
      t.written += *w;
      if (*w < n) break;
    }
    if (t.written == t.size && !t.finished) {
      REQUIRE(map.finish(id).ok());
      t.finished = true;
    }
  };

  bool done = false;
  int round = 0;
  for (; round < 3000 && !done; ++round) {
    now += Duration::from_millis(1);
    // --- Client application ---
    while (echo_opened < kEchoStreams) {
      auto id = client.map.open_stream(StreamDirection::kBidirectional);
      if (!id.ok()) break;
      client_sends[*id] = Transfer{1 + rng.uniform(40000)};
      ++echo_opened;
    }
    for (auto& [id, t] : client_sends) {
      if (!t.finished) write_transfer(client.map, id, t);
    }
    while (auto e = client.map.poll_event()) {
      if (e->type == StreamEventType::kOpened) push_read.emplace(e->stream_id, 0);
    }
    for (auto& [id, t] : client_sends) {
      if (client_echo_done[id]) continue;
      for (;;) {
        auto r = client.map.read(id, buf.data(), buf.size(), now, rtt);
        REQUIRE(r.ok());
        for (size_t i = 0; i < r->bytes; ++i) {
          REQUIRE(buf[i] == stream_byte(id, client_echoed[id] + i));
        }
        client_echoed[id] += r->bytes;
        if (r->fin) {
          REQUIRE(client_echoed[id] == t.size);
          client_echo_done[id] = true;
        }
        // After the FIN the stream may be forgotten at once: stop reading it.
        if (r->fin || r->bytes == 0) break;
      }
    }
    for (auto& [id, got] : push_read) {
      if (push_done[id]) continue;
      for (;;) {
        auto r = client.map.read(id, buf.data(), buf.size(), now, rtt);
        REQUIRE(r.ok());
        for (size_t i = 0; i < r->bytes; ++i) REQUIRE(buf[i] == stream_byte(id, got + i));
        got += r->bytes;
        if (r->fin) push_done[id] = true;
        if (r->fin || r->bytes == 0) break;
      }
    }
    // --- Server application: echo every request stream, push one-way streams ---
    while (auto e = server.map.poll_event()) {
      if (e->type == StreamEventType::kOpened) {
        ++server_opened_events;
        server_pending[e->stream_id];
      }
    }
    for (auto& [id, pending] : server_pending) {
      if (server_finished[id]) continue;
      while (!server_read_fin[id]) {
        auto r = server.map.read(id, buf.data(), buf.size(), now, rtt);
        REQUIRE(r.ok());
        pending.insert(pending.end(), buf.begin(), buf.begin() + r->bytes);
        if (r->fin) server_read_fin[id] = true;
        if (r->fin || r->bytes == 0) break;
      }
      if (!pending.empty()) {
        auto w = server.map.write(id, pending);
        REQUIRE(w.ok());
        pending.erase(pending.begin(), pending.begin() + *w);
      }
      if (server_read_fin[id] && pending.empty()) {
        REQUIRE(server.map.finish(id).ok());
        server_finished[id] = true;
      }
    }
    while (push_opened < kPushStreams) {
      auto id = server.map.open_stream(StreamDirection::kUnidirectional);
      if (!id.ok()) break;
      server_pushes[*id] = Transfer{rng.uniform(20000)};  // may be empty: FIN only
      ++push_opened;
    }
    for (auto& [id, t] : server_pushes) {
      if (!t.finished) write_transfer(server.map, id, t);
    }
    run_network(client, server, rng, round, loss, seed);
    done = echo_opened == kEchoStreams && push_opened == kPushStreams &&
           client.map.stream_count() == 0 && server.map.stream_count() == 0 &&
           client.in_flight.empty() && server.in_flight.empty();
  }
  INFO("seed " << seed << " after " << round << " rounds");
  REQUIRE(done);
  for (const auto& [id, t] : client_sends) {
    CHECK(client_echo_done.at(id));
    CHECK(client_echoed.at(id) == t.size);
  }
  REQUIRE(push_read.size() == static_cast<size_t>(kPushStreams));
  for (const auto& [id, got] : push_read) {
    CHECK(push_done.at(id));
    CHECK(got == server_pushes.at(id).size);
  }
  CHECK(server_opened_events == kEchoStreams);
  // Stream credit was returned as streams closed.
  CHECK(client.map.outgoing(StreamDirection::kBidirectional).max_streams() >= kEchoStreams);
  CHECK(server.map.incoming(StreamDirection::kBidirectional).released() == kEchoStreams);
  CHECK(client.map.chunk_pool().chunks_in_use() == 0);
  CHECK(server.map.chunk_pool().chunks_in_use() == 0);
  // Small windows and stream limits: credit had to flow in every form.
  CHECK(server.controls_received[StreamControlFrameType::kMaxData] > 0);
  CHECK(client.controls_received[StreamControlFrameType::kMaxStreamData] > 0);
  CHECK(server.controls_received[StreamControlFrameType::kMaxStreamData] > 0);
  CHECK(client.controls_received[StreamControlFrameType::kMaxStreamsBidi] > 0);
  CHECK(server.controls_received[StreamControlFrameType::kStreamsBlockedBidi] > 0);
  // Connection-level accounting agrees on both sides.
  CHECK(client.map.connection_send_flow().sent() ==
        server.map.connection_receive_flow().received());
  CHECK(server.map.connection_send_flow().sent() ==
        client.map.connection_receive_flow().received());
}

}  // namespace
}  // namespace quasar

namespace quasar {
namespace {

// Some requests are abandoned by the client (RESET_STREAM), some refused by the server
// (STOP_SENDING, answered by RESET_STREAM). Every stream must still close on both sides, and
// the connection-level byte counts must agree.
TEST_CASE("Client and server StreamMaps agree through resets and STOP_SENDING",
          "[stream_map][exchange]") {
  const uint64_t seed = GENERATE(11, 12, 13);
  SeededRng rng(seed);
  const StreamMapConfig client_config = small_windows(Role::kClient);
  const StreamMapConfig server_config = small_windows(Role::kServer);
  Endpoint client(client_config);
  Endpoint server(server_config);
  client.map.apply_peer_limits(limits_of(server_config));
  server.map.apply_peer_limits(limits_of(client_config));

  constexpr int kStreams = 10;
  enum class Fate { kComplete, kClientResets, kServerStops };
  std::map<uint64_t, Fate> fate;
  std::map<uint64_t, Transfer> sends;
  std::map<uint64_t, bool> client_done;  // read FIN or reset of the server's half
  std::map<uint64_t, bool> server_done;  // server's half finished or reset
  std::map<uint64_t, uint64_t> server_read;
  std::map<uint64_t, bool> server_saw_reset;
  int opened = 0;
  int stop_sending_events = 0;
  Instant now = Instant::from_nanos(1'000'000'000);
  const Duration rtt = Duration::from_millis(20);
  std::vector<uint8_t> buf(4096);

  bool done = false;
  int round = 0;
  for (; round < 3000 && !done; ++round) {
    now += Duration::from_millis(1);
    while (opened < kStreams) {
      auto id = client.map.open_stream(StreamDirection::kBidirectional);
      if (!id.ok()) break;
      fate[*id] = static_cast<Fate>(rng.uniform(3));
      sends[*id] = Transfer{20000 + rng.uniform(20000)};
      ++opened;
    }
    for (auto& [id, t] : sends) {
      if (t.finished || client_done[id]) continue;
      if (fate[id] == Fate::kClientResets && t.written > 5000) {
        REQUIRE(client.map.reset_stream(id, 0x100 + id).ok());
        t.finished = true;
        continue;
      }
      std::vector<uint8_t> chunk(std::min<uint64_t>(t.size - t.written, 3000));
      for (uint64_t i = 0; i < chunk.size(); ++i) chunk[i] = stream_byte(id, t.written + i);
      auto w = client.map.write(id, chunk);
      if (!w.ok()) {
        // The server's STOP_SENDING reset our half under us.
        REQUIRE(w.error() == StreamApiError::kReset);
        t.finished = true;
        continue;
      }
      t.written += *w;
      if (t.written == t.size) {
        REQUIRE(client.map.finish(id).ok());
        t.finished = true;
      }
    }
    while (auto e = client.map.poll_event()) {
      if (e->type == StreamEventType::kStopSendingReceived) {
        CHECK(e->error_code == 0x200 + e->stream_id);  // the server's code, echoed
        ++stop_sending_events;
      }
    }
    for (auto& [id, t] : sends) {
      if (client_done[id]) continue;
      auto r = client.map.read(id, buf.data(), buf.size(), now, rtt);
      if (!r.ok()) {
        REQUIRE(r.error() == StreamApiError::kUnknownStream);
        client_done[id] = true;  // forgotten after a reset reported through an event
        continue;
      }
      if (r->reset_error_code || r->fin) client_done[id] = true;
    }
    // The server reads; refuses some streams; answers every request with a short body.
    while (auto e = server.map.poll_event()) {
      if (e->type == StreamEventType::kOpened) server_read[e->stream_id] = 0;
      if (e->type == StreamEventType::kResetReceived) {
        // Either the client's own reset, or its answer to our STOP_SENDING, which carries
        // our code (RFC 9000 §3.5).
        const uint64_t expected = fate[e->stream_id] == Fate::kServerStops ? 0x200 : 0x100;
        CHECK(e->error_code == expected + e->stream_id);
        server_saw_reset[e->stream_id] = true;
      }
    }
    for (auto& [id, got] : server_read) {
      if (server_done[id]) continue;
      auto r = server.map.read(id, buf.data(), buf.size(), now, rtt);
      REQUIRE(r.ok());
      for (size_t i = 0; i < r->bytes; ++i) REQUIRE(buf[i] == stream_byte(id, got + i));
      got += r->bytes;
      if (r->reset_error_code) server_saw_reset[id] = true;
      if (fate[id] == Fate::kServerStops && got > 3000) {
        REQUIRE(server.map.stop_sending(id, 0x200 + id).ok());
        REQUIRE(server.map.reset_stream(id, 0x300).ok());
        server_done[id] = true;
      } else if (server_saw_reset[id]) {
        REQUIRE(server.map.reset_stream(id, 0x301).ok());
        server_done[id] = true;
      } else if (r->fin) {
        std::vector<uint8_t> answer(100, 0x5a);
        REQUIRE(server.map.write(id, answer).value() == 100u);
        REQUIRE(server.map.finish(id).ok());
        server_done[id] = true;
      }
    }
    run_network(client, server, rng, round, 0.1, seed);
    done = opened == kStreams && client.map.stream_count() == 0 && server.map.stream_count() == 0 &&
           client.in_flight.empty() && server.in_flight.empty();
  }
  INFO("seed " << seed << " after " << round << " rounds");
  REQUIRE(done);
  int stops = 0;
  for (const auto& [id, f] : fate) stops += f == Fate::kServerStops;
  CHECK(stop_sending_events <= stops);
  CHECK(server.map.incoming(StreamDirection::kBidirectional).released() == kStreams);
  CHECK(client.map.chunk_pool().chunks_in_use() == 0);
  CHECK(server.map.chunk_pool().chunks_in_use() == 0);
  // RFC 9000 §4.5: final sizes make both sides count the same bytes, resets included.
  CHECK(client.map.connection_send_flow().sent() ==
        server.map.connection_receive_flow().received());
  CHECK(server.map.connection_send_flow().sent() ==
        client.map.connection_receive_flow().received());
  // Everything received was either read or discarded: all credit is back.
  CHECK(server.map.connection_receive_flow().consumed() ==
        server.map.connection_receive_flow().received());
  CHECK(client.map.connection_receive_flow().consumed() ==
        client.map.connection_receive_flow().received());
}

}  // namespace
}  // namespace quasar
