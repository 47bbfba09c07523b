// Pacer: token refill at the pacing rate, capped at the burst size.
#include "quic/cc/pacer.h"

#include <algorithm>

namespace quasar {

Bandwidth window_pacing_rate(uint64_t congestion_window, Duration smoothed_rtt, double gain) {
  if (smoothed_rtt.nanos() <= 0) return Bandwidth::infinite();
  const Bandwidth rate = Bandwidth::from_bytes_and_time(congestion_window, smoothed_rtt);
  return rate.scaled(gain);
}

Pacer::Pacer(uint64_t max_datagram_size, uint64_t burst_packets)
    : max_datagram_size_(max_datagram_size),
      burst_packets_(burst_packets),
      burst_bytes_(max_datagram_size * burst_packets),
      tokens_(burst_bytes_) {}

Pacer::Pacer(uint64_t max_datagram_size, uint64_t burst_packets, Duration burst_interval)
    : Pacer(max_datagram_size, burst_packets) {
  burst_interval_ = burst_interval;
}

uint64_t Pacer::burst_bytes(Bandwidth rate) const {
  if (burst_interval_ <= Duration::zero() || rate.is_infinite()) return burst_bytes_;
  return std::clamp(rate.bytes_in(burst_interval_), 2 * max_datagram_size_, burst_bytes_);
}

uint64_t Pacer::tokens(Instant now, Bandwidth rate) const {
  const uint64_t burst = burst_bytes(rate);
  if (!started_ || rate.is_infinite()) return burst;
  if (now <= last_update_) return std::min(tokens_, burst);
  const uint64_t refill = rate.bytes_in(now - last_update_);
  return std::min(burst, tokens_ + std::min(refill, burst));
}

Instant Pacer::next_send_time(Instant now, Bandwidth rate, uint64_t bytes) const {
  if (rate.is_infinite()) return now;
  // Never ask for more than a full bucket can hold, or the packet could never leave.
  const uint64_t needed = std::min(std::max(bytes, release_quantum_), burst_bytes(rate));
  const uint64_t available = tokens(now, rate);
  if (available >= needed) return now;
  if (rate.is_zero()) return Instant::infinite_future();
  // Round up so that the bucket really holds `needed` bytes at the returned time.
  return now + rate.transfer_time(needed - available) + Duration::from_nanos(1);
}

void Pacer::on_packet_sent(Instant now, Bandwidth rate, uint64_t bytes) {
  const uint64_t available = tokens(now, rate);
  tokens_ = available > bytes ? available - bytes : 0;
  last_update_ = std::max(now, last_update_);
  started_ = true;
}

void Pacer::set_max_datagram_size(uint64_t bytes) {
  max_datagram_size_ = bytes;
  burst_bytes_ = bytes * burst_packets_;
  tokens_ = std::min(tokens_, burst_bytes_);
}

}  // namespace quasar
