// ReceiveBuffer: reassembly (out of order, overlapping, duplicate) and final size rules.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "quic/base/rng.h"
#include "quic/base/varint.h"
#include "quic/stream/chunk_pool.h"
#include "quic/stream/receive_buffer.h"
#include "tests/stream/stream_test_util.h"

namespace quasar {
namespace {

using testing::pattern;

std::vector<uint8_t> read_all(ReceiveBuffer& buffer) {
  std::vector<uint8_t> out(static_cast<size_t>(buffer.readable_bytes()));
  CHECK(buffer.read(out.data(), out.size()) == out.size());
  return out;
}

void check_final_size_error(const Status& status, uint64_t frame_type) {
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().is(TransportError::kFinalSizeError));
  CHECK(status.error().frame_type == frame_type);
}

TEST_CASE("ReceiveBuffer delivers in-order data and holds back gaps", "[receive_buffer]") {
  ChunkPool pool(32);
  ReceiveBuffer buffer(pool);
  REQUIRE(buffer.insert(10, pattern(10, 10), false).ok());
  CHECK(buffer.readable_bytes() == 0);
  CHECK(buffer.highest_received() == 20);
  REQUIRE(buffer.insert(0, pattern(0, 10), false).ok());
  CHECK(buffer.readable_bytes() == 20);
  std::vector<uint8_t> out(15);
  CHECK(buffer.read(out.data(), 15) == 15);
  CHECK(out == pattern(0, 15));
  CHECK(read_all(buffer) == pattern(15, 5));
  CHECK(buffer.read_offset() == 20);
  CHECK_FALSE(buffer.is_fin_read());
}

TEST_CASE("ReceiveBuffer keeps the first copy of overlapping data", "[receive_buffer]") {
  ChunkPool pool(16);
  ReceiveBuffer buffer(pool);
  REQUIRE(buffer.insert(5, pattern(5, 10), false).ok());
  // Overlaps both sides; the overlapping bytes are not rewritten (shown by sending different
  // bytes there, which a well-behaved peer never does).
  std::vector<uint8_t> overlapping = pattern(0, 30);
  std::fill(overlapping.begin() + 5, overlapping.begin() + 15, 0xee);
  REQUIRE(buffer.insert(0, overlapping, false).ok());
  CHECK(read_all(buffer) == pattern(0, 30));
  // Duplicates of delivered data are dropped.
  REQUIRE(buffer.insert(0, pattern(0, 30), false).ok());
  CHECK(buffer.readable_bytes() == 0);
  // A frame straddling the read offset contributes its new tail.
  REQUIRE(buffer.insert(25, pattern(25, 10), false).ok());
  CHECK(read_all(buffer) == pattern(30, 5));
}

TEST_CASE("ReceiveBuffer reassembles random permutations of overlapping frames",
          "[receive_buffer]") {
  SeededRng rng(GENERATE(1, 2, 3, 4, 5, 6, 7, 8));
  ChunkPool pool(64, 64);
  ReceiveBuffer buffer(pool);
  const uint64_t total = 5000 + rng.uniform(5000);
  // Frames of random sizes covering the stream, some duplicated and some overlapping.
  struct Frame {
    uint64_t offset;
    uint64_t length;
  };
  std::vector<Frame> frames;
  for (uint64_t offset = 0; offset < total;) {
    const uint64_t length = std::min<uint64_t>(1 + rng.uniform(300), total - offset);
    frames.push_back({offset, length});
    if (rng.uniform(4) == 0) frames.push_back({offset, length});  // duplicate
    if (rng.uniform(4) == 0 && offset > 50) {                     // overlap behind
      frames.push_back({offset - 50, std::min<uint64_t>(length + 50, total - offset + 50)});
    }
    offset += length;
  }
  for (size_t i = frames.size(); i > 1; --i) std::swap(frames[i - 1], frames[rng.uniform(i)]);
  std::vector<uint8_t> received;
  for (const Frame& f : frames) {
    const bool fin = f.offset + f.length == total;
    REQUIRE(buffer.insert(f.offset, pattern(f.offset, f.length), fin).ok());
    // Read whatever is ready in between, in random amounts.
    std::vector<uint8_t> out(1 + rng.uniform(500));
    const size_t n = buffer.read(out.data(), out.size());
    received.insert(received.end(), out.begin(), out.begin() + n);
  }
  while (buffer.readable_bytes() > 0) {
    const std::vector<uint8_t> rest = read_all(buffer);
    received.insert(received.end(), rest.begin(), rest.end());
  }
  CHECK(received == pattern(0, total));
  CHECK(buffer.is_all_received());
  CHECK(buffer.is_fin_read());
  CHECK(buffer.chunks_held() <= 1);
}

TEST_CASE("ReceiveBuffer final size rules of RFC 9000 §4.5", "[receive_buffer][final_size]") {
  ChunkPool pool(32);
  SECTION("data beyond a known final size") {
    ReceiveBuffer buffer(pool);
    REQUIRE(buffer.insert(0, pattern(0, 10), true, 0x0b).ok());
    check_final_size_error(buffer.insert(5, pattern(5, 6), false, 0x0e), 0x0e);
    // Exactly up to the final size is fine, as is an empty frame at it.
    CHECK(buffer.insert(5, pattern(5, 5), false).ok());
    CHECK(buffer.insert(10, {}, false).ok());
  }
  SECTION("a FIN at a different final size") {
    ReceiveBuffer buffer(pool);
    REQUIRE(buffer.insert(0, pattern(0, 10), true).ok());
    check_final_size_error(buffer.insert(0, pattern(0, 8), true, 0x0b), 0x0b);
    check_final_size_error(buffer.insert(10, pattern(10, 1), true, 0x0f), 0x0f);
    CHECK(buffer.insert(4, pattern(4, 6), true).ok());  // the same final size again
  }
  SECTION("a FIN below data already received") {
    ReceiveBuffer buffer(pool);
    REQUIRE(buffer.insert(20, pattern(20, 10), false).ok());
    check_final_size_error(buffer.insert(0, pattern(0, 10), true, 0x0b), 0x0b);
    CHECK(buffer.insert(0, pattern(0, 30), true).ok());
  }
  SECTION("RESET_STREAM final size follows the same rules") {
    ReceiveBuffer buffer(pool);
    REQUIRE(buffer.insert(0, pattern(0, 10), false).ok());
    check_final_size_error(buffer.set_final_size_and_discard(9), 0x04);
    REQUIRE(buffer.set_final_size_and_discard(12).ok());
    CHECK(buffer.is_discarding());
    CHECK(buffer.readable_bytes() == 0);
    check_final_size_error(buffer.insert(12, pattern(12, 1), false, 0x0e), 0x0e);
    check_final_size_error(buffer.set_final_size_and_discard(13), 0x04);
  }
  SECTION("offsets past 2^62-1 are a flow control error") {
    ReceiveBuffer buffer(pool);
    const Status status = buffer.insert(kMaxVarint - 2, pattern(0, 5), false, 0x0e);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().is(TransportError::kFlowControlError));
  }
}

TEST_CASE("ReceiveBuffer reports a FIN-only stream end", "[receive_buffer]") {
  ChunkPool pool(32);
  ReceiveBuffer buffer(pool);
  REQUIRE(buffer.insert(0, pattern(0, 20), false).ok());
  CHECK_FALSE(buffer.is_all_received());
  REQUIRE(buffer.insert(20, {}, true).ok());
  CHECK(buffer.is_all_received());
  CHECK(read_all(buffer).size() == 20);
  CHECK(buffer.is_fin_read());
}

TEST_CASE("ReceiveBuffer peek and consume read without copying", "[receive_buffer]") {
  ChunkPool pool(16);
  ReceiveBuffer buffer(pool);
  REQUIRE(buffer.insert(0, pattern(0, 40), false).ok());
  std::vector<uint8_t> got;
  while (!buffer.peek().empty()) {
    const std::span<const uint8_t> view = buffer.peek();
    CHECK(view.size() <= 16);
    got.insert(got.end(), view.begin(), view.end());
    buffer.consume(view.size());
  }
  CHECK(got == pattern(0, 40));
  CHECK(buffer.read_offset() == 40);
}

TEST_CASE("ReceiveBuffer memory stays within the data it must hold", "[receive_buffer][chunk]") {
  ChunkPool pool(1024, 16);
  ReceiveBuffer buffer(pool);
  // One byte far ahead costs one chunk, not the whole gap.
  REQUIRE(buffer.insert(100'000, pattern(100'000, 1), false).ok());
  CHECK(pool.chunks_in_use() == 1);
  // A steady in-order flow recycles chunks.
  ReceiveBuffer flow(pool);
  uint64_t offset = 0;
  std::vector<uint8_t> out(1500);
  for (int i = 0; i < 100; ++i, offset += 1200) {
    REQUIRE(flow.insert(offset, pattern(offset, 1200), false).ok());
    CHECK(flow.read(out.data(), out.size()) == 1200);
  }
  const uint64_t warm = pool.heap_allocations();
  for (int i = 0; i < 5000; ++i, offset += 1200) {
    REQUIRE(flow.insert(offset, pattern(offset, 1200), false).ok());
    REQUIRE(flow.read(out.data(), out.size()) == 1200);
    REQUIRE(flow.chunks_held() <= 1);
  }
  CHECK(pool.heap_allocations() == warm);
  CHECK(std::vector<uint8_t>(out.begin(), out.begin() + 1200) == pattern(offset - 1200, 1200));
}

}  // namespace
}  // namespace quasar
