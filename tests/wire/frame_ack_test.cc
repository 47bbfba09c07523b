// ACK frames (RFC 9000 §19.3): range iteration, encoding from RangeSets under range and room
// limits, and validation of hand-built frames.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/base/rng.h"
#include "quic/wire/frame_decoder.h"
#include "quic/wire/frame_encoder.h"

// Failed range comparisons print as [smallest,largest].
template <>
struct Catch::StringMaker<quasar::AckRange> {
  static std::string convert(const quasar::AckRange& range) {
    return "[" + std::to_string(range.smallest) + "," + std::to_string(range.largest) + "]";
  }
};

namespace quasar {
namespace {

// The ranges of a RangeSet as an ACK frame lists them: highest first, inclusive bounds.
std::vector<AckRange> expected_ranges(const RangeSet& set, size_t limit = SIZE_MAX) {
  std::vector<AckRange> out;
  for (auto it = set.rbegin(); it != set.rend() && out.size() < limit; ++it) {
    out.push_back({it->start, it->end - 1});
  }
  return out;
}

std::vector<AckRange> ranges_of(const AckFrame& ack) {
  std::vector<AckRange> out;
  for (const AckRange& range : ack.ranges()) out.push_back(range);
  return out;
}

AckFrame decode_ack(BufferReader& reader) {
  Result<Frame> frame = decode_frame(reader);
  REQUIRE(frame.ok());
  REQUIRE(std::holds_alternative<AckFrame>(*frame));
  return std::get<AckFrame>(*frame);
}

// `count` ranges with random sizes and gaps, the lowest starting at `base`.
RangeSet random_ranges(size_t count, uint64_t seed, uint64_t base = 0) {
  SeededRng rng(seed);
  RangeSet set;
  uint64_t next = base;
  for (size_t i = 0; i < count; ++i) {
    const uint64_t start = next + (i == 0 ? 0 : 1 + rng.uniform(rng.chance(0.1) ? 100000 : 40));
    const uint64_t end = start + 1 + rng.uniform(rng.chance(0.1) ? 5000 : 20);
    set.add(start, end);
    next = end;
  }
  REQUIRE(set.range_count() == count);
  return set;
}

TEST_CASE("ACK from a RangeSet with one range", "[ack]") {
  RangeSet received;
  received.add(0, 10);
  std::vector<uint8_t> out(32);
  BufferWriter writer(out);
  REQUIRE(encode_ack_frame(writer, received, 25, std::nullopt, 16) == 1);
  // Largest 9, delay 25, no further ranges, first range 9 (packets 0..9).
  CHECK(hex_encode(writer.written_span()) == "0209190009");
  CHECK(writer.written() == ack_frame_size(received, 25, std::nullopt, 16));

  BufferReader reader(writer.written_span());
  const AckFrame ack = decode_ack(reader);
  CHECK(ranges_of(ack) == std::vector<AckRange>{{0, 9}});
  CHECK(ack.smallest_acknowledged() == 0);
  CHECK(ack.type() == FrameType::kAck);
}

TEST_CASE("ACK from a RangeSet with two ranges", "[ack]") {
  RangeSet received;
  received.add(1, 4);     // 1..3
  received.add(70, 101);  // 70..100
  std::vector<uint8_t> out(32);
  BufferWriter writer(out);
  REQUIRE(encode_ack_frame(writer, received, 0, EcnCounts{5, 6, 7}, 16) == 2);
  // ACK_ECN, largest 100 (0x4064), delay 0, one more range, first range 30; then
  // gap = 70 - 3 - 2 = 65 (0x4041), length 2; then ECN counts 5, 6, 7.
  CHECK(hex_encode(writer.written_span()) ==
        "0340640001"
        "1e"
        "404102"
        "050607");

  BufferReader reader(writer.written_span());
  const AckFrame ack = decode_ack(reader);
  CHECK(ranges_of(ack) == expected_ranges(received));
  CHECK(ack.ecn == EcnCounts{5, 6, 7});
  CHECK(ack.type() == FrameType::kAckEcn);
  CHECK(ack.smallest_acknowledged() == 1);
}

TEST_CASE("ACK from a RangeSet with 256 ranges round trips every range", "[ack]") {
  const RangeSet received = random_ranges(256, 7, 1000);
  const size_t size = ack_frame_size(received, 1234, std::nullopt, 256);
  REQUIRE(size > 0);
  std::vector<uint8_t> out(size);
  BufferWriter writer(out);
  REQUIRE(encode_ack_frame(writer, received, 1234, std::nullopt, 256) == 256);
  CHECK(writer.remaining() == 0);

  BufferReader reader(out);
  const AckFrame ack = decode_ack(reader);
  CHECK(reader.empty());
  CHECK(ack.ack_range_count == 255);
  CHECK(ack.ack_delay == 1234);
  CHECK(ranges_of(ack) == expected_ranges(received));
  CHECK(ack.smallest_acknowledged() == received.min());
}

TEST_CASE("ACK iteration over thousands of ranges matches the RangeSet", "[ack]") {
  for (uint64_t seed : {1, 2, 3}) {
    const RangeSet received = random_ranges(5000, seed);
    std::vector<uint8_t> out(ack_frame_size(received, 0, std::nullopt, SIZE_MAX));
    BufferWriter writer(out);
    REQUIRE(encode_ack_frame(writer, received, 0, std::nullopt, SIZE_MAX) == 5000);
    BufferReader reader(out);
    const AckFrame ack = decode_ack(reader);
    CHECK(ranges_of(ack) == expected_ranges(received));
    // The iterator is a plain input iterator: two walks agree.
    CHECK(std::distance(ack.ranges().begin(), ack.ranges().end()) == 5000);
  }
}

TEST_CASE("ACK encoding keeps the newest ranges within max_ranges", "[ack]") {
  const RangeSet received = random_ranges(256, 11);
  for (size_t max_ranges : {1, 2, 10, 255}) {
    CAPTURE(max_ranges);
    std::vector<uint8_t> out(4096);
    BufferWriter writer(out);
    REQUIRE(encode_ack_frame(writer, received, 3, std::nullopt, max_ranges) == max_ranges);
    CHECK(writer.written() == ack_frame_size(received, 3, std::nullopt, max_ranges));
    BufferReader reader(writer.written_span());
    CHECK(ranges_of(decode_ack(reader)) == expected_ranges(received, max_ranges));
  }
}

TEST_CASE("ACK encoding fits as many ranges as the room allows", "[ack]") {
  const RangeSet received = random_ranges(256, 5, 1u << 20);
  const size_t full = ack_frame_size(received, 100, EcnCounts{1, 2, 3}, 256);
  const size_t first_only = ack_frame_size(received, 100, EcnCounts{1, 2, 3}, 1);
  size_t previous_ranges = 0;
  for (size_t room = first_only; room <= full; ++room) {
    CAPTURE(room);
    std::vector<uint8_t> out(room);
    BufferWriter writer(out);
    const size_t written = encode_ack_frame(writer, received, 100, EcnCounts{1, 2, 3}, 256);
    REQUIRE(written >= 1);
    CHECK(written >= previous_ranges);  // more room never means fewer ranges
    previous_ranges = written;
    CHECK(writer.written() <= room);
    // Maximal: the frame with one more range would not have fitted.
    if (written < 256) {
      CHECK(ack_frame_size(received, 100, EcnCounts{1, 2, 3}, written + 1) > room);
    }
    BufferReader reader(writer.written_span());
    const AckFrame ack = decode_ack(reader);
    CHECK(ranges_of(ack) == expected_ranges(received, written));
    CHECK(ack.ecn == EcnCounts{1, 2, 3});
  }
  CHECK(previous_ranges == 256);
}

TEST_CASE("ACK encoding writes nothing when the first range does not fit", "[ack]") {
  RangeSet received;
  received.add(100000, 100010);
  const size_t size = ack_frame_size(received, 0, std::nullopt, 4);
  REQUIRE(size == 1 + 4 + 1 + 1 + 1);
  std::vector<uint8_t> out(size - 1, 0xee);
  BufferWriter writer(out);
  CHECK(encode_ack_frame(writer, received, 0, std::nullopt, 4) == 0);
  CHECK(writer.written() == 0);
  CHECK(out == std::vector<uint8_t>(size - 1, 0xee));

  std::vector<uint8_t> big(64);
  BufferWriter big_writer(big);
  CHECK(encode_ack_frame(big_writer, RangeSet{}, 0, std::nullopt, 4) == 0);  // nothing to ack
  CHECK(encode_ack_frame(big_writer, received, 0, std::nullopt, 0) == 0);
  CHECK(encode_ack_frame(big_writer, received, kMaxVarint + 1, std::nullopt, 4) == 0);
  CHECK(encode_ack_frame(big_writer, received, 0, EcnCounts{kMaxVarint + 1, 0, 0}, 4) == 0);
  CHECK(big_writer.written() == 0);
}

TEST_CASE("ACK of the largest packet numbers", "[ack]") {
  RangeSet received;
  received.add(kMaxVarint - 100, kMaxVarint + 1);
  received.add(0, 1);
  std::vector<uint8_t> out(64);
  BufferWriter writer(out);
  REQUIRE(encode_ack_frame(writer, received, kMaxVarint, std::nullopt, 8) == 2);
  BufferReader reader(writer.written_span());
  const AckFrame ack = decode_ack(reader);
  CHECK(ack.largest_acknowledged == kMaxVarint);
  CHECK(ranges_of(ack) == expected_ranges(received));

  RangeSet too_large;
  too_large.add(kMaxVarint + 1);
  BufferWriter again(out);
  CHECK(encode_ack_frame(again, too_large, 0, std::nullopt, 8) == 0);
}

TEST_CASE("ACK frames compare by ranges, not by varint encoding", "[ack]") {
  // The same ACK (largest 10, first range 1, gap 2, length 3) with minimal and padded varints.
  const std::vector<uint8_t> minimal = *hex_decode("020a0001010203");
  const std::vector<uint8_t> padded = *hex_decode("020a40000101400280000003");
  BufferReader a(minimal), b(padded);
  const AckFrame fa = decode_ack(a), fb = decode_ack(b);
  CHECK(fa == fb);
  CHECK(ranges_of(fb) == std::vector<AckRange>{{9, 10}, {2, 5}});
  CHECK(encoded_size(fb) == minimal.size());  // re-encoded minimally

  const std::vector<uint8_t> other = *hex_decode("020a0001010303");
  BufferReader c(other);
  CHECK_FALSE(fa == decode_ack(c));
}

TEST_CASE("hand-built ACK frames with bad ranges cannot be encoded", "[ack]") {
  const std::vector<uint8_t> pairs = *hex_decode("0203");
  AckFrame ack{10, 0, 1, 1, pairs, std::nullopt};
  CHECK(is_valid_ack_frame(ack));
  ack.ack_range_count = 2;  // claims more pairs than encoded
  CHECK_FALSE(is_valid_ack_frame(ack));
  CHECK(encoded_size(ack) == 0);
  ack.ack_range_count = 0;  // leaves bytes unaccounted for
  CHECK_FALSE(is_valid_ack_frame(ack));
  ack = AckFrame{10, 0, 11, 0, {}, std::nullopt};  // first range below 0
  CHECK_FALSE(is_valid_ack_frame(ack));
  CHECK(ranges_of(ack).empty());  // the iterator refuses to walk it
  const std::vector<uint8_t> underflow = *hex_decode("0900");
  ack = AckFrame{10, 0, 0, 1, underflow, std::nullopt};  // 10 - 9 - 2 < 0
  CHECK_FALSE(is_valid_ack_frame(ack));
  CHECK(ranges_of(ack) == std::vector<AckRange>{{10, 10}});

  std::vector<uint8_t> out(64, 0xee);
  BufferWriter writer(out);
  CHECK_FALSE(encode_frame(writer, ack));
  CHECK(writer.written() == 0);
}

}  // namespace
}  // namespace quasar
