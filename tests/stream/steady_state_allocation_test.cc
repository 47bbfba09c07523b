// No heap allocation per packet in steady state: a warmed-up stream transfer through two
// StreamMaps (write, send, copy, receive, acknowledge, read, flow control updates) is run with
// every operator new of this test executable counted.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "quic/stream/stream_frame_types.h"
#include "quic/stream/stream_map.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_allocations{0};
}  // namespace

// The whole non-aligned family is replaced so that every allocation and its release match.
// Releases stay out of line: inlined next to a new-expression, GCC misreads malloc/free
// pairing (-Wmismatched-new-delete).
namespace {
void* counted_allocation(std::size_t size) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size);
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace quasar {
namespace {

TEST_CASE("StreamMap send, acknowledge, receive and read without allocating",
          "[stream_map][allocation]") {
  StreamMapConfig client_config;
  client_config.role = Role::kClient;
  StreamMapConfig server_config;
  server_config.role = Role::kServer;
  StreamMap client(client_config);
  StreamMap server(server_config);
  client.apply_peer_limits(
      {server_config.initial_max_data, server_config.initial_max_stream_data_bidi_local,
       server_config.initial_max_stream_data_bidi_remote, server_config.initial_max_stream_data_uni,
       server_config.initial_max_streams_bidi, server_config.initial_max_streams_uni});
  const uint64_t id = client.open_stream(StreamDirection::kBidirectional).value();
  std::vector<uint8_t> app_data(1200, 0x42);
  std::vector<uint8_t> packet(1500);
  std::vector<uint8_t> read_buffer(4096);
  Instant now = Instant::from_nanos(1'000'000'000);
  const Duration rtt = Duration::from_millis(10);
  bool all_ok = true;
  uint64_t delivered = 0;

  auto one_packet = [&] {
    now += Duration::from_micros(100);
    all_ok &= client.write(id, app_data).ok();
    Stream* stream = client.next_stream_to_send();
    if (stream == nullptr) return;
    const std::optional<StreamChunk> chunk = client.next_stream_chunk(*stream, 1200);
    if (!chunk) return;
    client.copy_stream_data(*stream, *chunk, packet.data());
    client.on_stream_chunk_sent(*stream, *chunk);
    const std::span<const uint8_t> payload(packet.data(), static_cast<size_t>(chunk->length));
    all_ok &= server
                  .on_stream_frame(id, stream_frame_type::stream_with(chunk->offset, chunk->fin),
                                   chunk->offset, payload, chunk->fin)
                  .ok();
    client.on_stream_chunk_acked(id, *chunk);
    auto r = server.read(id, read_buffer.data(), read_buffer.size(), now, rtt);
    all_ok &= r.ok();
    if (r.ok()) delivered += r->bytes;
    // Credit flows back: MAX_DATA and MAX_STREAM_DATA from the server.
    while (auto f = server.next_control_frame()) {
      server.on_control_frame_sent(*f);
      if (f->type == StreamControlFrameType::kMaxData) client.on_max_data(f->value);
      if (f->type == StreamControlFrameType::kMaxStreamData) {
        all_ok &= client.on_max_stream_data(f->stream_id, f->value).ok();
      }
      server.on_control_frame_acked(*f);
    }
    while (auto f = client.next_control_frame()) client.on_control_frame_sent(*f);
    while (server.poll_event()) {
    }
    while (client.poll_event()) {
    }
  };

  for (int i = 0; i < 3000; ++i) one_packet();  // warm-up: pools, rings, tables, windows
  const uint64_t delivered_before = delivered;
  // The counter itself works: a direct call cannot be optimised away.
  g_allocations = 0;
  g_counting = true;
  ::operator delete(::operator new(16));
  g_counting = false;
  REQUIRE(g_allocations.load() == 1);
  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < 20000; ++i) one_packet();
  g_counting = false;
  REQUIRE(all_ok);
  CHECK(delivered - delivered_before >= 20000u * 1000);  // it really moved data
  CHECK(g_allocations.load() == 0);
}

}  // namespace
}  // namespace quasar
