// Simulator: event dispatch, host servicing (transmits and timers), routing and NAT.
#include "quic/sim/simulator.h"

#include <algorithm>
#include <cassert>

namespace quasar::sim {
namespace {

constexpr size_t kMaxStallReports = 64;
constexpr uint64_t kLinkStreamBase = uint64_t{1} << 63;

// splitmix64's finaliser over (seed, stream): independent seeds for independent streams.
uint64_t derive_seed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

Simulator::Simulator(const SimulatorConfig& config)
    : config_(config), now_(config.start), transmit_buffer_(config.transmit_buffer_size) {
  stall_reports_.reserve(kMaxStallReports);
  queue_.reserve(1024);
}

Simulator::~Simulator() = default;

// ---- Hosts ---------------------------------------------------------------------------------

NodeId Simulator::add_node(std::unique_ptr<SimNode> node, const SocketAddress& address) {
  const NodeId id{static_cast<uint32_t>(nodes_.size())};
  NodeState state;
  state.node = std::move(node);
  nodes_.push_back(std::move(state));
  const bool added = add_address(id, address);
  assert(added && "address already taken");
  (void)added;
  wake(id);
  return id;
}

bool Simulator::add_address(NodeId node, const SocketAddress& address) {
  if (!addresses_.add_local(node, address)) return false;
  nodes_[index_of(node)].addresses.push_back(address);
  return true;
}

void Simulator::wake(NodeId node) { queue_.push(now_, EventKind::kWake, index_of(node), 0); }

// ---- NAT -----------------------------------------------------------------------------------

bool Simulator::set_public_address(const SocketAddress& local,
                                   const SocketAddress& public_address) {
  return addresses_.set_public(local, public_address);
}

SocketAddress Simulator::public_address(const SocketAddress& local) const {
  const SocketAddress* mapped = addresses_.public_of(local);
  return mapped ? *mapped : SocketAddress();
}

bool Simulator::rebind(const SocketAddress& local, const SocketAddress& new_public,
                       Duration grace) {
  return addresses_.rebind(now_, local, new_public, grace);
}

void Simulator::schedule_rebinding(Instant at, const SocketAddress& local,
                                   const SocketAddress& new_public, Duration grace) {
  schedule(at, [local, new_public, grace](Simulator& sim) {
    const bool rebound = sim.rebind(local, new_public, grace);
    assert(rebound && "rebinding an unknown local address");
    (void)rebound;
  });
}

// ---- Links and routes ----------------------------------------------------------------------

LinkId Simulator::add_link(const LinkConfig& config, std::string name) {
  const LinkId id{static_cast<uint32_t>(links_.size())};
  if (name.empty()) name = "link" + std::to_string(index_of(id));
  links_.push_back(std::make_unique<Link>(id, std::move(name), config,
                                          derive_seed(config_.seed, kLinkStreamBase + index_of(id)),
                                          now_));
  return id;
}

const LinkStats& Simulator::link_stats(LinkId id) {
  Link& l = link(id);
  l.settle(now_);
  return l.stats();
}

void Simulator::add_route(NodeId from, RouteEntry entry, std::vector<LinkId> hops) {
  assert(!hops.empty() && "a route needs at least one link");
  for (LinkId hop : hops) {
    assert(index_of(hop) < links_.size() && "unknown link");
    (void)hop;
  }
  // Routes are never edited in place: datagrams in flight keep following the hops they
  // started on, even when the route is replaced.
  entry.route = static_cast<uint32_t>(routes_.size());
  routes_.push_back(std::move(hops));
  std::vector<RouteEntry>& table = nodes_[index_of(from)].routes;
  for (RouteEntry& existing : table) {
    if (existing.to == entry.to && existing.any_source == entry.any_source &&
        existing.source == entry.source) {
      existing.route = entry.route;
      return;
    }
  }
  table.push_back(entry);
}

void Simulator::set_route(NodeId from, NodeId to, std::vector<LinkId> hops) {
  add_route(from, RouteEntry{to, true, SocketAddress(), 0}, std::move(hops));
}

void Simulator::set_route(const SocketAddress& from_local, NodeId to, std::vector<LinkId> hops) {
  const std::optional<NodeId> from = addresses_.owner(from_local);
  assert(from && "route from an unknown local address");
  add_route(*from, RouteEntry{to, false, from_local, 0}, std::move(hops));
}

Simulator::LinkPair Simulator::connect(NodeId a, NodeId b, const LinkConfig& a_to_b,
                                       const LinkConfig& b_to_a) {
  const std::string name_a = nodes_[index_of(a)].addresses.front().to_string();
  const std::string name_b = nodes_[index_of(b)].addresses.front().to_string();
  const LinkPair pair{add_link(a_to_b, name_a + "->" + name_b),
                      add_link(b_to_a, name_b + "->" + name_a)};
  set_route(a, b, {pair.forward});
  set_route(b, a, {pair.backward});
  return pair;
}

std::optional<uint32_t> Simulator::find_route(const NodeState& node, const SocketAddress& source,
                                              NodeId to) const {
  for (const RouteEntry& entry : node.routes) {
    if (entry.to == to && !entry.any_source && entry.source == source) return entry.route;
  }
  for (const RouteEntry& entry : node.routes) {
    if (entry.to == to && entry.any_source) return entry.route;
  }
  return std::nullopt;
}

void Simulator::schedule_link_change(Instant at, LinkId id,
                                     std::function<void(LinkConfig&)> change) {
  schedule(at, [id, change = std::move(change)](Simulator& sim) {
    Link& l = sim.link(id);
    LinkConfig config = l.config();
    change(config);
    l.reconfigure(sim.now(), config);
  });
}

// ---- Scheduling and observation ------------------------------------------------------------

void Simulator::schedule(Instant at, std::function<void(Simulator&)> action) {
  actions_.push_back(std::move(action));
  queue_.push(std::max(at, now_), EventKind::kScheduled, 0, actions_.size() - 1);
}

void Simulator::reserve(size_t datagrams, size_t datagram_bytes) {
  pool_.reserve(datagrams, datagram_bytes);
  // One arrival per datagram, plus a timer, a wake-up and stale timers per host.
  queue_.reserve(datagrams + 4 * nodes_.size() + 64);
}

SeededRng Simulator::make_rng(uint64_t stream) const {
  return SeededRng(derive_seed(config_.seed, stream));
}

void Simulator::record(const PooledDatagram& datagram, LinkId link, DatagramFate fate) {
  if (!trace_) return;
  DatagramTrace trace;
  trace.sent = datagram.sent;
  trace.at = now_;
  trace.link = link;
  trace.index = datagram.link_index;
  trace.fate = fate;
  trace.ecn = datagram.ecn;
  trace.corrupted = datagram.corrupted;
  trace.duplicate = datagram.duplicate;
  trace.from = datagram.from;
  trace.to = datagram.to;
  trace.payload = datagram.bytes;
  trace_(trace);
}

void Simulator::report_stall(uint32_t node_index, StallKind kind) {
  ++stats_.stalls;
  stall_pending_ = true;
  if (stall_reports_.size() < kMaxStallReports) {
    stall_reports_.push_back(StallReport{NodeId{node_index}, now_, kind});
  }
}

// ---- Running -------------------------------------------------------------------------------

std::optional<Instant> Simulator::next_event_time() {
  while (!queue_.empty()) {
    const SimEvent& top = queue_.top();
    // A timer superseded by a later re-arm is dropped unseen.
    if (top.kind == EventKind::kTimer && nodes_[top.target].timer_generation != top.payload) {
      queue_.pop();
      continue;
    }
    return top.time;
  }
  return std::nullopt;
}

bool Simulator::step() {
  if (!next_event_time()) return false;
  const SimEvent event = queue_.pop();
  assert(event.time >= now_);
  now_ = event.time;
  ++stats_.events;
  handle_event(event);
  return true;
}

void Simulator::handle_event(const SimEvent& event) {
  switch (event.kind) {
    case EventKind::kArrival:
      handle_arrival(static_cast<DatagramPool::Handle>(event.payload));
      return;
    case EventKind::kTimer:
      handle_timer(event.target);
      return;
    case EventKind::kWake:
      service(event.target);
      return;
    case EventKind::kScheduled: {
      // Moved out first: the action may schedule more and grow actions_.
      std::function<void(Simulator&)> action = std::move(actions_[event.payload]);
      actions_[event.payload] = nullptr;
      action(*this);
      return;
    }
  }
}

// ---- Hosts: timers and transmits -----------------------------------------------------------

void Simulator::handle_timer(uint32_t node_index) {
  NodeState& state = nodes_[node_index];
  state.timer_deadline = Instant::infinite_future();  // consumed
  if (state.last_timeout_at == now_) {
    ++state.timeouts_at_instant;
  } else {
    state.last_timeout_at = now_;
    state.timeouts_at_instant = 1;
    state.timer_stalled = false;
  }
  if (state.timeouts_at_instant > config_.max_timeouts_per_instant) {
    // The host keeps asking to be woken at `now` and never moves on: stop firing it here.
    state.timer_stalled = true;
    report_stall(node_index, StallKind::kTimerLoop);
    return;
  }
  ++stats_.timeouts_fired;
  state.node->handle_timeout(now_);
  service(node_index);
}

void Simulator::service(uint32_t node_index) {
  drain_transmits(node_index);
  refresh_timer(node_index);
}

void Simulator::drain_transmits(uint32_t node_index) {
  for (uint32_t polls = 0;; ++polls) {
    if (polls >= config_.max_transmits_per_poll) {
      report_stall(node_index, StallKind::kTransmitLoop);
      return;
    }
    const std::optional<SimTransmit> transmit =
        nodes_[node_index].node->poll_transmit(now_, transmit_buffer_);
    if (!transmit) return;
    send(node_index, *transmit);
  }
}

void Simulator::refresh_timer(uint32_t node_index) {
  NodeState& state = nodes_[node_index];
  Instant deadline = state.node->next_timeout();
  if (deadline <= now_ && state.timer_stalled && state.last_timeout_at == now_) {
    deadline = Instant::infinite_future();  // stalled here: wait for something else to happen
  }
  if (deadline == state.timer_deadline) return;  // already armed for that time
  state.timer_deadline = deadline;
  ++state.timer_generation;  // supersedes any armed timer event
  if (!deadline.is_infinite()) {
    queue_.push(std::max(deadline, now_), EventKind::kTimer, node_index, state.timer_generation);
  }
}

void Simulator::send(uint32_t node_index, const SimTransmit& transmit) {
  const NodeState& state = nodes_[node_index];
  if (state.addresses.empty()) {  // added with an address that was already taken
    ++stats_.invalid_transmits;
    return;
  }
  const SocketAddress& local = transmit.from.family() == SocketAddress::Family::kNone
                                   ? state.addresses.front()
                                   : transmit.from;
  const bool owns_source =
      std::find(state.addresses.begin(), state.addresses.end(), local) != state.addresses.end();
  if (!owns_source || transmit.size > transmit_buffer_.size()) {
    ++stats_.invalid_transmits;
    return;
  }
  const SocketAddress from = *addresses_.public_of(local);
  const std::span<const uint8_t> batch(transmit_buffer_.data(), transmit.size);
  const size_t segment = transmit.segment_size == 0 || transmit.segment_size >= transmit.size
                             ? transmit.size
                             : transmit.segment_size;
  if (segment == 0) {
    send_datagram(node_index, local, from, transmit, batch);  // an empty UDP datagram
    return;
  }
  for (size_t offset = 0; offset < batch.size(); offset += segment) {
    send_datagram(node_index, local, from, transmit,
                  batch.subspan(offset, std::min(segment, batch.size() - offset)));
  }
}

void Simulator::send_datagram(uint32_t node_index, const SocketAddress& local,
                              const SocketAddress& from, const SimTransmit& transmit,
                              std::span<const uint8_t> bytes) {
  ++stats_.datagrams_sent;
  const DatagramPool::Handle handle = pool_.acquire(bytes);
  PooledDatagram& datagram = pool_.get(handle);
  datagram.from = from;
  datagram.to = transmit.to;
  datagram.ecn = transmit.ecn;
  datagram.sent = now_;
  datagram.link_index = 0;

  const std::optional<NodeId> destination = addresses_.route_target(transmit.to);
  const std::optional<uint32_t> route =
      destination ? find_route(nodes_[node_index], local, *destination) : std::nullopt;
  if (!route) {
    ++stats_.dropped_no_route;
    record(datagram, kNoLink, DatagramFate::kDroppedNoRoute);
    pool_.release(handle);
    return;
  }
  datagram.route = *route;
  offer(handle);
}

// ---- Datagrams on links --------------------------------------------------------------------

void Simulator::offer(DatagramPool::Handle handle) {
  PooledDatagram& datagram = pool_.get(handle);
  const LinkId link_id = routes_[datagram.route][datagram.hop];
  datagram.sent = now_;
  const LinkVerdict verdict = link(link_id).offer(now_, datagram.size(), datagram.ecn);
  datagram.link_index = verdict.index;
  if (verdict.fate != DatagramFate::kDelivered) {
    record(datagram, link_id, verdict.fate);
    pool_.release(handle);
    return;
  }
  datagram.ecn = verdict.ecn;
  if (verdict.corrupt) {
    datagram.bytes[verdict.corrupt_bit / 8] ^=
        static_cast<uint8_t>(1u << (verdict.corrupt_bit % 8));
    datagram.corrupted = true;
  }
  if (verdict.duplicate) {
    const DatagramPool::Handle copy_handle = pool_.acquire({});
    const PooledDatagram& original = pool_.get(handle);  // acquire may have moved it
    PooledDatagram& copy = pool_.get(copy_handle);
    copy.bytes.assign(original.bytes.begin(), original.bytes.end());
    copy.from = original.from;
    copy.to = original.to;
    copy.ecn = original.ecn;
    copy.corrupted = original.corrupted;
    copy.duplicate = true;
    copy.route = original.route;
    copy.hop = original.hop;
    copy.sent = original.sent;
    copy.link_index = original.link_index;
    queue_.push(verdict.duplicate_arrival, EventKind::kArrival, 0, copy_handle);
  }
  queue_.push(verdict.arrival, EventKind::kArrival, 0, handle);
}

void Simulator::handle_arrival(DatagramPool::Handle handle) {
  PooledDatagram& datagram = pool_.get(handle);
  const std::vector<LinkId>& hops = routes_[datagram.route];
  const LinkId link_id = hops[datagram.hop];
  Link& arrived_on = link(link_id);

  if (datagram.hop + 1 < hops.size()) {  // on to the next link
    arrived_on.note_delivered(datagram.size());
    record(datagram, link_id, DatagramFate::kDelivered);
    ++datagram.hop;
    offer(handle);
    return;
  }

  const std::optional<AddressBinding> destination = addresses_.resolve(now_, datagram.to);
  if (!destination) {
    arrived_on.note_unroutable();
    record(datagram, link_id, DatagramFate::kDroppedUnroutable);
    pool_.release(handle);
    return;
  }
  arrived_on.note_delivered(datagram.size());
  record(datagram, link_id, DatagramFate::kDelivered);
  ++stats_.datagrams_received;
  const uint32_t node_index = index_of(destination->node);
  nodes_[node_index].node->handle_datagram(now_, datagram.from, destination->local, datagram.ecn,
                                           datagram.bytes);
  pool_.release(handle);
  service(node_index);
}

}  // namespace quasar::sim
