// RingQueue, StreamTable and StreamEventQueue: the allocation-light containers of the map.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "quic/base/rng.h"
#include "quic/stream/ring_queue.h"
#include "quic/stream/stream_event_queue.h"
#include "quic/stream/stream_table.h"

namespace quasar {
namespace {

TEST_CASE("RingQueue is FIFO and reuses its slots", "[containers]") {
  RingQueue<int> queue;
  for (int i = 0; i < 5; ++i) queue.push_back(i);
  CHECK(queue.front() == 0);
  CHECK(queue[4] == 4);
  queue.pop_front();
  queue.pop_front();
  for (int i = 5; i < 10; ++i) queue.push_back(i);  // wraps around
  CHECK(queue.size() == 8);
  CHECK(queue.capacity() == 8);
  for (int i = 2; i < 10; ++i) {
    CHECK(queue.front() == i);
    queue.pop_front();
  }
  CHECK(queue.empty());
  for (int i = 0; i < 100; ++i) {
    queue.push_back(i);
    queue.pop_front();
  }
  CHECK(queue.capacity() == 8);
  queue.push_back(1);
  CHECK(queue.back() == 1);
}

TEST_CASE("StreamTable matches a std::map under random inserts and erases", "[containers]") {
  SeededRng rng(3);
  StreamTable<uint64_t> table;
  std::map<uint64_t, uint64_t> model;
  for (int step = 0; step < 20000; ++step) {
    // Stream-ID-like keys: small dense indexes of four types.
    const uint64_t id = rng.uniform(600) * 4 + rng.uniform(4);
    if (rng.uniform(3) != 0) {
      if (!model.count(id)) {
        table.insert(id, std::make_unique<uint64_t>(id * 7));
        model[id] = id * 7;
      }
    } else {
      REQUIRE(table.erase(id) == (model.erase(id) == 1));
    }
    if (step % 97 == 0) {
      for (const auto& [key, value] : model) {
        const uint64_t* found = table.find(key);
        REQUIRE(found != nullptr);
        REQUIRE(*found == value);
      }
    }
    REQUIRE(table.size() == model.size());
  }
  for (uint64_t id = 0; id < 2400; ++id) {
    REQUIRE((table.find(id) != nullptr) == (model.count(id) == 1));
  }
  size_t visited = 0;
  table.for_each([&](uint64_t&) { ++visited; });
  CHECK(visited == model.size());
}

TEST_CASE("StreamEventQueue never holds the same stream and event twice", "[events]") {
  StreamEventQueue queue;
  std::map<uint64_t, uint8_t> flags;
  auto flags_of = [&](uint64_t id) -> uint8_t* {
    auto it = flags.find(id);
    return it == flags.end() ? nullptr : &it->second;
  };
  flags[4] = 0;
  flags[8] = 0;
  queue.raise(4, flags[4], StreamEventType::kReadable);
  queue.raise(8, flags[8], StreamEventType::kWritable);
  queue.raise(4, flags[4], StreamEventType::kReadable);  // duplicate
  queue.raise(4, flags[4], StreamEventType::kOpened);
  queue.raise(4, flags[4], StreamEventType::kReadable);
  CHECK(queue.queued_streams() == 2);
  std::vector<std::pair<uint64_t, StreamEventType>> got;
  while (auto p = queue.pop(flags_of)) got.emplace_back(p->stream_id, p->type);
  CHECK(got == std::vector<std::pair<uint64_t, StreamEventType>>{{4, StreamEventType::kOpened},
                                                                 {4, StreamEventType::kReadable},
                                                                 {8, StreamEventType::kWritable}});
  CHECK(flags[4] == 0);
  // Taken events can be raised again.
  queue.raise(8, flags[8], StreamEventType::kWritable);
  CHECK(queue.pop(flags_of)->type == StreamEventType::kWritable);
  // A withdrawn event is not delivered, and re-raising does not queue the stream twice.
  queue.raise(4, flags[4], StreamEventType::kReadable);
  StreamEventQueue::clear(flags[4], StreamEventType::kReadable);
  queue.raise(4, flags[4], StreamEventType::kResetReceived);
  CHECK(queue.queued_streams() == 1);
  auto p = queue.pop(flags_of);
  REQUIRE(p.has_value());
  CHECK(p->type == StreamEventType::kResetReceived);
  CHECK_FALSE(queue.pop(flags_of).has_value());
  // Streams that disappeared are skipped.
  queue.raise(8, flags[8], StreamEventType::kFinished);
  flags.erase(8);
  CHECK_FALSE(queue.pop(flags_of).has_value());
  CHECK(queue.queued_streams() == 0);
}

}  // namespace
}  // namespace quasar
