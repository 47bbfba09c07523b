// Persistent congestion: a cheap span test first; the walk for acknowledged packets in between
// only runs when the lost packets already span more than the duration.
#include "quic/recovery/persistent_congestion.h"

namespace quasar {

bool establishes_persistent_congestion(std::span<const LostPacketTiming> lost, Duration duration,
                                       Instant first_rtt_sample, const SentPacketMap& sent) {
  // Only ack-eliciting packets sent after the first RTT sample count (RFC 9002 §7.6.2).
  auto eligible = [&](const LostPacketTiming& p) {
    return p.ack_eliciting && p.time_sent > first_rtt_sample;
  };
  const LostPacketTiming* first = nullptr;
  const LostPacketTiming* last = nullptr;
  for (const LostPacketTiming& p : lost) {
    if (!eligible(p)) continue;
    if (first == nullptr) first = &p;
    last = &p;
  }
  if (first == nullptr || last->time_sent - first->time_sent <= duration) return false;

  // Runs of lost packets with no acknowledged packet between consecutive ones.
  const LostPacketTiming* run_start = nullptr;
  const LostPacketTiming* previous = nullptr;
  for (const LostPacketTiming& p : lost) {
    if (!eligible(p)) continue;
    if (previous == nullptr || sent.acked_between(previous->packet_number, p.packet_number)) {
      run_start = &p;
    } else if (p.time_sent - run_start->time_sent > duration) {
      return true;
    }
    previous = &p;
  }
  return false;
}

}  // namespace quasar
