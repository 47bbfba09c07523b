// Link: one simulated one-way link. It decides each offered datagram's fate and timing
// (impairments, drop-tail queue, serialisation, propagation) and keeps its statistics; the
// simulator moves the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "quic/base/ecn.h"
#include "quic/base/rng.h"
#include "quic/base/time.h"
#include "quic/sim/datagram_fate.h"
#include "quic/sim/link_config.h"
#include "quic/sim/link_stats.h"
#include "quic/sim/loss_model.h"
#include "quic/sim/ring_buffer.h"
#include "quic/sim/sim_ids.h"

namespace quasar::sim {

// The link's decision about one offered datagram.
struct LinkVerdict {
  // kDelivered: the datagram will arrive at `arrival`; otherwise why it was dropped.
  DatagramFate fate = DatagramFate::kDelivered;
  uint64_t index = 0;  // position among the datagrams offered to this link
  Instant arrival;
  Ecn ecn = Ecn::kNotEct;  // codepoint on arrival
  bool corrupt = false;    // flip bit `corrupt_bit` of the payload
  size_t corrupt_bit = 0;
  bool duplicate = false;  // a second copy arrives at `duplicate_arrival`
  Instant duplicate_arrival;
};

class Link {
 public:
  // `now` starts the statistics clock; `seed` feeds this link's own random stream, so one
  // link's impairments do not shift when traffic on another link changes.
  Link(LinkId id, std::string name, const LinkConfig& config, uint64_t seed, Instant now);

  LinkId id() const { return id_; }
  const std::string& name() const { return name_; }
  const LinkConfig& config() const { return config_; }

  // New parameters for datagrams offered from `now` on. Datagrams already queued keep their
  // schedule; the loss channel's state carries over.
  void reconfigure(Instant now, const LinkConfig& config);

  // Offers a datagram of `size` payload bytes at `now` (times never go backwards).
  LinkVerdict offer(Instant now, size_t size, Ecn ecn);

  // The far end reports what became of a datagram the link accepted.
  void note_delivered(size_t size);
  void note_unroutable();

  // Brings the queue and its time-weighted statistics up to `now`.
  void settle(Instant now);
  size_t queue_packets() const { return queue_.size(); }
  size_t queue_bytes() const { return queued_bytes_; }
  // When the datagram in serialisation (if any) finishes; a past time when idle.
  Instant busy_until() const { return busy_until_; }

  const LinkStats& stats() const { return stats_; }

 private:
  struct Queued {
    Instant departure;  // serialisation finishes
    size_t wire_bytes = 0;
  };

  void reserve_queue();
  bool is_listed_for_drop(uint64_t index) const;
  bool in_blackhole(Instant now) const;
  Duration serialisation_time(size_t wire_bytes);
  Duration random_delay(Duration max);
  void advance_area(Instant to);

  LinkId id_;
  std::string name_;
  LinkConfig config_;
  SeededRng rng_;
  LossModel loss_;
  LinkStats stats_;

  RingBuffer<Queued> queue_;
  size_t queued_bytes_ = 0;
  Instant busy_until_;
  // Remainder of bits * 1e9 / rate carried between back-to-back datagrams, so a long train
  // serialises at exactly the configured rate instead of drifting by truncation.
  uint64_t serialisation_carry_ = 0;
};

}  // namespace quasar::sim
