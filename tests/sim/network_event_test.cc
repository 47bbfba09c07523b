// The simulator's clock and event loop: (time, sequence) ordering, timer ties, run control and
// stall detection.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "quic/sim/event_queue.h"
#include "quic/sim/paced_sender_node.h"
#include "quic/sim/simulator.h"
#include "quic/sim/sink_node.h"

namespace quasar::sim {
namespace {

Instant at_ms(int64_t ms) { return Instant::from_nanos(0) + Duration::from_millis(ms); }
SocketAddress address(uint8_t host, uint16_t port = 4433) {
  return SocketAddress::ipv4({10, 0, 0, host}, port);
}

// Logs "<name>@<ms>" into a shared vector each time its timer fires; arms the deadlines it is
// given, one after another.
class TimerProbeNode final : public SimNode {
 public:
  TimerProbeNode(std::string name, std::vector<Instant> deadlines, std::vector<std::string>* log)
      : name_(std::move(name)), deadlines_(std::move(deadlines)), log_(log) {}

  void handle_datagram(Instant, const SocketAddress&, const SocketAddress&, Ecn,
                       std::span<const uint8_t>) override {}
  std::optional<SimTransmit> poll_transmit(Instant, std::span<uint8_t>) override {
    return std::nullopt;
  }
  Instant next_timeout() const override {
    return next_ < deadlines_.size() ? deadlines_[next_] : Instant::infinite_future();
  }
  void handle_timeout(Instant now) override {
    log_->push_back(name_ + "@" + std::to_string((now - Instant()).millis()));
    ++next_;
  }

 private:
  std::string name_;
  std::vector<Instant> deadlines_;
  size_t next_ = 0;
  std::vector<std::string>* log_;
};

// Asks for a timeout at a fixed instant forever and never moves on.
class StuckTimerNode final : public SimNode {
 public:
  explicit StuckTimerNode(Instant deadline) : deadline_(deadline) {}
  void handle_datagram(Instant, const SocketAddress&, const SocketAddress&, Ecn,
                       std::span<const uint8_t>) override {}
  std::optional<SimTransmit> poll_transmit(Instant, std::span<uint8_t>) override {
    return std::nullopt;
  }
  Instant next_timeout() const override { return deadline_; }
  void handle_timeout(Instant) override { ++fired_; }
  uint64_t fired() const { return fired_; }

 private:
  Instant deadline_;
  uint64_t fired_ = 0;
};

// Always has one more datagram to send.
class EndlessSenderNode final : public SimNode {
 public:
  explicit EndlessSenderNode(SocketAddress to) : to_(to) {}
  void handle_datagram(Instant, const SocketAddress&, const SocketAddress&, Ecn,
                       std::span<const uint8_t>) override {}
  std::optional<SimTransmit> poll_transmit(Instant, std::span<uint8_t>) override {
    SimTransmit transmit;
    transmit.to = to_;
    transmit.size = 10;
    return transmit;
  }
  Instant next_timeout() const override { return Instant::infinite_future(); }
  void handle_timeout(Instant) override {}

 private:
  SocketAddress to_;
};

TEST_CASE("event queue orders by time, then by insertion", "[sim][events]") {
  EventQueue queue;
  queue.push(at_ms(5), EventKind::kWake, 1, 0);
  queue.push(at_ms(3), EventKind::kWake, 2, 0);
  queue.push(at_ms(5), EventKind::kWake, 3, 0);
  queue.push(at_ms(3), EventKind::kWake, 4, 0);
  queue.push(at_ms(1), EventKind::kWake, 5, 0);
  queue.push(at_ms(5), EventKind::kWake, 6, 0);
  std::vector<uint32_t> order;
  while (!queue.empty()) order.push_back(queue.pop().target);
  CHECK(order == std::vector<uint32_t>{5, 2, 4, 1, 3, 6});
  CHECK(queue.pushed() == 6);
}

TEST_CASE("timers fire at their deadlines, ties in the order they were armed", "[sim][events]") {
  Simulator sim;
  std::vector<std::string> log;
  // b is added first, but a's 5 ms timer is armed first only if a is polled first: both are
  // polled at t=0 in the order added, so b arms 5 ms before a does.
  sim.emplace_node<TimerProbeNode>(address(1), "b", std::vector<Instant>{at_ms(5), at_ms(9)}, &log);
  sim.emplace_node<TimerProbeNode>(address(2), "a",
                                   std::vector<Instant>{at_ms(2), at_ms(5), at_ms(9)}, &log);
  // c arms 5 ms only at t=2 ms (after its first timer), later than a and b armed theirs.
  sim.emplace_node<TimerProbeNode>(address(3), "c", std::vector<Instant>{at_ms(2), at_ms(5)}, &log);
  const RunResult result = sim.run_until(at_ms(100));
  CHECK(result.stop == RunStop::kIdle);
  CHECK(result.now == at_ms(100));
  // At 9 ms: b re-armed 9 ms at t=5 before a did (b fired first at 5 ms).
  CHECK(log == std::vector<std::string>{"a@2", "c@2", "b@5", "a@5", "c@5", "b@9", "a@9"});
  CHECK(sim.stats().timeouts_fired == 7);
}

TEST_CASE("a re-armed timer supersedes the old one", "[sim][events]") {
  // The probe arms 50 ms, then (after being woken at 10 ms) 20 ms: it must fire once at 20 ms
  // and not again at 50 ms.
  class RearmingNode final : public SimNode {
   public:
    void handle_datagram(Instant, const SocketAddress&, const SocketAddress&, Ecn,
                         std::span<const uint8_t>) override {}
    std::optional<SimTransmit> poll_transmit(Instant, std::span<uint8_t>) override {
      return std::nullopt;
    }
    Instant next_timeout() const override { return deadline; }
    void handle_timeout(Instant now) override {
      fired.push_back(now);
      deadline = Instant::infinite_future();
    }
    Instant deadline = at_ms(50);
    std::vector<Instant> fired;
  };
  Simulator sim;
  auto owned = std::make_unique<RearmingNode>();
  RearmingNode& node = *owned;
  const NodeId id = sim.add_node(std::move(owned), address(1));
  sim.schedule(at_ms(10), [&node, id](Simulator& s) {
    node.deadline = at_ms(20);
    s.wake(id);
  });
  sim.run_until(at_ms(100));
  CHECK(node.fired == std::vector<Instant>{at_ms(20)});
}

TEST_CASE("run_until stops when the predicate holds, at the event that made it true",
          "[sim][events]") {
  Simulator sim;
  SinkNode& sink = sim.emplace_node<SinkNode>(address(2));
  PacedSenderConfig sender;
  sender.to = address(2);
  sender.count = 20;
  sender.size = 100;
  sender.interval = Duration::from_millis(1);
  const NodeId client = sim.add_node(std::make_unique<PacedSenderNode>(sender), address(1));
  LinkConfig link;
  link.delay = Duration::from_millis(10);
  sim.connect(client, NodeId{0}, link);

  const RunResult result = sim.run_until([&] { return sink.datagrams() >= 5; }, at_ms(1000));
  CHECK(result.stop == RunStop::kPredicate);
  // Datagram 4 left at 4 ms and arrived 10 ms later.
  CHECK(result.now == at_ms(14));
  CHECK(sink.datagrams() == 5);

  const RunResult deadline = sim.run_until(at_ms(20));
  CHECK(deadline.stop == RunStop::kDeadline);
  CHECK(sim.now() == at_ms(20));
  CHECK(sink.datagrams() == 11);  // sent at 0..10 ms

  CHECK(sim.run_for(Duration::from_seconds(1)).stop == RunStop::kIdle);
  CHECK(sim.now() == at_ms(1020));
  CHECK(sink.datagrams() == 20);
  CHECK_FALSE(sim.step());
}

TEST_CASE("a node asking for a timeout at `now` forever is reported as stalled",
          "[sim][events][stall]") {
  SimulatorConfig config;
  config.max_timeouts_per_instant = 50;
  Simulator sim(config);
  StuckTimerNode& stuck = sim.emplace_node<StuckTimerNode>(address(1), at_ms(7));

  const RunResult result = sim.run_for(Duration::from_seconds(10));
  CHECK(result.stop == RunStop::kStall);
  CHECK(result.now == at_ms(7));
  CHECK(stuck.fired() == 50);
  CHECK(sim.stats().stalls == 1);
  REQUIRE(sim.stall_reports().size() == 1);
  CHECK(sim.stall_reports()[0].node == NodeId{0});
  CHECK(sim.stall_reports()[0].at == at_ms(7));
  CHECK(sim.stall_reports()[0].kind == StallKind::kTimerLoop);

  // The stalled timer is not re-armed at that instant: the run goes on and ends.
  const RunResult after = sim.run_for(Duration::from_seconds(10));
  CHECK(after.stop == RunStop::kIdle);
  CHECK(stuck.fired() == 50);
  CHECK(sim.stats().stalls == 1);
}

TEST_CASE("a stall does not hold up the rest of the network when runs continue",
          "[sim][events][stall]") {
  SimulatorConfig config;
  config.max_timeouts_per_instant = 20;
  config.stop_on_stall = false;
  Simulator sim(config);
  sim.emplace_node<StuckTimerNode>(address(9), at_ms(3));
  SinkNode& sink = sim.emplace_node<SinkNode>(address(2));
  PacedSenderConfig sender;
  sender.to = address(2);
  sender.count = 10;
  sender.size = 100;
  sender.interval = Duration::from_millis(1);
  const NodeId client = sim.add_node(std::make_unique<PacedSenderNode>(sender), address(1));
  sim.connect(client, NodeId{1}, LinkConfig{});

  const RunResult result = sim.run_for(Duration::from_seconds(1));
  CHECK(result.stop == RunStop::kIdle);
  CHECK(sim.stats().stalls == 1);
  CHECK(sink.datagrams() == 10);
}

TEST_CASE("a node that never stops transmitting is reported as stalled", "[sim][events][stall]") {
  SimulatorConfig config;
  config.max_transmits_per_poll = 500;
  Simulator sim(config);
  SinkNode& sink = sim.emplace_node<SinkNode>(address(2));
  const NodeId sender = sim.add_node(std::make_unique<EndlessSenderNode>(address(2)), address(1));
  sim.connect(sender, NodeId{0}, LinkConfig{});

  const RunResult result = sim.run_for(Duration::from_seconds(1));
  CHECK(result.stop == RunStop::kStall);
  REQUIRE(sim.stall_reports().size() == 1);
  CHECK(sim.stall_reports()[0].kind == StallKind::kTransmitLoop);
  CHECK(sim.stall_reports()[0].node == sender);
  CHECK(sim.stats().datagrams_sent == 500);
  sim.run_for(Duration::from_seconds(1));
  CHECK(sink.datagrams() == 500);
}

TEST_CASE("scheduled actions run at their time in order with other events", "[sim][events]") {
  Simulator sim;
  std::vector<std::pair<int, Instant>> ran;
  sim.schedule(at_ms(30), [&](Simulator& s) { ran.emplace_back(1, s.now()); });
  sim.schedule(at_ms(10), [&](Simulator& s) {
    ran.emplace_back(2, s.now());
    // Scheduled from inside an action, for the same instant: runs after the others due then.
    s.schedule(s.now(), [&](Simulator& inner) { ran.emplace_back(4, inner.now()); });
  });
  sim.schedule(at_ms(10), [&](Simulator& s) { ran.emplace_back(3, s.now()); });
  sim.run_until(at_ms(50));
  CHECK(ran == std::vector<std::pair<int, Instant>>{
                   {2, at_ms(10)}, {3, at_ms(10)}, {4, at_ms(10)}, {1, at_ms(30)}});
}

}  // namespace
}  // namespace quasar::sim
