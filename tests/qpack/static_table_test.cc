// The static table (RFC 9204 Appendix A) and its lookups.
#include <catch2/catch.hpp>

#include "qpack/static_table.h"

namespace quasar::qpack {
namespace {

TEST_CASE("RFC 9204 Appendix A: entries", "[qpack][static]") {
  CHECK(kStaticTableSize == 99);
  CHECK(static_entry(0)->name == ":authority");
  CHECK(static_entry(0)->value.empty());
  CHECK(static_entry(1)->name == ":path");
  CHECK(static_entry(1)->value == "/");
  CHECK(static_entry(17)->value == "GET");
  CHECK(static_entry(25)->value == "200");
  CHECK(static_entry(31)->value == "gzip, deflate, br");
  CHECK(static_entry(85)->value == "script-src 'none'; object-src 'none'; base-uri 'none'");
  CHECK(static_entry(98)->name == "x-frame-options");
  CHECK(static_entry(98)->value == "sameorigin");
  CHECK(static_entry(99) == nullptr);
  CHECK(static_entry(~uint64_t{0}) == nullptr);
}

TEST_CASE("static lookups find every entry and the lowest index of a name", "[qpack][static]") {
  for (uint32_t i = 0; i < kStaticTableSize; ++i) {
    const StaticEntry* e = static_entry(i);
    // Field lines are unique in the table, so the exact match is this entry.
    CHECK(static_find_field(e->name, e->value) == std::optional<uint32_t>(i));
    const auto name = static_find_name(e->name);
    REQUIRE(name);
    CHECK(*name <= i);
    CHECK(static_entry(*name)->name == e->name);
  }
  CHECK(static_find_name(":status") == std::optional<uint32_t>(24));
  CHECK(static_find_name("cache-control") == std::optional<uint32_t>(36));
  CHECK(static_find_field(":status", "418") == std::nullopt);
  CHECK(static_find_name("x-custom") == std::nullopt);
  CHECK(static_find_name("") == std::nullopt);
  const StaticMatch m = static_match("content-type", "text/plain");
  CHECK(m.name_index == std::optional<uint32_t>(44));
  CHECK(m.field_index == std::optional<uint32_t>(53));
}

}  // namespace
}  // namespace quasar::qpack
