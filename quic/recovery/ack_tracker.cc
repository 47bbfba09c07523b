// AckTracker: RFC 9000 §13.2.1-§13.2.5 receive-side bookkeeping and ACK scheduling.
#include "quic/recovery/ack_tracker.h"

#include <algorithm>

namespace quasar {

AckTracker::AckTracker(PacketNumberSpace space, const AckTrackerConfig& config)
    : space_(space), config_(config) {
  if (config_.max_ranges == 0) config_.max_ranges = 1;
  // One spare: a new range is added before the oldest is dropped. No allocation per packet.
  received_.reserve(config_.max_ranges + 1);
  // Moving every reported range into the history at once stays within this.
  history_.reserve(2 * config_.max_ranges + 2);
}

bool AckTracker::is_duplicate(uint64_t packet_number) const {
  if (packet_number >= acked_floor_) return received_.contains(packet_number);
  // Late packets accepted down here are in the history too.
  return packet_number < floor_ || history_.contains(packet_number);
}

bool AckTracker::on_packet_received(Instant now, uint64_t pn, bool ack_eliciting, Ecn ecn) {
  if (is_duplicate(pn)) return false;
  // A late packet below what the peer saw acknowledged is reported once more, and remembered.
  if (pn < acked_floor_) history_.add(pn);
  received_.add(pn);
  // RFC 9000 §13.2.3: bound the ranges, dropping the oldest and never accepting packets in
  // them again.
  while (received_.range_count() > config_.max_ranges) {
    raise_floor(received_.lowest().end);
    received_.pop_lowest();
  }
  // RFC 9000 §13.4.1: count every processed packet's codepoint (not duplicates).
  switch (ecn) {
    case Ecn::kEct0:
      ++ecn_.ect0;
      break;
    case Ecn::kEct1:
      ++ecn_.ect1;
      break;
    case Ecn::kCe:
      ++ecn_.ce;
      break;
    case Ecn::kNotEct:
      break;
  }
  if (!has_received_ || pn > largest_received_) {
    largest_received_ = pn;
    largest_received_time_ = now;
  }
  has_received_ = true;
  unacknowledged_ = true;
  if (!ack_eliciting) return true;

  // RFC 9000 §13.2.1: send an ACK without delay for
  //  - Initial and Handshake packets;
  //  - a packet below an ack-eliciting packet already received (reordering, a gap filled);
  //  - a packet above the largest ack-eliciting one with packets missing in between;
  //  - an ECN-CE marked packet;
  // and after ack_eliciting_threshold packets (RFC 9000 §13.2.2), else within max_ack_delay.
  const uint64_t reference =
      std::max(has_ack_eliciting_ ? largest_ack_eliciting_ + 1 : uint64_t{0}, acked_floor_);
  const bool out_of_order = has_ack_eliciting_ && pn < largest_ack_eliciting_;
  const bool gap_below = pn > reference && !received_.contains(reference, pn);
  if (!has_ack_eliciting_ || pn > largest_ack_eliciting_) largest_ack_eliciting_ = pn;
  has_ack_eliciting_ = true;
  if (ack_eliciting_since_ack_++ == 0) deadline_ = now + config_.max_ack_delay;
  if (space_ != PacketNumberSpace::kApplication || out_of_order || gap_below || ecn == Ecn::kCe ||
      immediate_requested_ || ack_eliciting_since_ack_ >= config_.ack_eliciting_threshold) {
    immediate_ = true;
    deadline_ = std::min(deadline_, now);
  }
  return true;
}

Duration AckTracker::ack_delay(Instant now) const {
  if (!has_received_ || now < largest_received_time_) return Duration::zero();
  return now - largest_received_time_;
}

uint64_t AckTracker::encoded_ack_delay(Instant now, uint64_t ack_delay_exponent) const {
  if (space_ != PacketNumberSpace::kApplication) return 0;
  const uint64_t micros = static_cast<uint64_t>(ack_delay(now).micros());
  return micros >> ack_delay_exponent;
}

void AckTracker::on_ack_sent() {
  ack_eliciting_since_ack_ = 0;
  unacknowledged_ = false;
  immediate_ = false;
  immediate_requested_ = false;
  deadline_ = Instant::infinite_future();
}

void AckTracker::on_ack_frame_acked(uint64_t largest_acknowledged) {
  if (largest_acknowledged == UINT64_MAX) return;
  const uint64_t new_floor = largest_acknowledged + 1;
  if (new_floor <= acked_floor_) return;
  // What is no longer reported moves to the history.
  for (const Range& r : received_) {
    if (r.start >= new_floor) break;
    history_.add(r.start, std::min(r.end, new_floor));
  }
  received_.remove_below(new_floor);
  acked_floor_ = new_floor;
  raise_floor(new_floor > kLatePacketWindow ? new_floor - kLatePacketWindow : 0);
}

void AckTracker::raise_floor(uint64_t floor) {
  floor_ = std::max(floor_, floor);
  acked_floor_ = std::max(acked_floor_, floor_);
  history_.remove_below(floor_);
  while (history_.range_count() > config_.max_ranges) {
    floor_ = history_.lowest().end;
    history_.pop_lowest();
  }
}

}  // namespace quasar
