// SendBuffer: writes, next_send ordering, acknowledgement, loss and chunk reuse.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/base/rng.h"
#include "quic/stream/chunk_pool.h"
#include "quic/stream/chunk_queue.h"
#include "quic/stream/send_buffer.h"
#include "tests/stream/stream_test_util.h"

namespace quasar {
namespace {

using testing::pattern;

constexpr uint64_t kNoLimit = uint64_t{1} << 62;

std::vector<Range> ranges_of(const RangeSet& s) { return {s.begin(), s.end()}; }

// Takes the next chunk, copies it, and marks it sent.
StreamChunk send_next(SendBuffer& buffer, uint64_t max_bytes, uint64_t limit = kNoLimit) {
  auto chunk = buffer.next_send(max_bytes, limit);
  REQUIRE(chunk.has_value());
  buffer.on_sent(chunk->offset, chunk->length, chunk->fin);
  return *chunk;
}

TEST_CASE("ChunkQueue copies across chunk boundaries and releases whole chunks", "[chunk]") {
  ChunkPool pool(16, 8);
  {
    ChunkQueue queue(pool);
    const std::vector<uint8_t> data = pattern(5, 50);
    queue.write(5, data);
    CHECK(queue.chunk_count() == 4);  // offsets 0..63
    std::vector<uint8_t> out(50);
    queue.read(5, 50, out.data());
    CHECK(out == data);
    CHECK(queue.view(14, 100).size() == 2);  // up to the end of the first chunk
    queue.release_below(33);
    CHECK(queue.chunk_count() == 2);
    CHECK(queue.base_offset() == 32);
    // A write far ahead leaves the gap unallocated.
    queue.write(200, pattern(200, 3));
    CHECK(queue.chunk_count() == 3);
    CHECK(pool.chunks_in_use() == 3);
  }
  CHECK(pool.chunks_in_use() == 0);
  // Four chunks ever came from the heap: the far write reused a released one.
  CHECK(pool.heap_allocations() == 4);
  CHECK(pool.idle_chunks() == 4);
}

TEST_CASE("SendBuffer accepts writes up to its limit", "[send_buffer]") {
  ChunkPool pool(64);
  SendBuffer buffer(pool, 100);
  CHECK(buffer.writable_bytes() == 100);
  CHECK(buffer.write(pattern(0, 60)) == 60);
  CHECK(buffer.write(pattern(60, 60)) == 40);  // back-pressure
  CHECK(buffer.writable_bytes() == 0);
  CHECK(buffer.write(pattern(100, 1)) == 0);
  // Sending does not free space; acknowledging does.
  send_next(buffer, 70);
  CHECK(buffer.writable_bytes() == 0);
  buffer.on_acked(0, 70, false);
  CHECK(buffer.writable_bytes() == 70);
  buffer.finish();
  CHECK(buffer.writable_bytes() == 0);
  CHECK(buffer.write(pattern(100, 1)) == 0);
}

TEST_CASE("SendBuffer sends new data in order within flow control", "[send_buffer]") {
  ChunkPool pool(64);
  SendBuffer buffer(pool, 1000);
  REQUIRE(buffer.write(pattern(0, 300)) == 300);
  CHECK(buffer.next_send(100, 0) == std::nullopt);  // no credit
  CHECK(send_next(buffer, 100, 250) == StreamChunk{0, 100, false, false});
  CHECK(send_next(buffer, 200, 250) == StreamChunk{100, 150, false, false});  // credit ends
  CHECK(buffer.next_send(100, 250) == std::nullopt);
  std::vector<uint8_t> out(150);
  buffer.copy(100, 150, out.data());
  CHECK(out == pattern(100, 150));
  CHECK(buffer.sent_offset() == 250);
  CHECK(buffer.unsent_bytes() == 50);
}

TEST_CASE("SendBuffer FIN rides on the last data or goes alone", "[send_buffer]") {
  ChunkPool pool(64);
  SendBuffer with_data(pool, 1000);
  REQUIRE(with_data.write(pattern(0, 10)) == 10);
  with_data.finish();
  CHECK(send_next(with_data, 100) == StreamChunk{0, 10, true, false});
  CHECK(with_data.fin_sent());
  CHECK(with_data.next_send(100, kNoLimit) == std::nullopt);

  SendBuffer alone(pool, 1000);
  REQUIRE(alone.write(pattern(0, 10)) == 10);
  send_next(alone, 100);
  alone.finish();
  CHECK(alone.has_fin_to_send());
  // A FIN-only frame needs no flow control credit and no payload room.
  CHECK(send_next(alone, 0, 10) == StreamChunk{10, 0, true, false});
  alone.on_acked(0, 10, false);
  CHECK_FALSE(alone.is_all_acked());
  alone.on_acked(10, 0, true);
  CHECK(alone.is_all_acked());
}

TEST_CASE("SendBuffer retransmits lost data before new data", "[send_buffer]") {
  ChunkPool pool(64);
  SendBuffer buffer(pool, 10000);
  REQUIRE(buffer.write(pattern(0, 1000)) == 1000);
  send_next(buffer, 300);  // [0, 300)
  send_next(buffer, 300);  // [300, 600)
  buffer.on_lost(0, 300, false);
  CHECK(buffer.has_retransmission());
  // Retransmissions are not limited by flow control: their credit is already spent.
  const auto chunk = buffer.next_send(200, 0);
  REQUIRE(chunk.has_value());
  CHECK(*chunk == StreamChunk{0, 200, false, true});
  buffer.on_sent(0, 200, false);
  CHECK(send_next(buffer, 500) == StreamChunk{200, 100, false, true});
  CHECK(send_next(buffer, 500) == StreamChunk{600, 400, false, false});
  std::vector<uint8_t> out(100);
  buffer.copy(200, 100, out.data());
  CHECK(out == pattern(200, 100));
}

TEST_CASE("SendBuffer re-queues only the unacknowledged parts of a loss", "[send_buffer]") {
  ChunkPool pool(64);
  SendBuffer buffer(pool, 10000);
  REQUIRE(buffer.write(pattern(0, 1000)) == 1000);
  send_next(buffer, 1000);
  // A retransmitted copy of some ranges was acknowledged before the original was declared lost.
  buffer.on_acked(100, 100, false);
  buffer.on_acked(400, 50, false);
  buffer.on_acked(0, 20, false);
  CHECK(buffer.acked_offset() == 20);
  buffer.on_lost(0, 1000, false);
  CHECK(ranges_of(buffer.lost_ranges()) == std::vector<Range>{{20, 100}, {200, 400}, {450, 1000}});
  // Acknowledging part of a queued retransmission removes it from the queue.
  buffer.on_acked(500, 100, false);
  CHECK(ranges_of(buffer.lost_ranges()) ==
        std::vector<Range>{{20, 100}, {200, 400}, {450, 500}, {600, 1000}});
  // Closing the first gap moves the acked prefix over the acknowledged range beyond it.
  buffer.on_acked(20, 80, false);
  CHECK(buffer.acked_offset() == 200);
  CHECK(ranges_of(buffer.lost_ranges()).front() == Range{200, 400});
}

TEST_CASE("SendBuffer retransmits a lost FIN with the final bytes or alone", "[send_buffer]") {
  ChunkPool pool(64);
  SendBuffer buffer(pool, 10000);
  REQUIRE(buffer.write(pattern(0, 100)) == 100);
  buffer.finish();
  send_next(buffer, 60);  // [0, 60)
  CHECK(send_next(buffer, 60) == StreamChunk{60, 40, true, false});
  buffer.on_lost(60, 40, true);
  CHECK(buffer.next_send(10, kNoLimit) == StreamChunk{60, 10, false, true});
  CHECK(buffer.next_send(100, kNoLimit) == StreamChunk{60, 40, true, true});
  buffer.on_sent(60, 40, true);
  // The data got through on another copy, but the FIN frame was lost: FIN alone.
  buffer.on_acked(60, 40, false);
  buffer.on_lost(60, 40, true);
  CHECK(buffer.next_send(100, kNoLimit) == StreamChunk{100, 0, true, true});
  buffer.on_sent(100, 0, true);
  buffer.on_acked(0, 60, false);
  buffer.on_acked(100, 0, true);
  CHECK(buffer.is_all_acked());
  // A late loss report for acknowledged data queues nothing.
  buffer.on_lost(0, 100, true);
  CHECK_FALSE(buffer.has_retransmission());
}

TEST_CASE("SendBuffer reset discards everything", "[send_buffer]") {
  ChunkPool pool(64);
  SendBuffer buffer(pool, 10000);
  REQUIRE(buffer.write(pattern(0, 500)) == 500);
  send_next(buffer, 200);
  buffer.on_lost(0, 200, false);
  CHECK(pool.chunks_in_use() == 8);
  buffer.reset();
  CHECK(pool.chunks_in_use() == 0);
  CHECK(buffer.next_send(100, kNoLimit) == std::nullopt);
  CHECK(buffer.write(pattern(500, 1)) == 0);
  CHECK(buffer.sent_offset() == 200);  // what the RESET_STREAM final size will say
}

TEST_CASE("SendBuffer recycles chunks in steady state", "[send_buffer][chunk]") {
  ChunkPool pool(1024, 64);
  SendBuffer buffer(pool, 16 * 1024);
  SeededRng rng(7);
  uint64_t written = 0;
  // Warm up, then remember the heap allocation count.
  auto run = [&](int rounds) {
    for (int i = 0; i < rounds; ++i) {
      const size_t n = 1 + rng.uniform(3000);
      written += buffer.write(pattern(written, n));
      while (auto chunk = buffer.next_send(1200, kNoLimit)) {
        buffer.on_sent(chunk->offset, chunk->length, chunk->fin);
        // Every third packet is lost and then retransmitted; everything is acked eventually.
        if (rng.uniform(3) == 0) {
          buffer.on_lost(chunk->offset, chunk->length, chunk->fin);
        } else {
          buffer.on_acked(chunk->offset, chunk->length, chunk->fin);
        }
      }
    }
  };
  run(50);
  const uint64_t allocations_after_warmup = pool.heap_allocations();
  run(2000);
  CHECK(written > 1'000'000);
  CHECK(pool.heap_allocations() == allocations_after_warmup);
  CHECK(buffer.acked_offset() == written);
  CHECK(buffer.chunks_held() <= 1);
  CHECK(pool.chunks_in_use() == buffer.chunks_held());
}

}  // namespace
}  // namespace quasar
