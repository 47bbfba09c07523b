// BufferReader / BufferWriter and varints (RFC 9000 §16, Appendix A.1).
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"

namespace quasar {
namespace {

std::vector<uint8_t> bytes_of(const char* hex) { return *hex_decode(hex); }

TEST_CASE("RFC 9000 A.1 varint examples decode", "[varint]") {
  struct Example {
    const char* hex;
    uint64_t value;
    size_t length;
  };
  const Example examples[] = {
      {"c2197c5eff14e88c", 151288809941952652ull, 8},
      {"9d7f3e7d", 494878333, 4},
      {"7bbd", 15293, 2},
      {"25", 37, 1},
      {"4025", 37, 2},  // RFC 9000 §16: 37 in two bytes is valid, just not minimal
  };
  for (const auto& ex : examples) {
    const auto buf = bytes_of(ex.hex);
    BufferReader r(buf);
    uint64_t value = 0;
    size_t length = 0;
    REQUIRE(r.read_varint(value, &length));
    CHECK(value == ex.value);
    CHECK(length == ex.length);
    CHECK(r.empty());
  }
}

TEST_CASE("RFC 9000 A.1 varint examples encode minimally", "[varint]") {
  const std::pair<uint64_t, const char*> examples[] = {
      {151288809941952652ull, "c2197c5eff14e88c"},
      {494878333, "9d7f3e7d"},
      {15293, "7bbd"},
      {37, "25"},
  };
  for (const auto& [value, hex] : examples) {
    std::array<uint8_t, 8> out{};
    BufferWriter w(out);
    REQUIRE(w.write_varint(value));
    CHECK(hex_encode(w.written_span()) == hex);
  }
}

TEST_CASE("varint boundaries and forced lengths", "[varint]") {
  const uint64_t boundaries[] = {0, 63, 64, 16383, 16384, (1u << 30) - 1, 1u << 30, kMaxVarint};
  for (uint64_t v : boundaries) {
    std::array<uint8_t, 8> out{};
    BufferWriter w(out);
    REQUIRE(w.write_varint(v));
    CHECK(w.written() == varint_size(v));
    BufferReader r(w.written_span());
    uint64_t back = 0;
    REQUIRE(r.read_varint(back));
    CHECK(back == v);
  }
  std::array<uint8_t, 8> out{};
  BufferWriter w(out);
  CHECK_FALSE(w.write_varint(kMaxVarint + 1));
  CHECK(varint_size(kMaxVarint + 1) == 0);
  CHECK_FALSE(w.write_varint_with_length(64, 1));
  CHECK_FALSE(w.write_varint_with_length(5, 3));
  REQUIRE(w.write_varint_with_length(5, 4));
  CHECK(hex_encode(w.written_span()) == "80000005");
  CHECK(w.written() == 4);
}

TEST_CASE("varint truncated at every length fails without advancing", "[varint]") {
  const auto buf = bytes_of("c2197c5eff14e88c");
  for (size_t len = 0; len < buf.size(); ++len) {
    BufferReader r(std::span<const uint8_t>(buf).first(len));
    uint64_t v = 0;
    CHECK_FALSE(r.read_varint(v));
    CHECK(r.offset() == 0);
  }
}

TEST_CASE("BufferReader fixed-width reads are big-endian and bounds-checked", "[buffer]") {
  const auto buf = bytes_of("0102030405060708090a");
  BufferReader r(buf);
  uint8_t a;
  uint16_t b;
  uint32_t c;
  REQUIRE(r.read_u8(a));
  REQUIRE(r.read_u16(b));
  REQUIRE(r.read_u24(c));
  CHECK(a == 0x01);
  CHECK(b == 0x0203);
  CHECK(c == 0x040506);
  uint64_t d;
  CHECK_FALSE(r.read_u64(d));  // only 4 bytes left
  CHECK(r.remaining() == 4);
  std::span<const uint8_t> view;
  CHECK_FALSE(r.read_bytes(5, view));
  REQUIRE(r.read_bytes(4, view));
  CHECK(view.data() == buf.data() + 6);  // zero-copy
  CHECK(r.empty());
  CHECK_FALSE(r.read_u8(a));
  CHECK_FALSE(r.skip(1));
}

TEST_CASE("BufferWriter writes nothing when out of room", "[buffer]") {
  std::array<uint8_t, 3> out{};
  BufferWriter w(out);
  CHECK_FALSE(w.write_u32(1));
  CHECK(w.written() == 0);
  REQUIRE(w.write_u16(0xabcd));
  const std::array<uint8_t, 2> two{1, 2};
  CHECK_FALSE(w.write_bytes(two));
  CHECK_FALSE(w.write_varint(64));  // needs 2 bytes, 1 left
  REQUIRE(w.write_varint(63));
  CHECK(hex_encode(w.written_span()) == "abcd3f");
  CHECK(w.remaining() == 0);
}

}  // namespace
}  // namespace quasar
