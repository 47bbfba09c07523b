// Determinism: the same seed gives byte-identical traces, different seeds differ, and one
// link's random impairments do not shift when traffic elsewhere changes.
#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <vector>

#include "quic/sim/datagram_trace.h"
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

struct RunSummary {
  uint64_t digest = 0;  // every trace record
  uint64_t records = 0;
  uint64_t flow_digest = 0;  // records of the bulk flow's links only
  uint64_t delivered = 0;
};

// Two flows over every impairment at once: a bulk flow through an access link and a lossy,
// marking bottleneck, and a ping-pong flow behind a NAT that rebinds. With `extra_flow`, an
// unrelated flow runs on links of its own (added last, so the other link ids do not move).
RunSummary run_scenario(uint64_t seed, bool extra_flow = false) {
  Simulator sim(SimulatorConfig{.seed = seed});
  SinkNode& sink = sim.emplace_node<SinkNode>(host(100), /*keep_arrivals=*/false);
  sim.emplace_node<EchoNode>(host(101));
  PacedSenderConfig bulk;
  bulk.to = host(100);
  bulk.count = 4000;
  bulk.size = 1000;
  bulk.interval = Duration::from_micros(700);
  bulk.ecn = Ecn::kEct0;
  sim.emplace_node<PacedSenderNode>(host(1), bulk);
  PingPongConfig ping;
  ping.to = host(101);
  ping.count = 1000;
  ping.timeout = Duration::from_millis(100);
  sim.emplace_node<PingPongNode>(host(2), ping);

  LinkConfig access;
  access.delay = Duration::from_millis(2);
  access.jitter = Duration::from_millis(1);
  access.duplicate_probability = 0.02;
  access.corrupt_probability = 0.02;
  access.reorder_probability = 0.05;
  access.reorder_delay = Duration::from_millis(3);
  LinkConfig bottleneck;
  bottleneck.delay = Duration::from_millis(15);
  bottleneck.rate = Bandwidth::from_mbps(10);
  bottleneck.queue_limit_packets = 30;
  bottleneck.loss.bursty = true;
  bottleneck.loss.gilbert_elliott = {.good_to_bad = 0.01, .bad_to_good = 0.3};
  bottleneck.ce_mark_probability = 0.05;
  const LinkId access_link = sim.add_link(access, "access");
  const LinkId bottleneck_link = sim.add_link(bottleneck, "bottleneck");
  sim.set_route(NodeId{2}, NodeId{0}, {access_link, bottleneck_link});
  LinkConfig lossy;
  lossy.delay = Duration::from_millis(8);
  lossy.jitter = Duration::from_millis(4);
  lossy.loss.rate = 0.05;
  sim.connect(NodeId{3}, NodeId{1}, lossy);
  sim.set_public_address(host(2), SocketAddress::ipv4({203, 0, 113, 9}, 1000));
  sim.schedule_rebinding(at_ms(1000), host(2), SocketAddress::ipv4({203, 0, 113, 9}, 1001),
                         Duration::from_millis(20));
  sim.schedule_link_change(at_ms(1500), bottleneck_link,
                           [](LinkConfig& config) { config.rate = Bandwidth::from_mbps(6); });
  if (extra_flow) {
    sim.emplace_node<SinkNode>(host(102));
    PacedSenderConfig other = bulk;
    other.to = host(102);
    other.interval = Duration::from_micros(300);
    sim.emplace_node<PacedSenderNode>(host(3), other);
    LinkConfig noisy = lossy;
    noisy.duplicate_probability = 0.1;
    sim.connect(NodeId{5}, NodeId{4}, noisy);
  }

  RunSummary summary;
  TraceDigest all;
  TraceDigest flow;
  sim.set_trace([&](const DatagramTrace& record) {
    all.add(record);
    if (record.link == access_link || record.link == bottleneck_link) flow.add(record);
  });
  sim.run_until(at_ms(4000));
  summary.digest = all.value();
  summary.records = all.records();
  summary.flow_digest = flow.value();
  summary.delivered = sink.datagrams();
  return summary;
}

TEST_CASE("two runs with the same seed produce identical traces", "[sim][determinism]") {
  const RunSummary first = run_scenario(42);
  const RunSummary second = run_scenario(42);
  CHECK(first.records > 5000);
  CHECK(first.delivered > 1000);
  CHECK(first.records == second.records);
  CHECK(first.delivered == second.delivered);
  CHECK(first.digest == second.digest);
}

TEST_CASE("different seeds produce different traces", "[sim][determinism]") {
  std::set<uint64_t> digests;
  for (uint64_t seed : {1, 2, 3, 4}) digests.insert(run_scenario(seed).digest);
  CHECK(digests.size() == 4);
}

TEST_CASE("a link's random impairments do not depend on traffic on other links",
          "[sim][determinism]") {
  const RunSummary alone = run_scenario(7);
  const RunSummary with_other_traffic = run_scenario(7, /*extra_flow=*/true);
  CHECK(alone.digest != with_other_traffic.digest);
  CHECK(alone.flow_digest == with_other_traffic.flow_digest);
}

TEST_CASE("the trace digest covers every field of a record", "[sim][determinism]") {
  const uint8_t payload[] = {1, 2, 3, 4};
  DatagramTrace base;
  base.sent = at_ms(1);
  base.at = at_ms(2);
  base.link = LinkId{3};
  base.index = 9;
  base.from = host(1);
  base.to = host(2);
  base.payload = payload;
  const auto digest_of = [](const DatagramTrace& record) {
    TraceDigest digest;
    digest.add(record);
    return digest.value();
  };
  const uint64_t reference = digest_of(base);
  CHECK(digest_of(base) == reference);

  std::vector<DatagramTrace> variants(11, base);
  variants[0].sent = at_ms(0);
  variants[1].at = at_ms(3);
  variants[2].link = LinkId{4};
  variants[3].index = 10;
  variants[4].fate = DatagramFate::kDroppedLoss;
  variants[5].ecn = Ecn::kCe;
  variants[6].corrupted = true;
  variants[7].duplicate = true;
  variants[8].from = host(1, 444);
  variants[9].to = host(3);
  const uint8_t changed[] = {1, 2, 3, 5};
  variants[10].payload = changed;
  std::set<uint64_t> digests{reference};
  for (const DatagramTrace& variant : variants) digests.insert(digest_of(variant));
  CHECK(digests.size() == variants.size() + 1);
}

}  // namespace
}  // namespace quasar::sim
