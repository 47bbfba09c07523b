// RangeSet: insertion, merging, removal, and a randomized comparison with a plain bitmap.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/base/range_set.h"
#include "quic/base/rng.h"

namespace quasar {
namespace {

std::vector<Range> ranges_of(const RangeSet& s) { return {s.begin(), s.end()}; }

TEST_CASE("RangeSet merges adjacent and overlapping ranges", "[range_set]") {
  RangeSet s;
  CHECK(s.add(10, 20) == 10);
  CHECK(s.add(30, 40) == 10);
  CHECK(s.add(20, 30) == 10);  // fills the gap exactly: one range
  CHECK(ranges_of(s) == std::vector<Range>{{10, 40}});
  CHECK(s.add(5, 45) == 10);
  CHECK(s.add(12, 14) == 0);
  CHECK(ranges_of(s) == std::vector<Range>{{5, 45}});
  CHECK(s.min() == 5);
  CHECK(s.max() == 44);
}

TEST_CASE("RangeSet keeps gaps and reports contains", "[range_set]") {
  RangeSet s;
  s.add(1);
  s.add(3);
  s.add(5, 8);
  CHECK(s.range_count() == 3);
  CHECK(s.contains(1));
  CHECK_FALSE(s.contains(2));
  CHECK(s.contains(5, 8));
  CHECK_FALSE(s.contains(4, 6));
  CHECK(s.value_count() == 5);
  CHECK(s.add(0, 100) == 95);
  CHECK(s.range_count() == 1);
}

TEST_CASE("RangeSet remove splits and trims", "[range_set]") {
  RangeSet s;
  s.add(0, 100);
  CHECK(s.remove(40, 60) == 20);
  CHECK(ranges_of(s) == std::vector<Range>{{0, 40}, {60, 100}});
  CHECK(s.remove(30, 70) == 20);
  CHECK(ranges_of(s) == std::vector<Range>{{0, 30}, {70, 100}});
  CHECK(s.remove(0, 30) == 30);
  CHECK(ranges_of(s) == std::vector<Range>{{70, 100}});
  CHECK(s.remove(200, 300) == 0);
  s.remove_below(80);
  CHECK(ranges_of(s) == std::vector<Range>{{80, 100}});
  s.add(120, 130);
  s.remove_below(110);
  CHECK(ranges_of(s) == std::vector<Range>{{120, 130}});
  s.pop_lowest();
  CHECK(s.empty());
}

TEST_CASE("RangeSet agrees with a bitmap under random operations", "[range_set]") {
  SeededRng rng(42);
  for (int round = 0; round < 50; ++round) {
    RangeSet s;
    std::vector<bool> bits(300, false);
    for (int op = 0; op < 200; ++op) {
      const uint64_t a = rng.uniform(300);
      const uint64_t b = a + rng.uniform(std::min<uint64_t>(300 - a, 20)) + 0;
      const bool is_add = rng.chance(0.7);
      uint64_t expected = 0;
      for (uint64_t i = a; i < b; ++i) {
        if (bits[i] != is_add) ++expected;
        bits[i] = is_add;
      }
      const uint64_t changed = is_add ? s.add(a, b) : s.remove(a, b);
      REQUIRE(changed == expected);
    }
    // Same membership, and ranges are sorted, disjoint and non-adjacent.
    for (uint64_t i = 0; i < 300; ++i) REQUIRE(s.contains(i) == bits[i]);
    for (size_t i = 1; i < s.range_count(); ++i) REQUIRE(s[i - 1].end < s[i].start);
  }
}

}  // namespace
}  // namespace quasar
