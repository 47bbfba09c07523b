// DynamicTable (RFC 9204 §3.2): sizes, eviction, capacity changes, absolute indexing, and
// the arena against a straightforward model under random operations.
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <string>
#include <utility>

#include "qpack/dynamic_table.h"

namespace quasar::qpack {
namespace {

TEST_CASE("RFC 9204 §3.2.1: entry size is name + value + 32", "[qpack][dynamic]") {
  CHECK(DynamicTable::entry_size("custom-key", "custom-value") == 54);
  CHECK(DynamicTable::entry_size("", "") == 32);
}

TEST_CASE("inserting evicts the oldest entries; absolute indices stay", "[qpack][dynamic]") {
  DynamicTable t;
  t.set_capacity(220);
  t.insert(":authority", "www.example.com");  // 57
  t.insert(":path", "/sample/path");          // 49
  t.insert("custom-key", "custom-value");     // 54
  CHECK(t.size() == 160);
  CHECK(t.insert_count() == 3);
  CHECK(t.first_index() == 0);
  CHECK(t.evictions_needed(55) == 0);
  CHECK(t.evictions_needed(61) == 1);
  t.insert(":authority", "www.example.com");  // 217
  CHECK(t.evictions_needed(55) == 1);
  t.insert("custom-key", "custom-value2");  // evicts entry 0
  CHECK(t.first_index() == 1);
  CHECK(!t.contains(0));
  CHECK(t.contains(4));
  CHECK(!t.contains(5));
  CHECK(t.size() == 215);
  CHECK(t.entry(4).value == "custom-value2");
  CHECK(t.entry(1).name == ":path");
}

TEST_CASE("capacity changes evict and keep entries readable", "[qpack][dynamic]") {
  DynamicTable t;
  t.set_capacity(100);
  t.insert("a", "1");  // 34
  t.insert("b", "2");  // 34
  t.set_capacity(40);  // RFC 9204 §3.2.2: evict until the size fits
  CHECK(t.entry_count() == 1);
  CHECK(t.entry(1).name == "b");
  t.set_capacity(4096);  // growing keeps what is there
  CHECK(t.entry(1).value == "2");
  t.insert(std::string(1000, 'n'), std::string(2000, 'v'));
  CHECK(t.entry(2).name.size() == 1000);
  CHECK(t.size() == 34 + 3032);
  t.set_capacity(0);  // RFC 9204 §3.2.2: clears the table
  CHECK(t.entry_count() == 0);
  CHECK(t.size() == 0);
  CHECK(t.insert_count() == 3);
}

TEST_CASE("an entry may be inserted from the entry it evicts", "[qpack][dynamic]") {
  // RFC 9204 §3.2.2: the referenced name or value must survive the eviction.
  DynamicTable t;
  t.set_capacity(100);
  t.insert("name-of-some-length", "value-of-some-length");  // 71 bytes
  const DynamicTable::Entry e = t.entry(0);
  t.insert(e.name, e.value);  // a duplicate: needs the original evicted first
  CHECK(t.entry_count() == 1);
  CHECK(t.entry(1).name == "name-of-some-length");
  CHECK(t.entry(1).value == "value-of-some-length");
  t.insert(t.entry(1).name, "x");  // name reference to the entry being evicted
  CHECK(t.entry(2).name == "name-of-some-length");
  CHECK(t.entry(2).value == "x");
}

TEST_CASE("the arena matches a simple model under random inserts", "[qpack][dynamic]") {
  std::mt19937 rng(9204);
  for (int round = 0; round < 20; ++round) {
    DynamicTable t;
    std::deque<std::pair<std::string, std::string>> model;
    uint64_t capacity = 64 + rng() % 2000;
    uint64_t model_size = 0;
    uint64_t first = 0;
    t.set_capacity(capacity);
    for (int op = 0; op < 3000; ++op) {
      if (rng() % 50 == 0) {
        capacity = rng() % 2500;
        t.set_capacity(capacity);
        while (model_size > capacity) {
          model_size -= DynamicTable::entry_size(model.front().first, model.front().second);
          model.pop_front();
          ++first;
        }
      }
      std::string name(rng() % 40, static_cast<char>('a' + rng() % 26));
      std::string value(rng() % (rng() % 8 == 0 ? 600 : 60), static_cast<char>('0' + rng() % 10));
      std::string_view name_view = name;
      std::string_view value_view = value;
      if (!model.empty() && rng() % 4 == 0) {
        // Duplicate, or reuse the name of, a random live entry: the views point into the
        // table, possibly at the very entry the insertion evicts.
        const uint64_t index = first + rng() % model.size();
        name = model[index - first].first;
        name_view = t.entry(index).name;
        if (rng() % 2 == 0) {
          value = model[index - first].second;
          value_view = t.entry(index).value;
        }
      }
      const uint64_t size = DynamicTable::entry_size(name, value);
      if (size > capacity) continue;
      while (model_size + size > capacity) {
        model_size -= DynamicTable::entry_size(model.front().first, model.front().second);
        model.pop_front();
        ++first;
      }
      model.emplace_back(name, value);
      model_size += size;
      t.insert(name_view, value_view);
      REQUIRE(t.size() == model_size);
      REQUIRE(t.first_index() == first);
      REQUIRE(t.entry_count() == model.size());
      for (size_t i = 0; i < model.size(); ++i) {
        REQUIRE(t.entry(first + i).name == model[i].first);
        REQUIRE(t.entry(first + i).value == model[i].second);
      }
    }
  }
}

}  // namespace
}  // namespace quasar::qpack
