// Link: the per-datagram pipeline. Order of checks: explicit drop list, blackhole, MTU, random
// loss, queue; then ECN, corruption, propagation delay, jitter, reordering and duplication.
#include "quic/sim/link.h"

#include <algorithm>
#include <utility>

namespace quasar::sim {
namespace {

// Queue slots reserved up front for a finite queue limit; beyond this the queue grows on use.
constexpr size_t kMaxReservedQueueSlots = 1 << 16;

bool is_ect(Ecn ecn) { return ecn == Ecn::kEct0 || ecn == Ecn::kEct1; }

}  // namespace

Link::Link(LinkId id, std::string name, const LinkConfig& config, uint64_t seed, Instant now)
    : id_(id),
      name_(std::move(name)),
      config_(config),
      rng_(seed),
      loss_(config.loss),
      busy_until_(now) {
  stats_.since = now;
  stats_.until = now;
  reserve_queue();
}

void Link::reconfigure(Instant now, const LinkConfig& config) {
  settle(now);
  config_ = config;
  loss_.reconfigure(config.loss);
  reserve_queue();
}

void Link::reserve_queue() {
  // A bounded queue never grows in steady state; an unbounded one grows to its high water.
  queue_.reserve(std::min(config_.queue_limit_packets, kMaxReservedQueueSlots));
}

bool Link::is_listed_for_drop(uint64_t index) const {
  for (const IndexRange& range : config_.drop_indices) {
    if (index >= range.first && index <= range.last) return true;
  }
  return false;
}

bool Link::in_blackhole(Instant now) const {
  for (const BlackholeSchedule& hole : config_.blackholes) {
    if (now < hole.start) continue;
    const Duration elapsed = now - hole.start;
    if (hole.period <= Duration::zero()) {
      if (elapsed < hole.duration) return true;
      continue;
    }
    const uint64_t round = static_cast<uint64_t>(elapsed.nanos() / hole.period.nanos());
    if (round >= hole.repeat) continue;
    if (elapsed - hole.period * static_cast<int64_t>(round) < hole.duration) return true;
  }
  return false;
}

Duration Link::serialisation_time(size_t wire_bytes) {
  // Exact integer arithmetic: ns = (bits * 1e9 + carry) / rate, remainder carried forward.
  const unsigned __int128 numerator =
      static_cast<unsigned __int128>(wire_bytes) * 8u * 1000000000u + serialisation_carry_;
  const uint64_t rate = config_.rate.bits_per_second();
  serialisation_carry_ = static_cast<uint64_t>(numerator % rate);
  return Duration::from_nanos(static_cast<int64_t>(numerator / rate));
}

Duration Link::random_delay(Duration max) {
  if (max <= Duration::zero()) return Duration::zero();
  return Duration::from_nanos(
      static_cast<int64_t>(rng_.uniform(static_cast<uint64_t>(max.nanos()) + 1)));
}

void Link::advance_area(Instant to) {
  const double span = static_cast<double>((to - stats_.until).nanos());
  if (span > 0) {
    stats_.queue_packet_nanos += static_cast<double>(queue_.size()) * span;
    stats_.queue_byte_nanos += static_cast<double>(queued_bytes_) * span;
  }
  if (to > stats_.until) stats_.until = to;
}

void Link::settle(Instant now) {
  while (!queue_.empty() && queue_.front().departure <= now) {
    advance_area(queue_.front().departure);
    queued_bytes_ -= queue_.front().wire_bytes;
    queue_.pop_front();
  }
  advance_area(now);
}

LinkVerdict Link::offer(Instant now, size_t size, Ecn ecn) {
  settle(now);
  LinkVerdict verdict;
  verdict.index = stats_.offered_datagrams;
  ++stats_.offered_datagrams;
  stats_.offered_bytes += size;

  auto drop = [&](DatagramFate fate, uint64_t& counter) {
    ++counter;
    verdict.fate = fate;
    verdict.ecn = ecn;
    return verdict;
  };
  if (is_listed_for_drop(verdict.index)) {
    return drop(DatagramFate::kDroppedPattern, stats_.dropped_pattern);
  }
  if (in_blackhole(now)) return drop(DatagramFate::kDroppedBlackhole, stats_.dropped_blackhole);
  if (size > config_.mtu) return drop(DatagramFate::kDroppedMtu, stats_.dropped_mtu);
  if (loss_.next_is_lost(rng_)) return drop(DatagramFate::kDroppedLoss, stats_.dropped_loss);

  // Drop-tail queue in front of a serialiser running at `rate`.
  const size_t queue_before = queue_.size();
  Instant departure = now;
  if (!config_.rate.is_infinite()) {
    const size_t wire_bytes = size + config_.per_datagram_overhead;
    if (config_.rate.is_zero() || queue_.size() + 1 > config_.queue_limit_packets ||
        queued_bytes_ + wire_bytes > config_.queue_limit_bytes) {
      return drop(DatagramFate::kDroppedQueue, stats_.dropped_queue);
    }
    if (busy_until_ <= now) serialisation_carry_ = 0;  // an idle link starts afresh
    const Instant start = std::max(now, busy_until_);
    departure = start + serialisation_time(wire_bytes);
    busy_until_ = departure;
    queue_.push_back(Queued{departure, wire_bytes});
    queued_bytes_ += wire_bytes;

    const Duration wait = start - now;
    ++stats_.queued_datagrams;
    stats_.total_queueing_delay += wait;
    stats_.max_queueing_delay = std::max(stats_.max_queueing_delay, wait);
    stats_.max_queue_packets = std::max(stats_.max_queue_packets, queue_.size());
    stats_.max_queue_bytes = std::max(stats_.max_queue_bytes, queued_bytes_);
  }

  // RFC 3168 §5: a congested router marks ECN-capable packets CE instead of dropping them.
  if (config_.bleach_ecn && ecn != Ecn::kNotEct) {
    ecn = Ecn::kNotEct;
    ++stats_.ecn_bleached;
  }
  if (is_ect(ecn) && (queue_before >= config_.ce_queue_threshold_packets ||
                      rng_.chance(config_.ce_mark_probability))) {
    ecn = Ecn::kCe;
    ++stats_.ce_marked;
  }
  verdict.ecn = ecn;

  if (size > 0 && rng_.chance(config_.corrupt_probability)) {
    verdict.corrupt = true;
    verdict.corrupt_bit = static_cast<size_t>(rng_.uniform(static_cast<uint64_t>(size) * 8));
    ++stats_.corrupted;
  }

  verdict.arrival = departure + config_.delay + random_delay(config_.jitter);
  if (rng_.chance(config_.reorder_probability)) {
    verdict.arrival += config_.reorder_delay;
    ++stats_.reordered;
  }
  if (rng_.chance(config_.duplicate_probability)) {
    verdict.duplicate = true;
    verdict.duplicate_arrival = departure + config_.delay + random_delay(config_.jitter);
    ++stats_.duplicated;
  }
  return verdict;
}

void Link::note_delivered(size_t size) {
  ++stats_.delivered_datagrams;
  stats_.delivered_bytes += size;
}

void Link::note_unroutable() { ++stats_.dropped_unroutable; }

}  // namespace quasar::sim
