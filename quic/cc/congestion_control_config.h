// CongestionControlConfig: the per-connection settings every congestion controller starts from.
#pragma once

#include <cstdint>

namespace quasar {

struct CongestionControlConfig {
  // RFC 9000 §14: at least 1200; updated later through set_max_datagram_size().
  uint64_t max_datagram_size = 1200;
  // Bytes; 0 selects RFC 9002 §7.2's kInitialWindow for max_datagram_size.
  uint64_t initial_window = 0;
  // CUBIC only: RFC 9406 HyStart++ for the first slow start.
  bool hystart = true;
  // CUBIC only: RFC 9438 §4.7 fast convergence.
  bool fast_convergence = true;
  // Whether the sender paces; RFC 9406 §4.3 then lifts the per-ACK slow-start limit L.
  bool paced = true;
  // RFC 9002 §7.7: pacing rate = gain * cwnd / smoothed_rtt (N in the RFC).
  double pacing_gain = 1.25;
  double slow_start_pacing_gain = 2.0;
};

}  // namespace quasar
