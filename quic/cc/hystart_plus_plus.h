// HyStartPlusPlus: RFC 9406 slow-start exit on a rising round-trip time, with Conservative
// Slow Start (CSS) to recover from a premature exit. Used by CUBIC (RFC 9438 §4.10).
#pragma once

#include <cstdint>

#include "quic/base/time.h"

namespace quasar {

class HyStartPlusPlus {
 public:
  // RFC 9406 §4.3 constants.
  static constexpr Duration kMinRttThresh = Duration::from_millis(4);
  static constexpr Duration kMaxRttThresh = Duration::from_millis(16);
  static constexpr int64_t kMinRttDivisor = 8;
  static constexpr uint32_t kNRttSample = 8;
  static constexpr uint64_t kCssGrowthDivisor = 4;
  static constexpr uint32_t kCssRounds = 5;
  // L: the per-ACK growth cap in datagrams when not pacing (infinite when pacing).
  static constexpr uint64_t kUnpacedGrowthLimit = 8;

  enum class Phase : uint8_t { kSlowStart, kConservativeSlowStart, kDone };

  explicit HyStartPlusPlus(bool paced = true) : paced_(paced) {}

  // Every packet sent while HyStart++ is active: rounds end at the packet sent last.
  void on_packet_sent(uint64_t packet_number) {
    largest_sent_ = packet_number;
    has_sent_ = true;
  }
  // Once per ACK frame during slow start: round bookkeeping, the round's minimum RTT, and the
  // exit (or CSS-abort) checks. `has_rtt_sample` says whether `rtt` is a fresh sample.
  void on_ack(uint64_t largest_acked, bool has_rtt_sample, Duration rtt);
  // The window increase for `acked_bytes` newly acknowledged by one ACK (RFC 9406 §4.2).
  uint64_t window_increase(uint64_t acked_bytes, uint64_t max_datagram_size) const;
  // Loss or ECN-CE: HyStart++ is over for this connection (it is used for the first slow start
  // only, RFC 9406 §4.2).
  void on_congestion_event() { phase_ = Phase::kDone; }

  Phase phase() const { return phase_; }
  // True once CSS ran kCssRounds rounds: the controller enters congestion avoidance.
  bool exited_to_congestion_avoidance() const { return css_completed_; }
  uint32_t rounds() const { return rounds_; }

 private:
  void start_round();

  bool paced_;
  Phase phase_ = Phase::kSlowStart;
  bool has_sent_ = false;
  uint64_t largest_sent_ = 0;
  bool round_started_ = false;
  uint64_t window_end_ = 0;  // largest sent at the round's start; a larger ACK ends it
  uint32_t rounds_ = 0;
  Duration last_round_min_rtt_ = Duration::infinite();
  Duration current_round_min_rtt_ = Duration::infinite();
  uint32_t rtt_sample_count_ = 0;
  Duration css_baseline_min_rtt_ = Duration::infinite();
  uint32_t css_rounds_ = 0;
  bool css_completed_ = false;
};

}  // namespace quasar
