// Link impairments: random and bursty loss, drop lists, duplication, corruption, MTU black
// holes, ECN marking and bleaching, and blackhole periods.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <set>
#include <vector>

#include "quic/sim/echo_node.h"
#include "quic/sim/paced_sender_node.h"
#include "quic/sim/scripted_node.h"
#include "quic/sim/sequenced_payload.h"
#include "quic/sim/simulator.h"
#include "quic/sim/sink_node.h"

namespace quasar::sim {
namespace {

Instant at_ms(int64_t ms) { return Instant() + Duration::from_millis(ms); }
const SocketAddress kClient = SocketAddress::ipv4({10, 0, 0, 1}, 5000);
const SocketAddress kServer = SocketAddress::ipv4({10, 0, 0, 2}, 443);

// Binomial bounds: |observed - n p| within 4.5 standard deviations.
bool within_binomial(uint64_t observed, uint64_t n, double p) {
  const double mean = static_cast<double>(n) * p;
  const double sd = std::sqrt(static_cast<double>(n) * p * (1 - p));
  return std::abs(static_cast<double>(observed) - mean) <= 4.5 * sd;
}

// A paced sender and a sink over one link (client -> server), tracing that link.
struct Network {
  Network(const LinkConfig& link, uint64_t count, size_t size, Duration interval,
          Ecn ecn = Ecn::kNotEct, uint64_t seed = 1)
      : sim(SimulatorConfig{.seed = seed}) {
    sink = &sim.emplace_node<SinkNode>(kServer);
    PacedSenderConfig sender;
    sender.to = kServer;
    sender.count = count;
    sender.size = size;
    sender.interval = interval;
    sender.ecn = ecn;
    client = &sim.emplace_node<PacedSenderNode>(kClient, sender);
    uplink = sim.connect(NodeId{1}, NodeId{0}, link, LinkConfig{}).forward;
    sim.set_trace([this](const DatagramTrace& record) {
      if (record.link != uplink) return;
      traces.push_back(record);
      payloads.emplace_back(record.payload.begin(), record.payload.end());
    });
  }
  const LinkStats& stats() { return sim.link_stats(uplink); }
  // Indices dropped on the uplink for the given cause, ascending.
  std::vector<uint64_t> dropped(DatagramFate fate) const {
    std::vector<uint64_t> indices;
    for (const DatagramTrace& record : traces) {
      if (record.fate == fate) indices.push_back(record.index);
    }
    return indices;
  }

  Simulator sim;
  SinkNode* sink = nullptr;
  PacedSenderNode* client = nullptr;
  LinkId uplink;
  std::vector<DatagramTrace> traces;
  std::vector<std::vector<uint8_t>> payloads;
};

size_t longest_run(const std::vector<uint64_t>& sorted) {
  size_t longest = 0;
  size_t run = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    run = i > 0 && sorted[i] == sorted[i - 1] + 1 ? run + 1 : 1;
    longest = std::max(longest, run);
  }
  return longest;
}

TEST_CASE("random loss drops at the configured rate", "[sim][impair][loss]") {
  LinkConfig link;
  link.delay = Duration::from_millis(5);
  link.loss.rate = 0.1;
  Network net(link, 20000, 100, Duration::from_micros(100));
  net.sim.run_until(at_ms(10000));
  const LinkStats& stats = net.stats();
  CHECK(stats.offered_datagrams == 20000);
  CHECK(within_binomial(stats.dropped_loss, 20000, 0.1));
  CHECK(stats.dropped_loss > 0);
  CHECK(stats.delivered_datagrams + stats.dropped_loss == 20000);
  CHECK(net.sink->datagrams() == stats.delivered_datagrams);
  // Exactly the datagrams traced as lost are missing at the sink.
  std::set<uint64_t> received;
  for (const SinkArrival& arrival : net.sink->arrivals()) received.insert(*arrival.sequence);
  for (uint64_t index : net.dropped(DatagramFate::kDroppedLoss)) CHECK(!received.contains(index));
  CHECK(received.size() + net.dropped(DatagramFate::kDroppedLoss).size() == 20000);
}

TEST_CASE("the burst cap bounds consecutive random losses", "[sim][impair][loss]") {
  LinkConfig link;
  link.loss.rate = 0.8;
  SECTION("capped at 2") {
    link.loss.max_burst = 2;
    Network net(link, 5000, 100, Duration::from_micros(100));
    net.sim.run_until(at_ms(10000));
    const std::vector<uint64_t> lost = net.dropped(DatagramFate::kDroppedLoss);
    CHECK(longest_run(lost) == 2);
    // A Markov chain over the current burst length (0, 1, 2) with stationary weights
    // 1 : 0.8 : 0.64, of which states 0 and 1 lose with probability 0.8: 1.44 / 2.44 lost.
    CHECK(static_cast<double>(lost.size()) == Approx(5000 * 1.44 / 2.44).epsilon(0.05));
  }
  SECTION("uncapped, the same channel produces longer bursts") {
    Network net(link, 5000, 100, Duration::from_micros(100));
    net.sim.run_until(at_ms(10000));
    CHECK(longest_run(net.dropped(DatagramFate::kDroppedLoss)) > 10);
  }
}

TEST_CASE("Gilbert-Elliott loss matches its stationary rate and mean burst length",
          "[sim][impair][loss]") {
  LinkConfig link;
  link.loss.bursty = true;
  link.loss.gilbert_elliott =
      GilbertElliott{.good_to_bad = 0.01, .bad_to_good = 0.25, .loss_in_good = 0, .loss_in_bad = 1};
  Network net(link, 200000, 20, Duration::from_micros(10));
  net.sim.run_until(at_ms(10000));
  const std::vector<uint64_t> lost = net.dropped(DatagramFate::kDroppedLoss);
  // Stationary share of the bad state: 0.01 / (0.01 + 0.25).
  const double expected = 200000 * 0.01 / 0.26;
  CHECK(static_cast<double>(lost.size()) == Approx(expected).epsilon(0.1));
  size_t bursts = 0;
  for (size_t i = 0; i < lost.size(); ++i) {
    if (i == 0 || lost[i] != lost[i - 1] + 1) ++bursts;
  }
  const double mean_burst = static_cast<double>(lost.size()) / static_cast<double>(bursts);
  CHECK(mean_burst == Approx(1 / 0.25).epsilon(0.1));
}

TEST_CASE("drop lists drop exactly the listed datagrams, in one direction only",
          "[sim][impair][pattern]") {
  Simulator sim;
  EchoNode& echo = sim.emplace_node<EchoNode>(kServer);
  PacedSenderConfig sender;
  sender.to = kServer;
  sender.count = 20;
  sender.size = 100;
  sender.interval = Duration::from_millis(10);
  PacedSenderNode& client = sim.emplace_node<PacedSenderNode>(kClient, sender);
  LinkConfig up;
  up.delay = Duration::from_millis(1);
  up.drop_indices = {{2, 7}, {10, 10}, {19, 25}};
  LinkConfig down;
  down.delay = Duration::from_millis(1);
  const Simulator::LinkPair links = sim.connect(NodeId{1}, NodeId{0}, up, down);
  std::vector<uint64_t> dropped;
  sim.set_trace([&](const DatagramTrace& record) {
    if (record.fate == DatagramFate::kDroppedPattern) {
      CHECK(record.link == links.forward);
      dropped.push_back(record.index);
    }
  });
  sim.run_until(at_ms(1000));
  CHECK(dropped == std::vector<uint64_t>{2, 3, 4, 5, 6, 7, 10, 19});
  CHECK(echo.received() == 12);
  CHECK(client.received() == 12);  // every echo came back
  CHECK(sim.link_stats(links.forward).dropped_pattern == 8);
  CHECK(sim.link_stats(links.backward).dropped() == 0);
}

TEST_CASE("duplication delivers extra copies at the configured rate", "[sim][impair][dup]") {
  LinkConfig link;
  link.delay = Duration::from_millis(5);
  link.jitter = Duration::from_millis(1);
  link.duplicate_probability = 0.25;
  Network net(link, 10000, 100, Duration::from_micros(500));
  net.sim.run_until(at_ms(10000));
  const LinkStats& stats = net.stats();
  CHECK(within_binomial(stats.duplicated, 10000, 0.25));
  CHECK(net.sink->datagrams() == 10000 + stats.duplicated);
  CHECK(stats.delivered_datagrams == 10000 + stats.duplicated);
  std::vector<int> copies(10000, 0);
  for (const SinkArrival& arrival : net.sink->arrivals()) {
    CHECK(arrival.intact);
    ++copies[*arrival.sequence];
  }
  CHECK(std::count(copies.begin(), copies.end(), 2) == static_cast<long>(stats.duplicated));
  CHECK(std::count(copies.begin(), copies.end(), 1) == static_cast<long>(10000 - stats.duplicated));
  const auto traced_duplicates =
      std::count_if(net.traces.begin(), net.traces.end(),
                    [](const DatagramTrace& record) { return record.duplicate; });
  CHECK(traced_duplicates == static_cast<long>(stats.duplicated));
}

TEST_CASE("corruption flips one bit in the chosen datagrams", "[sim][impair][corrupt]") {
  LinkConfig link;
  link.corrupt_probability = 0.1;
  Network net(link, 5000, 200, Duration::from_micros(500));
  net.sim.run_until(at_ms(10000));
  const LinkStats& stats = net.stats();
  CHECK(within_binomial(stats.corrupted, 5000, 0.1));
  CHECK(stats.corrupted > 0);
  uint64_t damaged_at_sink = 0;
  for (const SinkArrival& arrival : net.sink->arrivals()) damaged_at_sink += !arrival.intact;
  CHECK(damaged_at_sink == stats.corrupted);

  REQUIRE(net.traces.size() == 5000);
  uint64_t flagged = 0;
  for (size_t i = 0; i < net.traces.size(); ++i) {
    const DatagramTrace& record = net.traces[i];
    std::vector<uint8_t> original(200);
    write_sequenced_payload(record.index, original);
    int differing_bits = 0;
    for (size_t b = 0; b < original.size(); ++b) {
      differing_bits += std::popcount(static_cast<unsigned>(original[b] ^ net.payloads[i][b]));
    }
    CHECK(differing_bits == (record.corrupted ? 1 : 0));
    flagged += record.corrupted;
  }
  CHECK(flagged == stats.corrupted);
}

TEST_CASE("sequenced payloads reveal any single changed bit", "[sim][impair][corrupt]") {
  for (size_t size : {16, 17, 100, 1201}) {
    std::vector<uint8_t> payload(size);
    write_sequenced_payload(0x0123456789abcdefull, payload);
    REQUIRE(is_intact_sequenced_payload(payload));
    CHECK(read_sequence(payload) == 0x0123456789abcdefull);
    for (size_t bit = 0; bit < size * 8; ++bit) {
      payload[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      if (is_intact_sequenced_payload(payload)) FAIL("bit " << bit << " of " << size);
      payload[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    }
  }
  std::vector<uint8_t> other(100);
  write_sequenced_payload(1, other);
  std::vector<uint8_t> next(100);
  write_sequenced_payload(2, next);
  CHECK(other != next);
}

TEST_CASE("datagrams above the MTU vanish until the MTU is raised", "[sim][impair][mtu]") {
  Simulator sim;
  SinkNode& sink = sim.emplace_node<SinkNode>(kServer);
  std::vector<ScriptedDatagram> script;
  for (size_t size : {1000, 1200, 1201, 1500, 1199}) {
    script.push_back({.at = at_ms(0), .to = kServer, .size = size});
  }
  for (size_t size : {1201, 1500})
    script.push_back({.at = at_ms(200), .to = kServer, .size = size});
  sim.emplace_node<ScriptedNode>(kClient, std::move(script));
  LinkConfig link;
  link.mtu = 1200;
  const LinkId uplink = sim.connect(NodeId{1}, NodeId{0}, link, LinkConfig{}).forward;
  sim.schedule_link_change(at_ms(100), uplink, [](LinkConfig& config) { config.mtu = 1500; });
  sim.run_until(at_ms(1000));
  std::vector<size_t> sizes;
  for (const SinkArrival& arrival : sink.arrivals()) sizes.push_back(arrival.size);
  CHECK(sizes == std::vector<size_t>{1000, 1200, 1199, 1201, 1500});
  CHECK(sim.link_stats(uplink).dropped_mtu == 2);
}

TEST_CASE("CE marking hits ECT datagrams at the configured rate and never Not-ECT ones",
          "[sim][impair][ecn]") {
  LinkConfig link;
  link.ce_mark_probability = 0.3;
  SECTION("ECT(0)") {
    Network net(link, 10000, 100, Duration::from_micros(100), Ecn::kEct0);
    net.sim.run_until(at_ms(10000));
    const uint64_t marked = net.stats().ce_marked;
    CHECK(within_binomial(marked, 10000, 0.3));
    CHECK(net.sink->count_with_ecn(Ecn::kCe) == marked);
    CHECK(net.sink->count_with_ecn(Ecn::kEct0) == 10000 - marked);
  }
  SECTION("ECT(1)") {
    Network net(link, 10000, 100, Duration::from_micros(100), Ecn::kEct1);
    net.sim.run_until(at_ms(10000));
    CHECK(within_binomial(net.stats().ce_marked, 10000, 0.3));
    CHECK(net.sink->count_with_ecn(Ecn::kEct1) == 10000 - net.stats().ce_marked);
  }
  SECTION("Not-ECT") {
    Network net(link, 10000, 100, Duration::from_micros(100), Ecn::kNotEct);
    net.sim.run_until(at_ms(10000));
    CHECK(net.stats().ce_marked == 0);
    CHECK(net.sink->count_with_ecn(Ecn::kNotEct) == 10000);
  }
}

TEST_CASE("CE marking above a queue threshold", "[sim][impair][ecn]") {
  LinkConfig link;
  link.rate = Bandwidth::from_mbps(1);
  link.ce_queue_threshold_packets = 3;
  Network net(link, 10, 1000, Duration::zero(), Ecn::kEct0);
  net.sim.run_until(at_ms(1000));
  std::vector<Ecn> codepoints;
  for (const SinkArrival& arrival : net.sink->arrivals()) codepoints.push_back(arrival.ecn);
  // The first three found fewer than three ahead of them.
  CHECK(codepoints == std::vector<Ecn>{Ecn::kEct0, Ecn::kEct0, Ecn::kEct0, Ecn::kCe, Ecn::kCe,
                                       Ecn::kCe, Ecn::kCe, Ecn::kCe, Ecn::kCe, Ecn::kCe});
  CHECK(net.stats().ce_marked == 7);
}

TEST_CASE("ECN bleaching resets every codepoint to Not-ECT before any marking",
          "[sim][impair][ecn]") {
  LinkConfig link;
  link.bleach_ecn = true;
  link.ce_mark_probability = 1.0;
  Network net(link, 100, 100, Duration::from_millis(1), Ecn::kEct0);
  net.sim.run_until(at_ms(1000));
  CHECK(net.sink->count_with_ecn(Ecn::kNotEct) == 100);
  CHECK(net.stats().ecn_bleached == 100);
  CHECK(net.stats().ce_marked == 0);
}

TEST_CASE("blackhole periods drop everything offered inside them, repeatedly",
          "[sim][impair][blackhole]") {
  LinkConfig link;
  link.delay = Duration::from_millis(3);
  link.blackholes.push_back(BlackholeSchedule{.start = at_ms(100),
                                              .duration = Duration::from_millis(50),
                                              .period = Duration::from_millis(200),
                                              .repeat = 3});
  link.blackholes.push_back(
      BlackholeSchedule{.start = at_ms(900), .duration = Duration::from_millis(20)});
  Network net(link, 100, 100, Duration::from_millis(10));  // datagram i leaves at 10 i ms
  net.sim.run_until(at_ms(2000));
  // [100, 150), [300, 350), [500, 550) but not [700, 750); then [900, 920).
  const std::vector<uint64_t> expected{10, 11, 12, 13, 14, 30, 31, 32, 33,
                                       34, 50, 51, 52, 53, 54, 90, 91};
  CHECK(net.dropped(DatagramFate::kDroppedBlackhole) == expected);
  CHECK(net.stats().dropped_blackhole == expected.size());
  CHECK(net.sink->datagrams() == 100 - expected.size());
}

}  // namespace
}  // namespace quasar::sim
