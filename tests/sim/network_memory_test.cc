// Memory: a warmed-up (or reserved) simulator moves datagrams without touching the heap, and
// the datagram pool stays bounded by what the queues and links can hold.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

#include "quic/sim/datagram_trace.h"
#include "quic/sim/echo_node.h"
#include "quic/sim/paced_sender_node.h"
#include "quic/sim/ping_pong_node.h"
#include "quic/sim/simulator.h"
#include "quic/sim/sink_node.h"

// Counting replacements of the global allocation functions (for this test executable).
namespace {
thread_local uint64_t g_allocations = 0;
void* counted_allocation(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* counted_aligned_allocation(std::size_t size, std::align_val_t align) {
  ++g_allocations;
  const std::size_t a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return counted_allocation(size); }
void* operator new[](std::size_t size) { return counted_allocation(size); }
void* operator new(std::size_t size, std::align_val_t a) {
  return counted_aligned_allocation(size, a);
}
void* operator new[](std::size_t size, std::align_val_t a) {
  return counted_aligned_allocation(size, a);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace quasar::sim {
namespace {

Instant at_ms(int64_t ms) { return Instant() + Duration::from_millis(ms); }
SocketAddress host(uint8_t n) { return SocketAddress::ipv4({10, 0, 0, n}, 443); }

// A bulk flow at twice the bottleneck rate with every impairment on, plus a ping-pong flow,
// traced into a digest.
struct BusyNetwork {
  explicit BusyNetwork(size_t queue_limit) {
    sink = &sim.emplace_node<SinkNode>(host(100), /*keep_arrivals=*/false);
    sim.emplace_node<EchoNode>(host(101));
    PacedSenderConfig bulk;
    bulk.to = host(100);
    bulk.count = 20000;  // 9.6 s
    bulk.size = 1200;
    bulk.interval = Duration::from_micros(960);
    bulk.per_tick = 2;               // 20 Mbit/s into a 10 Mbit/s bottleneck
    bulk.segments_per_transmit = 2;  // GSO pairs
    bulk.ecn = Ecn::kEct0;
    sender = &sim.emplace_node<PacedSenderNode>(host(1), bulk);
    PingPongConfig ping;
    ping.to = host(101);
    ping.count = 1000;  // about 10 s
    ping.timeout = Duration::from_millis(200);
    sim.emplace_node<PingPongNode>(host(2), ping);

    LinkConfig link;
    link.delay = Duration::from_millis(20);
    link.jitter = Duration::from_millis(1);
    link.rate = Bandwidth::from_mbps(10);
    link.queue_limit_packets = queue_limit;
    link.loss.rate = 0.01;
    link.duplicate_probability = 0.01;
    link.corrupt_probability = 0.01;
    link.reorder_probability = 0.01;
    link.reorder_delay = Duration::from_millis(2);
    link.ce_mark_probability = 0.01;
    bottleneck = sim.connect(NodeId{2}, NodeId{0}, link).forward;
    LinkConfig ping_path;
    ping_path.delay = Duration::from_millis(5);
    sim.connect(NodeId{3}, NodeId{1}, ping_path);
    sim.set_trace([this](const DatagramTrace& record) { digest.add(record); });
  }

  Simulator sim;
  SinkNode* sink = nullptr;
  PacedSenderNode* sender = nullptr;
  LinkId bottleneck;
  TraceDigest digest;
};

TEST_CASE("steady-state simulation allocates nothing once warmed up", "[sim][memory]") {
  BusyNetwork net(50);
  net.sim.run_until(at_ms(2000));  // warm-up: pool, queues and event heap reach their size
  const uint64_t delivered_before = net.sink->datagrams();
  const uint64_t traced_before = net.digest.records();

  const uint64_t allocations_before = g_allocations;
  net.sim.run_until(at_ms(7000));
  const uint64_t allocations = g_allocations - allocations_before;

  CHECK(allocations == 0);
  // 10 Mbit/s of 1200-byte datagrams for 5 s is about 5200 delivered.
  CHECK(net.sink->datagrams() - delivered_before > 5000);
  CHECK(net.digest.records() - traced_before > 10000);
}

TEST_CASE("a reserved simulator allocates nothing from the first datagram", "[sim][memory]") {
  BusyNetwork net(50);
  net.sim.reserve(256, 1500);
  const uint64_t allocations_before = g_allocations;
  net.sim.run_until(at_ms(3000));
  CHECK(g_allocations - allocations_before == 0);
  CHECK(net.sink->datagrams() > 3000);
}

TEST_CASE("the datagram pool is bounded by the queue limit and the path's capacity",
          "[sim][memory]") {
  for (size_t queue_limit : {10, 50, 200}) {
    BusyNetwork net(queue_limit);
    net.sim.run_until(at_ms(10000));
    CHECK(net.sender->sent() > 19000);
    // In flight at most: the queue, ~21 ms of 10 Mbit/s on the wire (22 datagrams), their
    // duplicates, the ping, and a GSO pair on its way to the queue.
    const size_t bound = queue_limit + 2 * 22 + 4;
    CHECK(net.sim.pool().peak_in_use() <= bound);
    CHECK(net.sim.pool().peak_in_use() > queue_limit);
    net.sim.run_until(at_ms(30000));  // the senders finish and everything lands
    CHECK(net.sender->done());
    CHECK(net.sim.pool().in_use() == 0);
  }
}

}  // namespace
}  // namespace quasar::sim
