// LinkConfig: every impairment of one simulated one-way link (delay, rate, queue, loss,
// reordering, duplication, corruption, MTU, ECN, blackholes), and its small parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "quic/base/time.h"

namespace quasar::sim {

inline constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();

// The two-state Gilbert-Elliott channel: before each datagram the state may flip, then the
// datagram is lost with the loss probability of the current state. Bursts in the bad state
// last 1 / bad_to_good datagrams on average.
struct GilbertElliott {
  double good_to_bad = 0;
  double bad_to_good = 1;
  double loss_in_good = 0;
  double loss_in_bad = 1;
};

// Random loss: independent (Bernoulli) at `rate`, or Gilbert-Elliott when `bursty` is set;
// either way never more than `max_burst` consecutive random drops.
struct LossConfig {
  double rate = 0;
  bool bursty = false;
  GilbertElliott gilbert_elliott{};
  size_t max_burst = kUnlimited;
};

// Datagram indices [first, last] that the link drops without fail. Indices are 0-based and
// count every datagram offered to the link, whatever became of it.
struct IndexRange {
  uint64_t first = 0;
  uint64_t last = 0;
};

// The link drops everything offered in [start, start + duration), and, when `period` is
// positive, again `period` later, `repeat` times in all (kUnlimited: forever).
struct BlackholeSchedule {
  Instant start{};
  Duration duration{};
  Duration period = Duration::zero();
  size_t repeat = 1;
};

struct LinkConfig {
  // One-way propagation delay, added after serialisation.
  Duration delay = Duration::zero();
  // Uniform random extra delay in [0, jitter]; reorders datagrams closer together than it.
  Duration jitter = Duration::zero();
  // With this probability a datagram is held back `reorder_delay` more, overtaken by the next.
  double reorder_probability = 0;
  Duration reorder_delay = Duration::zero();

  // Serialisation rate of the bottleneck; infinite means no queueing at all.
  Bandwidth rate = Bandwidth::infinite();
  // Bytes counted per datagram on top of its payload for rate and byte limits (28 models
  // IPv4 + UDP headers); 0 makes the payload size alone occupy the link.
  size_t per_datagram_overhead = 0;
  // Drop-tail limits on the datagrams waiting for or in serialisation.
  size_t queue_limit_packets = kUnlimited;
  size_t queue_limit_bytes = kUnlimited;

  LossConfig loss{};
  std::vector<IndexRange> drop_indices;

  double duplicate_probability = 0;
  // With this probability one random bit of the payload is flipped.
  double corrupt_probability = 0;
  // Largest payload carried; larger datagrams vanish (a PMTU black hole).
  size_t mtu = kUnlimited;

  // ECN (RFC 3168): ECT(0)/ECT(1) datagrams are marked CE with this probability, or whenever
  // they join a queue already holding at least `ce_queue_threshold_packets` datagrams.
  double ce_mark_probability = 0;
  size_t ce_queue_threshold_packets = kUnlimited;
  // Resets every codepoint to Not-ECT (a bleaching middlebox), before any marking.
  bool bleach_ecn = false;

  std::vector<BlackholeSchedule> blackholes;
};

}  // namespace quasar::sim
