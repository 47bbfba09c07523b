// Pacer: a leaky bucket that spreads packets over the round trip at the controller's pacing
// rate, with a bounded burst so GSO batches still form (RFC 9002 §7.7).
#pragma once

#include <cstdint>

#include "quic/base/time.h"

namespace quasar {

// RFC 9002 §7.7: rate = N * congestion_window / smoothed_rtt.
Bandwidth window_pacing_rate(uint64_t congestion_window, Duration smoothed_rtt, double gain);

class Pacer {
 public:
  // Burst capacity in datagrams: the bucket holds at most this many full-sized datagrams, and
  // a full bucket lets that many leave back to back.
  static constexpr uint64_t kDefaultBurstPackets = 10;

  explicit Pacer(uint64_t max_datagram_size = 1200, uint64_t burst_packets = kDefaultBurstPackets);
  // With a burst interval the bucket holds what the rate sends in that interval, at least two
  // datagrams and at most `burst_packets`: slow flows send in small bursts (a drop-tail queue
  // treats bursty flows unfairly), fast ones in GSO-sized batches.
  Pacer(uint64_t max_datagram_size, uint64_t burst_packets, Duration burst_interval);

  // The earliest time a packet of `bytes` may leave at `rate`: `now` or earlier when it may go
  // at once. The connection arms a timer for it only while it has something to send and the
  // congestion window allows it, so an idle or window-limited sender keeps no pacing timer.
  Instant next_send_time(Instant now, Bandwidth rate, uint64_t bytes) const;
  bool can_send(Instant now, Bandwidth rate, uint64_t bytes) const {
    return next_send_time(now, rate, bytes) <= now;
  }
  // Takes the packet's bytes out of the bucket (probes and ACK-only packets are not paced by
  // the caller, but still spend tokens so the long-run rate holds).
  void on_packet_sent(Instant now, Bandwidth rate, uint64_t bytes);

  // PMTU changes resize the burst.
  void set_max_datagram_size(uint64_t bytes);
  // Lets the bucket wait until `bytes` are available before releasing anything, so a paced
  // sender wakes up once per GSO batch instead of once per packet (default: no wait).
  void set_release_quantum(uint64_t bytes) { release_quantum_ = bytes; }
  uint64_t burst_bytes() const { return burst_bytes_; }
  // The bucket size at `rate`.
  uint64_t burst_bytes(Bandwidth rate) const;
  // Tokens available at `now` at `rate`, in bytes.
  uint64_t tokens(Instant now, Bandwidth rate) const;

 private:
  uint64_t max_datagram_size_;
  uint64_t burst_packets_;
  uint64_t burst_bytes_;
  uint64_t release_quantum_ = 0;
  Duration burst_interval_ = Duration::zero();
  uint64_t tokens_;  // at last_update_
  Instant last_update_;
  bool started_ = false;
};

}  // namespace quasar
