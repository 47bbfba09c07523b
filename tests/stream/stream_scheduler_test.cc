// StreamScheduler: round-robin fairness, urgency order, sequential non-incremental streams.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "quic/base/rng.h"
#include "quic/stream/stream_scheduler.h"

namespace quasar {
namespace {

std::vector<std::unique_ptr<SchedulerEntry>> make_entries(std::vector<uint64_t> ids) {
  std::vector<std::unique_ptr<SchedulerEntry>> entries;
  for (uint64_t id : ids) entries.push_back(std::make_unique<SchedulerEntry>(id));
  return entries;
}

// Serves `packets` packets of `packet_bytes` each; returns bytes sent per stream ID, and the
// order in which streams were served.
std::map<uint64_t, uint64_t> serve(StreamScheduler& scheduler, int packets, uint64_t packet_bytes,
                                   std::vector<uint64_t>* order = nullptr) {
  std::map<uint64_t, uint64_t> sent;
  for (int i = 0; i < packets; ++i) {
    SchedulerEntry* entry = scheduler.peek();
    REQUIRE(entry != nullptr);
    sent[entry->stream_id()] += packet_bytes;
    if (order) order->push_back(entry->stream_id());
    scheduler.on_sent(*entry, packet_bytes);
  }
  return sent;
}

TEST_CASE("Scheduler shares bytes round-robin within one quantum", "[scheduler][fairness]") {
  const int n = GENERATE(2, 3, 7, 16);
  StreamScheduler scheduler(1200);
  std::vector<uint64_t> ids;
  for (int i = 0; i < n; ++i) ids.push_back(4 * static_cast<uint64_t>(i));
  auto entries = make_entries(ids);
  for (auto& e : entries) scheduler.schedule(*e);
  CHECK(scheduler.size() == static_cast<size_t>(n));
  // Packets smaller than the quantum: each stream keeps its turn for a few packets.
  const auto sent = serve(scheduler, 1000, 500);
  uint64_t lo = UINT64_MAX;
  uint64_t hi = 0;
  for (uint64_t id : ids) {
    lo = std::min(lo, sent.at(id));
    hi = std::max(hi, sent.at(id));
  }
  // Every stream is within one quantum (plus the packet that crossed it) of every other.
  CHECK(hi - lo <= 1200 + 500);
  CHECK(lo > 0);
}

TEST_CASE("Scheduler rotates after each quantum", "[scheduler]") {
  StreamScheduler scheduler(1000);
  auto entries = make_entries({0, 4, 8});
  for (auto& e : entries) scheduler.schedule(*e);
  std::vector<uint64_t> order;
  serve(scheduler, 9, 500, &order);
  CHECK(order == std::vector<uint64_t>{0, 0, 4, 4, 8, 8, 0, 0, 4});
}

TEST_CASE("Scheduler serves lower urgency values first", "[scheduler][priority]") {
  StreamScheduler scheduler(1000);
  auto entries = make_entries({0, 4, 8, 12});
  scheduler.set_priority(*entries[0], {5, true});
  scheduler.set_priority(*entries[1], {1, true});
  scheduler.set_priority(*entries[2], {3, true});
  scheduler.set_priority(*entries[3], {1, true});
  for (auto& e : entries) scheduler.schedule(*e);
  std::vector<uint64_t> order;
  serve(scheduler, 4, 1000, &order);
  CHECK(order == std::vector<uint64_t>{4, 12, 4, 12});  // urgency 1 shares; others wait
  scheduler.unschedule(*entries[1]);
  scheduler.unschedule(*entries[3]);
  CHECK(scheduler.peek()->stream_id() == 8);
  scheduler.unschedule(*entries[2]);
  CHECK(scheduler.peek()->stream_id() == 0);
  scheduler.unschedule(*entries[0]);
  CHECK(scheduler.peek() == nullptr);
  CHECK(scheduler.empty());
  // Raising a scheduled stream's urgency moves it ahead.
  for (auto& e : entries) scheduler.schedule(*e);
  scheduler.set_priority(*entries[0], {0, false});
  CHECK(scheduler.peek()->stream_id() == 0);
  // Out-of-range urgencies are clamped to the lowest priority.
  scheduler.set_priority(*entries[0], {200, true});
  CHECK(entries[0]->priority().urgency == 7);
}

TEST_CASE("Scheduler sends non-incremental streams one at a time by stream ID",
          "[scheduler][priority]") {
  StreamScheduler scheduler(1000);
  auto entries = make_entries({16, 4, 12, 8});
  for (auto& e : entries) {
    scheduler.set_priority(*e, {3, false});
    scheduler.schedule(*e);
  }
  std::vector<uint64_t> order;
  serve(scheduler, 5, 1000, &order);
  // The lowest ID keeps the link however much it sends.
  CHECK(order == std::vector<uint64_t>{4, 4, 4, 4, 4});
  std::vector<uint64_t> finished;
  while (SchedulerEntry* e = scheduler.peek()) {
    finished.push_back(e->stream_id());
    scheduler.unschedule(*e);
  }
  CHECK(finished == std::vector<uint64_t>{4, 8, 12, 16});
}

TEST_CASE("Scheduler gives a non-incremental group one turn among incremental peers",
          "[scheduler][priority]") {
  StreamScheduler scheduler(1000);
  auto entries = make_entries({0, 4, 8, 12});
  scheduler.set_priority(*entries[0], {3, false});
  scheduler.set_priority(*entries[1], {3, false});
  for (auto& e : entries) scheduler.schedule(*e);
  std::vector<uint64_t> order;
  serve(scheduler, 6, 1000, &order);
  // The group (served as stream 0 first) and streams 8 and 12 rotate.
  CHECK(order == std::vector<uint64_t>{0, 8, 12, 0, 8, 12});
  scheduler.unschedule(*entries[0]);
  order.clear();
  serve(scheduler, 3, 1000, &order);
  CHECK(order == std::vector<uint64_t>{4, 8, 12});
}

TEST_CASE("Scheduler schedule and unschedule are idempotent", "[scheduler]") {
  StreamScheduler scheduler(1000);
  auto entries = make_entries({0, 4});
  scheduler.schedule(*entries[0]);
  scheduler.schedule(*entries[0]);
  CHECK(scheduler.size() == 1);
  scheduler.unschedule(*entries[1]);
  CHECK(scheduler.size() == 1);
  scheduler.unschedule(*entries[0]);
  scheduler.unschedule(*entries[0]);
  CHECK(scheduler.empty());
  CHECK_FALSE(entries[0]->is_scheduled());
}

TEST_CASE("Scheduler heap stays ordered under random churn", "[scheduler]") {
  SeededRng rng(11);
  StreamScheduler scheduler(1000);
  std::vector<uint64_t> ids;
  for (uint64_t i = 0; i < 200; ++i) ids.push_back(i * 4);
  auto entries = make_entries(ids);
  for (auto& e : entries) scheduler.set_priority(*e, {2, false});
  for (int step = 0; step < 5000; ++step) {
    SchedulerEntry& e = *entries[rng.uniform(entries.size())];
    if (rng.uniform(2) == 0) {
      scheduler.schedule(e);
    } else {
      scheduler.unschedule(e);
    }
    uint64_t lowest = UINT64_MAX;
    for (auto& x : entries) {
      if (x->is_scheduled()) lowest = std::min(lowest, x->stream_id());
    }
    SchedulerEntry* top = scheduler.peek();
    REQUIRE((top == nullptr) == (lowest == UINT64_MAX));
    if (top) REQUIRE(top->stream_id() == lowest);
  }
}

}  // namespace
}  // namespace quasar
