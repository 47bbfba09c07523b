// Required Insert Count and Base (RFC 9204 §4.5.1), including wrap-around.
#include <catch2/catch.hpp>

#include "qpack/required_insert_count.h"

namespace quasar::qpack {
namespace {

TEST_CASE("RFC 9204 §4.5.1.1 example: a 100-byte table encodes modulo 6", "[qpack][ric]") {
  const uint64_t entries = max_entries(100);
  CHECK(entries == 3);
  // "If a decoder has received 10 inserts, then an encoded value of 4 indicates that the
  // Required Insert Count is 9 for the field section."
  CHECK(decode_required_insert_count(4, entries, 10) == std::optional<uint64_t>(9));
  CHECK(encode_required_insert_count(9, entries) == 4);
}

TEST_CASE("RFC 9204 §4.5.1.2 example: Base from Sign and Delta Base", "[qpack][ric]") {
  // "with a Required Insert Count of 9, a decoder receives a Sign bit of 1 and a Delta Base
  // of 2. This sets the Base to 6."
  CHECK(decode_base(9, true, 2) == std::optional<uint64_t>(6));
  const EncodedBase b = encode_base(9, 6);
  CHECK(b.sign);
  CHECK(b.delta == 2);
  CHECK(decode_base(9, false, 3) == std::optional<uint64_t>(12));
  CHECK(!encode_base(9, 12).sign);
  CHECK(encode_base(9, 9).delta == 0);
  // A negative Base is invalid: Sign 1 with Delta Base >= Required Insert Count.
  CHECK(!decode_base(9, true, 9));
  CHECK(!decode_base(0, true, 0));
  CHECK(decode_base(9, true, 8) == std::optional<uint64_t>(0));
}

TEST_CASE("Required Insert Count round-trips across wrap-around", "[qpack][ric]") {
  for (uint64_t capacity : {32u, 100u, 220u, 4096u}) {
    const uint64_t entries = max_entries(capacity);
    // The decoder may be anywhere from MaxEntries behind to (at most) ahead by the entries
    // the encoder could not have evicted.
    for (uint64_t required = 1; required < 40 * entries; ++required) {
      const uint64_t encoded = encode_required_insert_count(required, entries);
      REQUIRE(encoded >= 1);
      REQUIRE(encoded <= 2 * entries);
      const uint64_t lowest = required > entries ? required - entries : 0;
      for (uint64_t inserts : {lowest, required - 1, required, required + entries - 1}) {
        if (inserts + entries < required) continue;
        INFO("capacity " << capacity << " required " << required << " inserts " << inserts);
        CHECK(decode_required_insert_count(encoded, entries, inserts) ==
              std::optional<uint64_t>(required));
      }
    }
  }
}

TEST_CASE("Required Insert Count values no encoder could produce", "[qpack][ric]") {
  CHECK(encode_required_insert_count(0, 3) == 0);
  CHECK(decode_required_insert_count(0, 3, 0) == std::optional<uint64_t>(0));
  // Above the full range 2 * MaxEntries.
  CHECK(!decode_required_insert_count(7, 3, 10));
  // With no dynamic table at all, anything but zero.
  CHECK(!decode_required_insert_count(1, 0, 0));
  // Decodes to zero, which must have been encoded as zero: MaxEntries 3, no inserts, 6 would
  // be 5 mod 6 + 1.
  CHECK(!decode_required_insert_count(6, 3, 0));
  // Beyond what the decoder's insert count allows without wrapping: MaxValue = 0 + 3.
  CHECK(!decode_required_insert_count(5, 3, 0));
}

}  // namespace
}  // namespace quasar::qpack
