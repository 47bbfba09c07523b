// NAT rebinding (the source a peer sees changes at a scheduled time; the old mapping keeps
// working for a grace period) and hosts with several local addresses.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "quic/sim/echo_node.h"
#include "quic/sim/paced_sender_node.h"
#include "quic/sim/ping_pong_node.h"
#include "quic/sim/scripted_node.h"
#include "quic/sim/simulator.h"
#include "quic/sim/sink_node.h"

namespace quasar::sim {
namespace {

Instant at_ms(int64_t ms) { return Instant() + Duration::from_millis(ms); }
const SocketAddress kClientLocal = SocketAddress::ipv4({10, 0, 0, 1}, 5000);
const SocketAddress kClientPublic = SocketAddress::ipv4({203, 0, 113, 1}, 40000);
const SocketAddress kClientRebound = SocketAddress::ipv4({203, 0, 113, 1}, 40001);
const SocketAddress kClientNewIp = SocketAddress::ipv4({198, 51, 100, 7}, 61000);
const SocketAddress kServer = SocketAddress::ipv4({192, 0, 2, 1}, 443);

LinkConfig delay_ms(int64_t ms) {
  LinkConfig link;
  link.delay = Duration::from_millis(ms);
  return link;
}

PacedSenderConfig every_10ms(SocketAddress to, uint64_t count) {
  PacedSenderConfig sender;
  sender.to = to;
  sender.count = count;
  sender.size = 100;
  sender.interval = Duration::from_millis(10);
  return sender;
}

TEST_CASE("NAT rebinding changes the source the peer sees at the scheduled time", "[sim][nat]") {
  Simulator sim;
  SinkNode& server = sim.emplace_node<SinkNode>(kServer);
  sim.emplace_node<PacedSenderNode>(kClientLocal, every_10ms(kServer, 200));
  sim.connect(NodeId{1}, NodeId{0}, delay_ms(20));
  REQUIRE(sim.set_public_address(kClientLocal, kClientPublic));
  CHECK(sim.public_address(kClientLocal) == kClientPublic);
  sim.schedule_rebinding(at_ms(1000), kClientLocal, kClientRebound, Duration::from_millis(500));

  sim.run_until(at_ms(3000));
  REQUIRE(server.arrivals().size() == 200);
  for (const SinkArrival& arrival : server.arrivals()) {
    // Datagram i leaves at 10 i ms; the rebinding (scheduled first) precedes the send at 1 s.
    CHECK(arrival.from == (*arrival.sequence < 100 ? kClientPublic : kClientRebound));
    CHECK(arrival.to == kServer);
  }
  CHECK(sim.public_address(kClientLocal) == kClientRebound);
}

TEST_CASE("datagrams to the old mapping arrive during the grace period and then stop",
          "[sim][nat]") {
  Simulator sim;
  SinkNode& client = sim.emplace_node<SinkNode>(kClientLocal);
  // One server flow keeps using the old public address, another uses the new one from 1 s.
  const NodeId old_sender =
      sim.add_node(std::make_unique<PacedSenderNode>(every_10ms(kClientPublic, 300)), kServer);
  PacedSenderConfig late = every_10ms(kClientRebound, 100);
  late.start = at_ms(1000);
  const SocketAddress server2 = SocketAddress::ipv4({192, 0, 2, 2}, 443);
  const NodeId new_sender = sim.add_node(std::make_unique<PacedSenderNode>(late), server2);
  const LinkId down = sim.connect(NodeId{0}, old_sender, delay_ms(20)).backward;
  sim.connect(NodeId{0}, new_sender, delay_ms(20));
  REQUIRE(sim.set_public_address(kClientLocal, kClientPublic));
  sim.schedule_rebinding(at_ms(1000), kClientLocal, kClientRebound, Duration::from_millis(500));

  sim.run_until(at_ms(5000));
  uint64_t from_old_flow = 0;
  uint64_t last_old_sequence = 0;
  uint64_t from_new_flow = 0;
  for (const SinkArrival& arrival : client.arrivals()) {
    CHECK(arrival.to == kClientLocal);  // the host sees its own address, never the NAT's
    if (arrival.from == kServer) {
      ++from_old_flow;
      last_old_sequence = *arrival.sequence;
      CHECK(arrival.at < at_ms(1500));
    } else {
      CHECK(arrival.from == server2);
      ++from_new_flow;
    }
  }
  // Datagram i arrives at 10 i + 20 ms: those arriving before 1.5 s are 0..147.
  CHECK(from_old_flow == 148);
  CHECK(last_old_sequence == 147);
  // The rest still cross the network and are dropped at the NAT.
  CHECK(sim.link_stats(down).dropped_unroutable == 152);
  CHECK(sim.stats().dropped_no_route == 0);
  CHECK(from_new_flow == 100);
}

TEST_CASE("replies in flight across a rebinding survive only with a grace period", "[sim][nat]") {
  const auto lost_pings = [](Duration grace) {
    Simulator sim;
    EchoNode& server = sim.emplace_node<EchoNode>(kServer);
    PingPongConfig ping;
    ping.to = kServer;
    ping.count = 100;
    ping.timeout = Duration::from_millis(200);
    PingPongNode& client = sim.emplace_node<PingPongNode>(kClientLocal, ping);
    sim.connect(NodeId{1}, NodeId{0}, delay_ms(10));
    REQUIRE(sim.set_public_address(kClientLocal, kClientPublic));
    // Pings leave every 20 ms (0, 20, ..., 980): the reply to the one sent at 980 ms is on its
    // way back to the old address when the IP and port change at 995 ms.
    sim.schedule_rebinding(at_ms(995), kClientLocal, kClientNewIp, grace);
    sim.run_until(at_ms(10000));
    CHECK(client.done());
    CHECK(server.sources() == std::vector<SocketAddress>{kClientPublic, kClientNewIp});
    CHECK(client.reply_sources() == std::vector<SocketAddress>{kServer});
    return client.lost();
  };
  CHECK(lost_pings(Duration::from_millis(100)) == 0);
  CHECK(lost_pings(Duration::zero()) == 1);
}

TEST_CASE("a NATed host cannot be reached at its private address", "[sim][nat]") {
  Simulator sim;
  SinkNode& client = sim.emplace_node<SinkNode>(kClientLocal);
  sim.emplace_node<PacedSenderNode>(kServer, every_10ms(kClientLocal, 5));
  sim.connect(NodeId{0}, NodeId{1}, LinkConfig{});
  REQUIRE(sim.set_public_address(kClientLocal, kClientPublic));
  CHECK_FALSE(sim.set_public_address(SocketAddress::ipv4({10, 9, 9, 9}, 1), kClientPublic));
  sim.run_until(at_ms(1000));
  CHECK(client.datagrams() == 0);
  CHECK(sim.stats().dropped_no_route == 5);
}

TEST_CASE("a host with several addresses sends from the one each transmit names",
          "[sim][nat][multihome]") {
  const SocketAddress wifi = SocketAddress::ipv4({10, 0, 0, 1}, 5000);
  const SocketAddress cellular = SocketAddress::ipv4({100, 64, 0, 9}, 7000);
  Simulator sim;
  SinkNode& server = sim.emplace_node<SinkNode>(kServer);
  std::vector<ScriptedDatagram> script;
  for (int i = 0; i < 6; ++i) {
    script.push_back({.at = at_ms(100 * i),
                      .to = kServer,
                      .size = 50,
                      .from = i % 3 == 0   ? wifi
                              : i % 3 == 1 ? cellular
                                           : SocketAddress()});
  }
  script.push_back({.at = at_ms(700),
                    .to = kServer,
                    .size = 50,
                    .from = SocketAddress::ipv4({10, 0, 0, 99}, 1)});  // not the host's
  const NodeId phone = sim.add_node(std::make_unique<ScriptedNode>(std::move(script)), wifi);
  REQUIRE(sim.add_address(phone, cellular));
  CHECK_FALSE(sim.add_address(phone, kServer));  // taken
  CHECK(sim.addresses(phone).size() == 2);
  CHECK(sim.node_at(cellular) == phone);

  // Cellular has its own, slower path; everything else takes the host's default route.
  const LinkId fast = sim.add_link(delay_ms(10), "wifi");
  const LinkId slow = sim.add_link(delay_ms(50), "cellular");
  sim.set_route(phone, NodeId{0}, {fast});
  sim.set_route(cellular, NodeId{0}, {slow});

  sim.run_until(at_ms(2000));
  REQUIRE(server.arrivals().size() == 6);
  for (const SinkArrival& arrival : server.arrivals()) {
    const int64_t sent_ms = 100 * static_cast<int64_t>(*arrival.sequence);
    const bool via_cellular = *arrival.sequence % 3 == 1;
    CHECK(arrival.from == (via_cellular ? cellular : wifi));
    CHECK(arrival.at == at_ms(sent_ms + (via_cellular ? 50 : 10)));
  }
  CHECK(sim.link_stats(fast).delivered_datagrams == 4);
  CHECK(sim.link_stats(slow).delivered_datagrams == 2);
  CHECK(sim.stats().invalid_transmits == 1);
}

}  // namespace
}  // namespace quasar::sim
