// PmtuDiscovery: datagram packetization layer PMTU discovery (RFC 8899 §5, RFC 9000 §14.3) as
// a small state machine — which probe size to try next, what acknowledgments and losses say
// about the path, and black-hole detection that falls back to the base size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "quic/base/time.h"

namespace quasar {

// RFC 8899 §5.2: the states of the search (ERROR is left out: QUIC cannot go below 1200 bytes,
// RFC 9000 §14.1, so a path that cannot carry the base size fails the connection instead).
enum class PmtuState : uint8_t {
  kDisabled,        // not started (handshake not confirmed) or turned off
  kBase,            // black hole detected: back at the base size, waiting to see it work
  kSearching,       // probing sizes above the current one
  kSearchComplete,  // found the largest size; searching again after the raise interval
};

const char* pmtu_state_name(PmtuState state);

struct PmtuConfig {
  size_t base_size = 1200;  // BASE_PLPMTU (RFC 9000 §14: the QUIC minimum)
  uint32_t max_probes = 3;  // MAX_PROBES (RFC 8899 §5.1.2): failures before a size is given up
  // The search stops once the largest working and smallest failing sizes are this close.
  size_t search_resolution = 16;
  // PMTU_RAISE_TIMER (RFC 8899 §5.1.1): how long a completed search stands before the next.
  Duration raise_interval = Duration::from_seconds(600);
  // Black-hole detection (RFC 8899 §4.3): this many packets larger than the base size lost
  // after the last such packet got through, while smaller ones keep being acknowledged ...
  uint32_t black_hole_losses = 3;
  // ... or this many consecutive PTOs without any acknowledgment.
  uint32_t black_hole_ptos = 3;
};

struct PmtuStats {
  uint64_t probes_sent = 0;
  uint64_t probes_acked = 0;
  uint64_t probes_lost = 0;  // declared lost, or not acknowledged in time
  uint64_t black_holes = 0;  // fallbacks to the base size
  uint64_t searches = 0;     // searches started
};

class PmtuDiscovery {
 public:
  explicit PmtuDiscovery(const PmtuConfig& config = {});

  // The handshake is confirmed: search sizes up to `ceiling` (the smaller of the peer's
  // max_udp_payload_size and our own limit), from `now + delay` on. A ceiling at or below the
  // base size disables it.
  void start(Instant now, size_t ceiling, Duration delay = Duration::zero());

  // The largest datagram the path is known to carry (the PLPMTU).
  size_t current() const { return current_; }
  PmtuState state() const { return state_; }
  size_t ceiling() const { return ceiling_; }
  const PmtuStats& stats() const { return stats_; }

  // The size of the probe to send now, if one is wanted (one probe at a time).
  std::optional<size_t> probe_to_send() const;
  // A probe of `size` bytes left as packet `packet_number`; it counts as lost if not
  // acknowledged by `deadline`.
  void on_probe_sent(uint64_t packet_number, size_t size, Instant deadline);

  // Fates of 1-RTT packets (probes and others). Each returns true when current() changed.
  bool on_packet_acked(Instant now, uint64_t packet_number, size_t size, bool is_probe);
  bool on_packet_lost(Instant now, uint64_t packet_number, size_t size, bool is_probe);
  // The loss detection timer fired for the `pto_count`-th time in a row.
  bool on_pto(Instant now, uint32_t pto_count);

  // When on_timeout() must run next (a probe's deadline, or the time to start a search).
  Instant next_timeout() const;
  void on_timeout(Instant now);

 private:
  void begin_search(Instant now);
  // The size after the current candidate failed or worked; completes the search when the
  // interval is narrow enough.
  void next_candidate(Instant now);
  void on_probe_failed(Instant now);
  bool fall_back(Instant now);

  PmtuConfig config_;
  PmtuState state_ = PmtuState::kDisabled;
  size_t ceiling_ = 0;
  size_t current_;
  // The search interval: sizes up to `working_` work, `failing_` and above do not.
  size_t working_;
  size_t failing_ = 0;
  size_t candidate_ = 0;
  uint32_t candidate_failures_ = 0;
  std::optional<uint64_t> probe_packet_;  // the probe in flight
  Instant probe_deadline_ = Instant::infinite_future();
  // When the first search starts, or the next one (RFC 8899 PMTU_RAISE_TIMER).
  Instant search_at_ = Instant::infinite_future();
  // Black-hole detection.
  std::optional<uint64_t> largest_large_acked_;  // of packets above the base size
  uint32_t large_losses_ = 0;
  uint64_t fallback_packet_ = 0;  // in kBase: packets from this one on were sent after it
  uint64_t largest_seen_packet_ = 0;
  PmtuStats stats_;
};

}  // namespace quasar
