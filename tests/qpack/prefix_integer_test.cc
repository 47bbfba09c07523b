// Prefixed integers (RFC 7541 §5.1 and its Appendix C.1 examples).
#include <catch2/catch.hpp>

#include <vector>

#include "qpack/prefix_integer.h"
#include "tests/qpack/qpack_test_util.h"

namespace quasar::qpack {
namespace {

using test::from_hex;
using test::to_hex;

std::vector<uint8_t> encode(uint8_t pattern, int prefix_bits, uint64_t value) {
  std::vector<uint8_t> out;
  append_prefix_integer(out, pattern, prefix_bits, value);
  CHECK(out.size() == prefix_integer_length(prefix_bits, value));
  return out;
}

TEST_CASE("RFC 7541 C.1.1: 10 with a 5-bit prefix", "[qpack][integer]") {
  CHECK(to_hex(encode(0xe0, 5, 10)) == "ea");  // the pattern bits above the prefix are kept
  const auto bytes = from_hex("ea");
  ByteReader in(bytes);
  uint64_t value = 0;
  REQUIRE(read_prefix_integer(in, 5, value) == ParseStatus::kOk);
  CHECK(value == 10);
  CHECK(in.empty());
}

TEST_CASE("RFC 7541 C.1.2: 1337 with a 5-bit prefix", "[qpack][integer]") {
  CHECK(to_hex(encode(0x00, 5, 1337)) == "1f9a0a");
  const auto bytes = from_hex("1f9a0a");
  ByteReader in(bytes);
  uint64_t value = 0;
  REQUIRE(read_prefix_integer(in, 5, value) == ParseStatus::kOk);
  CHECK(value == 1337);
  CHECK(in.empty());
}

TEST_CASE("RFC 7541 C.1.3: 42 at an octet boundary", "[qpack][integer]") {
  CHECK(to_hex(encode(0x00, 8, 42)) == "2a");
  const auto bytes = from_hex("2a");
  ByteReader in(bytes);
  uint64_t value = 0;
  REQUIRE(read_prefix_integer(in, 8, value) == ParseStatus::kOk);
  CHECK(value == 42);
}

TEST_CASE("prefix integers round-trip at every prefix size and boundary", "[qpack][integer]") {
  for (int bits = 1; bits <= 8; ++bits) {
    const uint64_t max_prefix = (uint64_t{1} << bits) - 1;
    const uint64_t values[] = {0,
                               max_prefix - 1,
                               max_prefix,
                               max_prefix + 1,
                               max_prefix + 127,
                               max_prefix + 128,
                               1u << 20,
                               (uint64_t{1} << 40) + 12345,
                               kMaxPrefixInteger};
    for (uint64_t v : values) {
      INFO("bits " << bits << " value " << v);
      const auto bytes = encode(0x00, bits, v);
      ByteReader in(bytes);
      uint64_t decoded = 0;
      REQUIRE(read_prefix_integer(in, bits, decoded) == ParseStatus::kOk);
      CHECK(decoded == v);
      CHECK(in.empty());
      // Every proper prefix of the encoding is incomplete, never wrong.
      for (size_t n = 0; n < bytes.size(); ++n) {
        ByteReader partial(std::span(bytes.data(), n));
        CHECK(read_prefix_integer(partial, bits, decoded) == ParseStatus::kIncomplete);
      }
    }
  }
}

TEST_CASE("prefix integers above 62 bits are refused", "[qpack][integer]") {
  uint64_t value = 0;
  // 2^62 - 1, the largest value, with an 8-bit prefix: 255, then 2^62 - 256 in 7-bit groups.
  const auto max = from_hex("ff 80 fe ff ff ff ff ff ff 3f");
  CHECK(to_hex(encode(0x00, 8, kMaxPrefixInteger)) == to_hex(max));
  ByteReader max_reader(max);
  REQUIRE(read_prefix_integer(max_reader, 8, value) == ParseStatus::kOk);
  CHECK(value == kMaxPrefixInteger);

  // 2^62, one more.
  const auto over = from_hex("ff 81 fe ff ff ff ff ff ff 3f");
  ByteReader over_reader(over);
  CHECK(read_prefix_integer(over_reader, 8, value) == ParseStatus::kInvalid);

  // Nine continuation bytes of zeros then a tenth: longer than any 62-bit value needs.
  const auto overlong = from_hex("1f 80 80 80 80 80 80 80 80 80 00");
  ByteReader overlong_reader(overlong);
  CHECK(read_prefix_integer(overlong_reader, 5, value) == ParseStatus::kInvalid);

  // A value that would overflow 64 bits while accumulating.
  const auto huge = from_hex("ff ff ff ff ff ff ff ff ff 7f");
  ByteReader huge_reader(huge);
  CHECK(read_prefix_integer(huge_reader, 8, value) == ParseStatus::kInvalid);
}

TEST_CASE("zero-padded but short encodings are accepted", "[qpack][integer]") {
  // RFC 7541 §5.1 allows redundant zero continuation bytes within the implementation limit.
  const auto bytes = from_hex("1f 80 00");  // 31 + 0
  ByteReader in(bytes);
  uint64_t value = 0;
  REQUIRE(read_prefix_integer(in, 5, value) == ParseStatus::kOk);
  CHECK(value == 31);
}

}  // namespace
}  // namespace quasar::qpack
