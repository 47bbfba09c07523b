// Link timing: propagation delay, serialisation at the configured rate, drop-tail queue limits,
// queue statistics, jitter and explicit reordering, and scheduled rate changes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "quic/sim/paced_sender_node.h"
#include "quic/sim/simulator.h"
#include "quic/sim/sink_node.h"

namespace quasar::sim {
namespace {

Instant at_ns(int64_t ns) { return Instant::from_nanos(ns); }
Instant at_ms(int64_t ms) { return Instant() + Duration::from_millis(ms); }
const SocketAddress kClient = SocketAddress::ipv4({10, 0, 0, 1}, 5000);
const SocketAddress kServer = SocketAddress::ipv4({10, 0, 0, 2}, 443);

// A sender and a sink joined by one link each way; `link` governs client -> server.
struct Pair {
  explicit Pair(const PacedSenderConfig& sender, const LinkConfig& link,
                SimulatorConfig config = {})
      : sim(config) {
    sink = &sim.emplace_node<SinkNode>(kServer);
    PacedSenderConfig with_addresses = sender;
    with_addresses.to = kServer;
    client = &sim.emplace_node<PacedSenderNode>(kClient, with_addresses);
    uplink = sim.connect(NodeId{1}, NodeId{0}, link, LinkConfig{}).forward;
  }
  Simulator sim;
  SinkNode* sink = nullptr;
  PacedSenderNode* client = nullptr;
  LinkId uplink;
};

PacedSenderConfig burst(uint64_t count, size_t size) {
  PacedSenderConfig config;
  config.count = count;
  config.size = size;
  return config;
}

PacedSenderConfig paced(uint64_t count, size_t size, Duration interval) {
  PacedSenderConfig config = burst(count, size);
  config.interval = interval;
  return config;
}

TEST_CASE("propagation delay and serialisation time are exact", "[sim][link][timing]") {
  LinkConfig link;
  link.delay = Duration::from_millis(10);
  link.rate = Bandwidth::from_bits_per_second(1000000);  // 1250 bytes take 10 ms
  Pair pair(burst(3, 1250), link);
  pair.sim.run_until(at_ms(1000));
  const auto& arrivals = pair.sink->arrivals();
  REQUIRE(arrivals.size() == 3);
  // Back to back: each waits for the one before it to be serialised.
  CHECK(arrivals[0].at == at_ms(20));
  CHECK(arrivals[1].at == at_ms(30));
  CHECK(arrivals[2].at == at_ms(40));
  CHECK(arrivals[0].from == kClient);
  CHECK(arrivals[0].to == kServer);
}

TEST_CASE("per-datagram overhead counts toward serialisation", "[sim][link][timing]") {
  LinkConfig link;
  link.rate = Bandwidth::from_bits_per_second(1000000);
  link.per_datagram_overhead = 28;  // IPv4 + UDP
  Pair pair(burst(2, 1222), link);
  pair.sim.run_until(at_ms(1000));
  REQUIRE(pair.sink->arrivals().size() == 2);
  CHECK(pair.sink->arrivals()[0].at == at_ms(10));  // (1222 + 28) * 8 bits at 1 Mbit/s
  CHECK(pair.sink->arrivals()[1].at == at_ms(20));
  CHECK(pair.sim.link_stats(pair.uplink).offered_bytes == 2444);
}

TEST_CASE("back-to-back serialisation does not drift at rates that do not divide evenly",
          "[sim][link][timing]") {
  LinkConfig link;
  link.rate = Bandwidth::from_bits_per_second(3000000);  // 1000 bytes: 2666666.67 ns
  Pair pair(burst(3000, 1000), link);
  pair.sim.run_until(at_ms(10000));
  const auto& arrivals = pair.sink->arrivals();
  REQUIRE(arrivals.size() == 3000);
  CHECK(arrivals[0].at == at_ns(2666666));
  CHECK(arrivals[1].at == at_ns(5333333));
  CHECK(arrivals[2].at == at_ns(8000000));
  // 3000 * 8000 bits at 3 Mbit/s is exactly 8 s.
  CHECK(arrivals.back().at == at_ms(8000));
}

TEST_CASE("the rate limit caps throughput within 1% of the configured rate", "[sim][link][rate]") {
  LinkConfig link;
  link.delay = Duration::from_millis(20);
  link.rate = Bandwidth::from_mbps(10);
  link.queue_limit_packets = 100;
  // 1200 bytes every 480 us is 20 Mbit/s offered, twice the link rate, for 10 s.
  Pair pair(paced(20834, 1200, Duration::from_micros(480)), link);
  pair.sim.run_until(at_ms(12000));
  const SinkNode& sink = *pair.sink;
  const double seconds = (sink.last_arrival() - sink.first_arrival()).seconds();
  const double mbps = static_cast<double>(sink.bytes() - 1200) * 8 / seconds / 1e6;
  CHECK(mbps == Approx(10.0).epsilon(0.01));
  const LinkStats& stats = pair.sim.link_stats(pair.uplink);
  CHECK(stats.dropped_queue > 9000);
  CHECK(stats.delivered_datagrams + stats.dropped_queue == stats.offered_datagrams);
  CHECK(stats.max_queue_packets == 100);
}

TEST_CASE("the queue drops the tail beyond its packet limit", "[sim][link][queue]") {
  LinkConfig link;
  link.rate = Bandwidth::from_mbps(1);
  link.queue_limit_packets = 5;
  PacedSenderConfig sender = paced(40, 1000, Duration::from_millis(500));
  sender.per_tick = 20;  // two bursts of 20, the queue long drained in between
  Pair pair(sender, link);
  pair.sim.run_until(at_ms(5000));
  std::vector<uint64_t> sequences;
  for (const SinkArrival& arrival : pair.sink->arrivals()) sequences.push_back(*arrival.sequence);
  CHECK(sequences == std::vector<uint64_t>{0, 1, 2, 3, 4, 20, 21, 22, 23, 24});
  const LinkStats& stats = pair.sim.link_stats(pair.uplink);
  CHECK(stats.dropped_queue == 30);
  CHECK(stats.max_queue_packets == 5);
  CHECK(stats.max_queue_bytes == 5000);
}

TEST_CASE("the queue drops the tail beyond its byte limit", "[sim][link][queue]") {
  LinkConfig link;
  link.rate = Bandwidth::from_mbps(1);
  link.queue_limit_bytes = 3500;
  Pair pair(burst(10, 1000), link);
  pair.sim.run_until(at_ms(5000));
  CHECK(pair.sink->datagrams() == 3);
  CHECK(pair.sim.link_stats(pair.uplink).dropped_queue == 7);
  CHECK(pair.sim.link_stats(pair.uplink).max_queue_bytes == 3000);
}

TEST_CASE("queue statistics give occupancy over time and queueing delay", "[sim][link][queue]") {
  LinkConfig link;
  link.rate = Bandwidth::from_bits_per_second(1000000);  // 1250 bytes: 10 ms
  Pair pair(burst(5, 1250), link);
  pair.sim.run_until(at_ms(100));
  const LinkStats& stats = pair.sim.link_stats(pair.uplink);
  // Waits of 0, 10, 20, 30 and 40 ms.
  CHECK(stats.queued_datagrams == 5);
  CHECK(stats.mean_queueing_delay() == Duration::from_millis(20));
  CHECK(stats.max_queueing_delay == Duration::from_millis(40));
  CHECK(stats.max_queue_packets == 5);
  // 5, 4, 3, 2, 1 datagrams for 10 ms each over 100 ms: 1.5 on average.
  CHECK(stats.mean_queue_packets() == Approx(1.5));
  CHECK(stats.mean_queue_bytes() == Approx(1.5 * 1250));
}

TEST_CASE("queue occupancy can be sampled over time from scheduled actions", "[sim][link][queue]") {
  LinkConfig link;
  link.rate = Bandwidth::from_bits_per_second(1000000);  // 1250 bytes: 10 ms
  Pair pair(burst(5, 1250), link);
  std::vector<size_t> samples;
  for (int64_t ms : {0, 5, 15, 25, 35, 45, 55}) {
    pair.sim.schedule(at_ms(ms), [&samples, uplink = pair.uplink](Simulator& sim) {
      sim.link_stats(uplink);  // brings the queue up to now
      samples.push_back(sim.link(uplink).queue_packets());
    });
  }
  pair.sim.run_until(at_ms(100));
  // The sampler at 0 ms was scheduled before the sender's burst.
  CHECK(samples == std::vector<size_t>{0, 5, 4, 3, 2, 1, 0});
}

TEST_CASE("jitter delays each datagram independently and so reorders close ones",
          "[sim][link][reorder]") {
  LinkConfig link;
  link.delay = Duration::from_millis(10);
  link.jitter = Duration::from_millis(5);
  Pair pair(paced(2000, 100, Duration::from_millis(1)), link);
  pair.sim.run_until(at_ms(5000));
  const auto& arrivals = pair.sink->arrivals();
  REQUIRE(arrivals.size() == 2000);
  size_t out_of_order = 0;
  Duration min_delay = Duration::infinite();
  Duration max_delay = Duration::zero();
  for (size_t i = 0; i < arrivals.size(); ++i) {
    const Duration delay = arrivals[i].at - at_ms(static_cast<int64_t>(*arrivals[i].sequence));
    min_delay = std::min(min_delay, delay);
    max_delay = std::max(max_delay, delay);
    if (i > 0 && *arrivals[i].sequence < *arrivals[i - 1].sequence) ++out_of_order;
  }
  CHECK(min_delay >= Duration::from_millis(10));
  CHECK(max_delay <= Duration::from_millis(15));
  // Uniform jitter over 5 ms spreads the delays over nearly all of it.
  CHECK(max_delay - min_delay > Duration::from_micros(4900));
  CHECK(out_of_order > 200);
}

TEST_CASE("without jitter datagrams arrive in order", "[sim][link][reorder]") {
  LinkConfig link;
  link.delay = Duration::from_millis(10);
  Pair pair(paced(500, 100, Duration::from_millis(1)), link);
  pair.sim.run_until(at_ms(5000));
  const auto& arrivals = pair.sink->arrivals();
  REQUIRE(arrivals.size() == 500);
  for (size_t i = 0; i < arrivals.size(); ++i) CHECK(*arrivals[i].sequence == i);
}

TEST_CASE("explicit reordering holds back the chosen datagrams by the reorder delay",
          "[sim][link][reorder]") {
  LinkConfig link;
  link.delay = Duration::from_millis(10);
  link.reorder_probability = 0.1;
  link.reorder_delay = Duration::from_micros(2500);
  Pair pair(paced(10000, 100, Duration::from_millis(1)), link);
  pair.sim.run_until(at_ms(20000));
  const auto& arrivals = pair.sink->arrivals();
  REQUIRE(arrivals.size() == 10000);
  uint64_t held_back = 0;
  uint64_t overtaken = 0;
  for (size_t i = 0; i < arrivals.size(); ++i) {
    const Duration delay = arrivals[i].at - at_ms(static_cast<int64_t>(*arrivals[i].sequence));
    if (delay == Duration::from_micros(12500)) {
      ++held_back;
    } else {
      CHECK(delay == Duration::from_millis(10));
    }
    if (i > 0 && *arrivals[i].sequence < *arrivals[i - 1].sequence) ++overtaken;
  }
  const LinkStats& stats = pair.sim.link_stats(pair.uplink);
  CHECK(held_back == stats.reordered);
  // Binomial(10000, 0.1): mean 1000, sd 30.
  CHECK(std::abs(static_cast<double>(held_back) - 1000.0) < 150);
  // Each held-back datagram is overtaken by the two sent after it (unless they were held too).
  CHECK(overtaken > held_back / 2);
}

TEST_CASE("a scheduled rate change takes effect at its time", "[sim][link][schedule]") {
  LinkConfig link;
  link.rate = Bandwidth::from_mbps(10);
  link.queue_limit_packets = 20;
  // 1200 bytes every 400 us: 24 Mbit/s, saturating the link before and after the change.
  Pair pair(paced(50000, 1200, Duration::from_micros(400)), link);
  const LinkId uplink = pair.uplink;
  pair.sim.schedule_link_change(at_ms(10000), uplink,
                                [](LinkConfig& config) { config.rate = config.rate.scaled(0.5); });

  pair.sim.run_until(at_ms(10000) - Duration::from_nanos(1));
  CHECK(pair.sim.link(uplink).config().rate == Bandwidth::from_mbps(10));
  pair.sim.run_until(at_ms(10000));
  CHECK(pair.sim.link(uplink).config().rate == Bandwidth::from_mbps(5));
  pair.sim.run_until(at_ms(20000));

  // While saturated, arrivals are spaced by one serialisation time: 960 us, then 1920 us.
  std::vector<Duration> gaps_before;
  std::vector<Duration> gaps_after;
  uint64_t bytes_before = 0;
  uint64_t bytes_after = 0;
  const auto& arrivals = pair.sink->arrivals();
  for (size_t i = 1; i < arrivals.size(); ++i) {
    const Instant t = arrivals[i].at;
    const Duration gap = t - arrivals[i - 1].at;
    if (t > at_ms(1000) && t <= at_ms(10000)) {
      gaps_before.push_back(gap);
      bytes_before += arrivals[i].size;
    }
    // The 20 datagrams queued before the change still leave at the old rate.
    if (t > at_ms(10100) && t <= at_ms(19100)) {
      gaps_after.push_back(gap);
      bytes_after += arrivals[i].size;
    }
  }
  REQUIRE_FALSE(gaps_before.empty());
  REQUIRE_FALSE(gaps_after.empty());
  CHECK(std::all_of(gaps_before.begin(), gaps_before.end(),
                    [](Duration g) { return g == Duration::from_micros(960); }));
  CHECK(std::all_of(gaps_after.begin(), gaps_after.end(),
                    [](Duration g) { return g == Duration::from_micros(1920); }));
  CHECK(static_cast<double>(bytes_before) * 8 / 9.0 / 1e6 == Approx(10.0).epsilon(0.01));
  CHECK(static_cast<double>(bytes_after) * 8 / 9.0 / 1e6 == Approx(5.0).epsilon(0.01));
  // The first datagram to start serialising after 10 s takes 1920 us: find the switch.
  Instant first_slow = Instant::infinite_future();
  for (size_t i = 1; i < arrivals.size(); ++i) {
    if (arrivals[i].at - arrivals[i - 1].at == Duration::from_micros(1920)) {
      first_slow = arrivals[i].at;
      break;
    }
  }
  // Datagrams already queued at 10 s (at most 20 of them, 960 us each) finish first.
  CHECK(first_slow > at_ms(10000));
  CHECK(first_slow <= at_ms(10000) + Duration::from_micros(20 * 960 + 1920));
}

}  // namespace
}  // namespace quasar::sim
