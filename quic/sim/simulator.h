// Simulator: the deterministic discrete-event network. It owns the virtual clock, the hosts
// (SimNode), their addresses and NAT mappings, the links and the routes between hosts, and
// drives every host through the sans-I/O calls in (time, sequence) order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "quic/base/rng.h"
#include "quic/base/socket_address.h"
#include "quic/base/time.h"
#include "quic/sim/address_table.h"
#include "quic/sim/datagram_pool.h"
#include "quic/sim/datagram_trace.h"
#include "quic/sim/event_queue.h"
#include "quic/sim/link.h"
#include "quic/sim/link_config.h"
#include "quic/sim/sim_ids.h"
#include "quic/sim/sim_node.h"

namespace quasar::sim {

struct SimulatorConfig {
  // Everything random (every link's impairments, make_rng streams) derives from this.
  uint64_t seed = 1;
  Instant start = Instant::from_nanos(0);
  // The buffer poll_transmit writes into: the largest datagram or GSO batch a host may send.
  size_t transmit_buffer_size = 65536;
  // A host whose timer fires more often than this at one instant is stalled (it keeps asking
  // for a timeout at `now` without making progress).
  uint32_t max_timeouts_per_instant = 1000;
  // A host returning more transmits than this from one round of polling is stalled.
  uint32_t max_transmits_per_poll = 1000000;
  // Whether run_until() returns when a stall is detected (it is counted either way).
  bool stop_on_stall = true;
};

enum class StallKind : uint8_t { kTimerLoop, kTransmitLoop };

struct StallReport {
  NodeId node;
  Instant at;
  StallKind kind;
};

struct SimulatorStats {
  uint64_t events = 0;  // events processed (superseded timers are not counted)
  uint64_t timeouts_fired = 0;
  uint64_t datagrams_sent = 0;      // handed by hosts to the network (GSO segments counted)
  uint64_t datagrams_received = 0;  // handed by the network to hosts
  uint64_t dropped_no_route = 0;
  uint64_t invalid_transmits = 0;  // too large, or from an address the host does not hold
  uint64_t stalls = 0;
};

enum class RunStop : uint8_t {
  kPredicate,  // the predicate became true
  kDeadline,   // the next event lies after the deadline; the clock is at the deadline
  kIdle,       // no event is left; the clock moved to the deadline if it is finite
  kStall,      // a host stalled (only with stop_on_stall)
};

struct RunResult {
  RunStop stop;
  Instant now;
};

class Simulator {
 public:
  struct LinkPair {
    LinkId forward;   // a -> b
    LinkId backward;  // b -> a
  };

  explicit Simulator(const SimulatorConfig& config = {});
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  Instant now() const { return now_; }
  const SimulatorConfig& config() const { return config_; }

  // ---- Hosts -------------------------------------------------------------------------------
  // Adds a host with its first local address and polls it at the current time.
  NodeId add_node(std::unique_ptr<SimNode> node, const SocketAddress& address);
  template <typename T, typename... Args>
  T& emplace_node(const SocketAddress& address, Args&&... args) {
    auto node = std::make_unique<T>(std::forward<Args>(args)...);
    T& ref = *node;
    add_node(std::move(node), address);
    return ref;
  }
  // Another local address for a host (multihoming, active migration). False if taken.
  bool add_address(NodeId node, const SocketAddress& address);
  SimNode& node(NodeId id) { return *nodes_[index_of(id)].node; }
  size_t node_count() const { return nodes_.size(); }
  std::span<const SocketAddress> addresses(NodeId id) const {
    return nodes_[index_of(id)].addresses;
  }
  // The host holding a local address.
  std::optional<NodeId> node_at(const SocketAddress& local) const {
    return addresses_.owner(local);
  }
  // Polls a host for transmits and re-reads its timer at the current time: call it after
  // changing a host from outside (e.g. the application wrote to a stream).
  void wake(NodeId node);

  // ---- NAT ---------------------------------------------------------------------------------
  // Puts a NAT in front of a local address: peers see `public_address` instead.
  bool set_public_address(const SocketAddress& local, const SocketAddress& public_address);
  // The address datagrams from `local` carry on the wire now.
  SocketAddress public_address(const SocketAddress& local) const;
  // Rebinding now: `local` appears as `new_public`; datagrams to the old public address keep
  // arriving for `grace`, then are dropped as unroutable.
  bool rebind(const SocketAddress& local, const SocketAddress& new_public, Duration grace);
  void schedule_rebinding(Instant at, const SocketAddress& local, const SocketAddress& new_public,
                          Duration grace);

  // ---- Links and routes --------------------------------------------------------------------
  LinkId add_link(const LinkConfig& config, std::string name = {});
  Link& link(LinkId id) { return *links_[index_of(id)]; }
  size_t link_count() const { return links_.size(); }
  // The link's statistics, with its queue brought up to the current time.
  const LinkStats& link_stats(LinkId id);
  // Datagrams from `from` to any address of `to` cross `hops` in order. A shared bottleneck
  // is one link appearing in the routes of several flows.
  void set_route(NodeId from, NodeId to, std::vector<LinkId> hops);
  // The same for datagrams sent from one particular local address (takes precedence).
  void set_route(const SocketAddress& from_local, NodeId to, std::vector<LinkId> hops);
  // Two links, one per direction, each the only hop between the two hosts.
  LinkPair connect(NodeId a, NodeId b, const LinkConfig& a_to_b, const LinkConfig& b_to_a);
  LinkPair connect(NodeId a, NodeId b, const LinkConfig& both) { return connect(a, b, both, both); }
  // At `at`, `change` edits the link's configuration (e.g. halves its rate).
  void schedule_link_change(Instant at, LinkId link, std::function<void(LinkConfig&)> change);

  // ---- Scheduling and observation ----------------------------------------------------------
  // Runs `action` at virtual time `at` (not before now), in order with other events.
  void schedule(Instant at, std::function<void(Simulator&)> action);
  // Called once per datagram copy and link when its fate is known.
  void set_trace(std::function<void(const DatagramTrace&)> trace) { trace_ = std::move(trace); }
  const SimulatorStats& stats() const { return stats_; }
  // The first stalls detected (at most 64 are kept; stats().stalls counts all).
  std::span<const StallReport> stall_reports() const { return stall_reports_; }
  const DatagramPool& pool() const { return pool_; }
  // Pre-sizes the datagram pool and the event queue for `datagrams` in flight of up to
  // `datagram_bytes` each, so a run allocates nothing even before it has warmed up.
  void reserve(size_t datagrams, size_t datagram_bytes);
  size_t pending_events() const { return queue_.size(); }
  // An independent random stream derived from the seed, e.g. for a host's endpoint.
  // Streams below 2^63 are free for callers; links use the rest.
  SeededRng make_rng(uint64_t stream) const;

  // ---- Running -----------------------------------------------------------------------------
  // Processes the next event; false if there is none.
  bool step();
  // When the next event happens, if any.
  std::optional<Instant> next_event_time();
  // Runs events until `done()` holds (checked before each event), a stall, or no event is
  // left at or before `deadline`.
  template <typename Done>
  RunResult run_until(Done&& done, Instant deadline) {
    for (;;) {
      if (done()) return {RunStop::kPredicate, now_};
      if (stall_pending_ && config_.stop_on_stall) {
        stall_pending_ = false;
        return {RunStop::kStall, now_};
      }
      const std::optional<Instant> next = next_event_time();
      if (!next) {
        if (!deadline.is_infinite() && deadline > now_) now_ = deadline;
        return {RunStop::kIdle, now_};
      }
      if (*next > deadline) {
        if (deadline > now_) now_ = deadline;
        return {RunStop::kDeadline, now_};
      }
      step();
    }
  }
  RunResult run_until(Instant deadline) {
    return run_until([] { return false; }, deadline);
  }
  RunResult run_for(Duration duration) { return run_until(now_ + duration); }

 private:
  struct RouteEntry {
    NodeId to;
    bool any_source = true;
    SocketAddress source;  // when !any_source
    uint32_t route = 0;    // index into routes_
  };
  struct NodeState {
    std::unique_ptr<SimNode> node;
    std::vector<SocketAddress> addresses;  // the first is the default source
    std::vector<RouteEntry> routes;
    Instant timer_deadline = Instant::infinite_future();  // armed, not yet fired
    uint64_t timer_generation = 0;
    Instant last_timeout_at = Instant::infinite_future();
    uint32_t timeouts_at_instant = 0;
    bool timer_stalled = false;  // stalled at last_timeout_at: not re-armed at that instant
  };

  void add_route(NodeId from, RouteEntry entry, std::vector<LinkId> hops);
  std::optional<uint32_t> find_route(const NodeState& node, const SocketAddress& source,
                                     NodeId to) const;

  void handle_event(const SimEvent& event);
  void handle_arrival(DatagramPool::Handle handle);
  void handle_timer(uint32_t node_index);
  // Polls a host for transmits, then re-arms its timer.
  void service(uint32_t node_index);
  void drain_transmits(uint32_t node_index);
  void refresh_timer(uint32_t node_index);
  void send(uint32_t node_index, const SimTransmit& transmit);
  void send_datagram(uint32_t node_index, const SocketAddress& local, const SocketAddress& from,
                     const SimTransmit& transmit, std::span<const uint8_t> bytes);
  // Offers the datagram to the link of its current hop.
  void offer(DatagramPool::Handle handle);
  void record(const PooledDatagram& datagram, LinkId link, DatagramFate fate);
  void report_stall(uint32_t node_index, StallKind kind);

  SimulatorConfig config_;
  Instant now_;
  EventQueue queue_;
  std::vector<NodeState> nodes_;
  std::vector<std::unique_ptr<Link>> links_;
  std::vector<std::vector<LinkId>> routes_;
  AddressTable addresses_;
  DatagramPool pool_;
  std::vector<std::function<void(Simulator&)>> actions_;
  std::function<void(const DatagramTrace&)> trace_;
  std::vector<uint8_t> transmit_buffer_;
  SimulatorStats stats_;
  std::vector<StallReport> stall_reports_;
  bool stall_pending_ = false;
};

}  // namespace quasar::sim
