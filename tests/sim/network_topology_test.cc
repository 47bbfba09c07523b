// Topologies: multi-hop routes, a bottleneck shared by competing flows (and the RTT inflation
// its queue causes), GSO batches, and datagrams with no route or an invalid transmit.
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <vector>

#include "quic/sim/echo_node.h"
#include "quic/sim/paced_sender_node.h"
#include "quic/sim/ping_pong_node.h"
#include "quic/sim/simulator.h"
#include "quic/sim/sink_node.h"

namespace quasar::sim {
namespace {

Instant at_ms(int64_t ms) { return Instant() + Duration::from_millis(ms); }
SocketAddress host(uint8_t n, uint16_t port = 443) {
  return SocketAddress::ipv4({10, 0, 0, n}, port);
}

LinkConfig access_link() {
  LinkConfig link;
  link.rate = Bandwidth::from_mbps(100);
  link.delay = Duration::from_millis(1);
  return link;
}

LinkConfig bottleneck_link() {
  LinkConfig link;
  link.rate = Bandwidth::from_mbps(10);
  link.delay = Duration::from_millis(10);
  link.queue_limit_packets = 20;
  return link;
}

// Sends one transmit per call from a list of (size, segment size) pairs.
class BatchSenderNode final : public SimNode {
 public:
  struct Batch {
    SocketAddress to;
    size_t size;
    size_t segment_size;
  };
  explicit BatchSenderNode(std::vector<Batch> batches) : batches_(std::move(batches)) {}
  void handle_datagram(Instant, const SocketAddress&, const SocketAddress&, Ecn,
                       std::span<const uint8_t>) override {}
  std::optional<SimTransmit> poll_transmit(Instant, std::span<uint8_t> out) override {
    if (next_ == batches_.size()) return std::nullopt;
    const Batch& batch = batches_[next_++];
    for (size_t i = 0; i < std::min(batch.size, out.size()); ++i) {
      out[i] = static_cast<uint8_t>(i);
    }
    SimTransmit transmit;
    transmit.to = batch.to;
    transmit.size = batch.size;
    transmit.segment_size = batch.segment_size;
    return transmit;
  }
  Instant next_timeout() const override { return Instant::infinite_future(); }
  void handle_timeout(Instant) override {}

 private:
  std::vector<Batch> batches_;
  size_t next_ = 0;
};

TEST_CASE("a multi-hop route adds each hop's serialisation and delay", "[sim][topology]") {
  Simulator sim;
  SinkNode& server = sim.emplace_node<SinkNode>(host(2));
  PacedSenderConfig one;
  one.to = host(2);
  one.count = 1;
  one.size = 1250;  // 10000 bits: 100 us at 100 Mbit/s, 1 ms at 10 Mbit/s
  const NodeId client = sim.add_node(std::make_unique<PacedSenderNode>(one), host(1));
  const LinkId access = sim.add_link(access_link(), "access");
  const LinkId bottleneck = sim.add_link(bottleneck_link(), "bottleneck");
  CHECK(sim.link(bottleneck).name() == "bottleneck");
  sim.set_route(client, NodeId{0}, {access, bottleneck});
  std::vector<DatagramTrace> traces;
  sim.set_trace([&](const DatagramTrace& record) { traces.push_back(record); });

  sim.run_until(at_ms(100));
  REQUIRE(server.arrivals().size() == 1);
  CHECK(server.arrivals()[0].at == Instant() + Duration::from_micros(100 + 1000 + 1000 + 10000));
  REQUIRE(traces.size() == 2);
  CHECK(traces[0].link == access);
  CHECK(traces[0].at == Instant() + Duration::from_micros(1100));
  CHECK(traces[1].link == bottleneck);
  CHECK(traces[1].sent == traces[0].at);
  CHECK(traces[1].fate == DatagramFate::kDelivered);
}

TEST_CASE("competing flows share a bottleneck link", "[sim][topology][bottleneck]") {
  Simulator sim;
  SinkNode& server = sim.emplace_node<SinkNode>(host(100));
  const LinkId bottleneck = sim.add_link(bottleneck_link(), "bottleneck");
  std::vector<NodeId> clients;
  for (uint8_t i = 1; i <= 2; ++i) {
    PacedSenderConfig flow;
    flow.to = host(100);
    flow.count = 10000;
    flow.size = 1000;
    flow.interval = Duration::from_micros(1000);  // 8 Mbit/s each, 16 offered to 10
    flow.start = Instant() + Duration::from_micros(137 * i);
    const NodeId client = sim.add_node(std::make_unique<PacedSenderNode>(flow), host(i));
    // Strictly periodic flows phase-lock at a drop-tail queue, one flow always finding it full;
    // a little access jitter breaks the lock, as cross traffic does in real networks.
    LinkConfig access = access_link();
    access.jitter = Duration::from_millis(1);
    sim.set_route(client, NodeId{0}, {sim.add_link(access), bottleneck});
    clients.push_back(client);
  }
  sim.run_until(at_ms(10500));

  uint64_t bytes_from[3] = {};
  for (const SinkArrival& arrival : server.arrivals()) {
    if (arrival.at > at_ms(1000) && arrival.at <= at_ms(10000)) {
      bytes_from[arrival.from == host(1) ? 1 : 2] += arrival.size;
    }
  }
  const double total_mbps = static_cast<double>(bytes_from[1] + bytes_from[2]) * 8 / 9.0 / 1e6;
  CHECK(total_mbps == Approx(10.0).epsilon(0.01));
  // Equal offered loads through a drop-tail queue get roughly equal shares.
  const double share = static_cast<double>(bytes_from[1]) / (bytes_from[1] + bytes_from[2]);
  CHECK(share > 0.4);
  CHECK(share < 0.6);
  const LinkStats& stats = sim.link_stats(bottleneck);
  CHECK(stats.offered_datagrams == 20000);
  CHECK(stats.dropped_queue > 0);
  CHECK(stats.max_queue_packets == 20);
}

TEST_CASE("a standing bottleneck queue inflates the round trip by its queueing delay",
          "[sim][topology][bottleneck]") {
  Simulator sim;
  sim.emplace_node<EchoNode>(host(100));
  PingPongConfig ping;
  ping.to = host(100);
  ping.count = 200;
  ping.gap = Duration::from_millis(10);
  PingPongNode& pinger = sim.emplace_node<PingPongNode>(host(1), ping);
  // A bulk flow at exactly the bottleneck rate (1200 bytes per 960 us) behind an initial burst
  // of 20: a standing queue of about 20 datagrams that never drains.
  PacedSenderConfig bulk;
  bulk.to = host(100);
  bulk.count = 11000;
  bulk.size = 1200;
  bulk.interval = Duration::from_micros(960);
  sim.emplace_node<PacedSenderNode>(host(2), bulk);
  PacedSenderConfig burst = bulk;
  burst.count = 20;
  burst.interval = Duration::zero();
  sim.emplace_node<PacedSenderNode>(host(3), burst);

  LinkConfig bottleneck_config = bottleneck_link();
  bottleneck_config.queue_limit_packets = 100;
  const LinkId bottleneck = sim.add_link(bottleneck_config, "bottleneck");
  for (uint32_t sender = 1; sender <= 3; ++sender) {
    sim.set_route(NodeId{sender}, NodeId{0}, {sim.add_link(access_link()), bottleneck});
  }
  sim.set_route(NodeId{0}, NodeId{1}, {sim.add_link(access_link(), "back")});

  sim.run_until(at_ms(10000));
  REQUIRE(pinger.rtts().size() > 150);
  CHECK(pinger.lost() == 0);
  // Without a queue: 1 + 10 + 1 ms of delay plus serialisation of 64 bytes (about 60 us).
  const Duration base = Duration::from_millis(12);
  Duration total = Duration::zero();
  for (size_t i = 0; i < pinger.rtts().size(); ++i) {
    // The first ping reaches the bottleneck just ahead of the burst; all others queue.
    if (i > 0) CHECK(pinger.rtts()[i] > base + Duration::from_millis(15));
    total += pinger.rtts()[i];
  }
  const Duration mean_inflation = total / static_cast<int64_t>(pinger.rtts().size()) - base;
  const LinkStats& stats = sim.link_stats(bottleneck);
  CHECK(stats.dropped_queue == 0);
  CHECK(stats.mean_queueing_delay() > Duration::from_millis(18));
  CHECK(stats.mean_queue_packets() > 18);
  CHECK((mean_inflation - stats.mean_queueing_delay()).nanos() ==
        Approx(0).margin(Duration::from_millis(1).nanos()));
}

TEST_CASE("a GSO batch leaves as separate datagrams of the segment size", "[sim][topology]") {
  Simulator sim;
  SinkNode& server = sim.emplace_node<SinkNode>(host(2));
  const NodeId client = sim.add_node(
      std::make_unique<BatchSenderNode>(std::vector<BatchSenderNode::Batch>{
          {host(2), 2500, 1000}, {host(2), 700, 0}, {host(2), 300, 300}, {host(2), 0, 0}}),
      host(1));
  const LinkId link = sim.connect(client, NodeId{0}, LinkConfig{}).forward;
  sim.run_until(at_ms(100));
  std::vector<size_t> sizes;
  for (const SinkArrival& arrival : server.arrivals()) sizes.push_back(arrival.size);
  CHECK(sizes == std::vector<size_t>{1000, 1000, 500, 700, 300, 0});
  CHECK(sim.stats().datagrams_sent == 6);
  CHECK(sim.link_stats(link).offered_bytes == 3500);
}

TEST_CASE("datagrams without a route are counted and traced, not delivered", "[sim][topology]") {
  Simulator sim;
  SinkNode& reachable = sim.emplace_node<SinkNode>(host(2));
  SinkNode& unconnected = sim.emplace_node<SinkNode>(host(3));
  const NodeId client =
      sim.add_node(std::make_unique<BatchSenderNode>(std::vector<BatchSenderNode::Batch>{
                       {host(2), 100, 0},      // routed
                       {host(3), 100, 0},      // a host, but no route to it
                       {host(9), 100, 0},      // no host at all
                       {host(2), 70000, 0}}),  // larger than the transmit buffer
                   host(1));
  sim.connect(client, NodeId{0}, LinkConfig{});
  std::vector<DatagramTrace> no_route;
  sim.set_trace([&](const DatagramTrace& record) {
    if (record.fate == DatagramFate::kDroppedNoRoute) no_route.push_back(record);
  });
  sim.run_until(at_ms(100));
  CHECK(reachable.datagrams() == 1);
  CHECK(unconnected.datagrams() == 0);
  CHECK(sim.stats().dropped_no_route == 2);
  CHECK(sim.stats().invalid_transmits == 1);
  REQUIRE(no_route.size() == 2);
  CHECK(no_route[0].link == kNoLink);
  CHECK(no_route[0].to == host(3));
  CHECK(no_route[1].to == host(9));
  CHECK(no_route[1].from == host(1));
}

TEST_CASE("a source-specific route wins over the host's default route", "[sim][topology]") {
  Simulator sim;
  SinkNode& server = sim.emplace_node<SinkNode>(host(2));
  PacedSenderConfig flow;
  flow.to = host(2);
  flow.count = 3;
  flow.size = 100;
  const NodeId client = sim.add_node(std::make_unique<PacedSenderNode>(flow), host(1));
  LinkConfig slow;
  slow.delay = Duration::from_millis(40);
  LinkConfig quick;
  quick.delay = Duration::from_millis(5);
  const LinkId slow_link = sim.add_link(slow);
  const LinkId quick_link = sim.add_link(quick);
  sim.set_route(client, NodeId{0}, {slow_link});
  sim.set_route(host(1), NodeId{0}, {quick_link});
  sim.run_until(at_ms(100));
  REQUIRE(server.datagrams() == 3);
  CHECK(server.first_arrival() == at_ms(5));
  CHECK(sim.link_stats(slow_link).offered_datagrams == 0);
  CHECK(sim.link_stats(quick_link).offered_datagrams == 3);
}

TEST_CASE("replacing a route redirects new datagrams while those in flight finish their hops",
          "[sim][topology]") {
  Simulator sim;
  SinkNode& server = sim.emplace_node<SinkNode>(host(2));
  PacedSenderConfig flow;
  flow.to = host(2);
  flow.count = 10;
  flow.size = 100;
  flow.interval = Duration::from_millis(10);
  const NodeId client = sim.add_node(std::make_unique<PacedSenderNode>(flow), host(1));
  LinkConfig hop;
  hop.delay = Duration::from_millis(15);
  const LinkId first = sim.add_link(hop);
  const LinkId second = sim.add_link(hop);
  LinkConfig direct_config;
  direct_config.delay = Duration::from_millis(1);
  const LinkId direct = sim.add_link(direct_config);
  sim.set_route(client, NodeId{0}, {first, second});
  // At 45 ms datagrams 0-4 are out: 0 and 1 have arrived, 2 and 3 are on their second hop,
  // 4 on its first. The new single-hop route must not strand them.
  sim.schedule(at_ms(45), [&](Simulator& s) { s.set_route(client, NodeId{0}, {direct}); });
  sim.run_until(at_ms(1000));
  CHECK(server.datagrams() == 10);
  CHECK(sim.link_stats(first).offered_datagrams == 5);
  CHECK(sim.link_stats(second).delivered_datagrams == 5);
  CHECK(sim.link_stats(direct).offered_datagrams == 5);
}

}  // namespace
}  // namespace quasar::sim
