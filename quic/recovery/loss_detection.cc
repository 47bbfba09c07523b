// LossDetection: RFC 9002 Appendix A over SentPacketMap, with the congestion controller calls
// of Appendix B in the same order.
#include "quic/recovery/loss_detection.h"

#include <algorithm>

namespace quasar {

namespace {

constexpr uint64_t kAckFrameType = 0x02;

QuicError ack_error(TransportError code, const char* reason) {
  return QuicError::transport(code, kAckFrameType, reason);
}

bool is_ect(Ecn ecn) { return ecn == Ecn::kEct0 || ecn == Ecn::kEct1; }

// duration * 2^shift, saturating instead of overflowing after many PTOs.
Duration backed_off(Duration d, uint32_t shift) {
  if (d.is_infinite()) return d;
  for (uint32_t i = 0; i < shift; ++i) {
    if (d.nanos() > Duration::infinite().nanos() / 2) return Duration::infinite();
    d = d * 2;
  }
  return d;
}

}  // namespace

LossDetection::LossDetection(Role role, CongestionController* cc, const LossDetectionConfig& config)
    : role_(role),
      cc_(cc),
      config_(config),
      rtt_(config.initial_rtt),
      ecn_(config.ecn),
      spaces_{Space(config), Space(config), Space(config)} {
  ranges_scratch_.reserve(64);
  acked_scratch_.reserve(256);
  lost_scratch_.reserve(64);
}

void LossDetection::on_handshake_confirmed(Instant now) {
  handshake_confirmed_ = true;
  set_loss_detection_timer(now);
}

void LossDetection::set_amplification_limited(Instant now, bool limited) {
  amplification_limited_ = role_ == Role::kServer && limited;
  set_loss_detection_timer(now);
}

bool LossDetection::any_ack_eliciting_in_flight() const {
  for (const Space& s : spaces_) {
    if (s.ack_eliciting_in_flight != 0) return true;
  }
  return false;
}

Status LossDetection::on_packet_sent(Instant now, PacketNumberSpace space_id,
                                     const SentPacketParams& params,
                                     std::span<const SentFrame> frames) {
  Space& s = space(space_id);
  if (s.discarded) {
    return QuicError::transport(TransportError::kInternalError, 0,
                                "packet sent in a discarded packet number space");
  }
  if (s.sent.has_sent() && params.packet_number < s.sent.end()) {
    return QuicError::transport(TransportError::kInternalError, 0, "packet numbers must increase");
  }
  // Remember deliberately skipped numbers (a small gap); large jumps are not tracked.
  if (s.sent.has_sent()) {
    const uint64_t gap = params.packet_number - s.sent.end();
    for (uint64_t i = 0; i < gap && i < s.skipped.size(); ++i) {
      s.skipped[s.skipped_next] = s.sent.end() + i;
      s.skipped_next = (s.skipped_next + 1) % s.skipped.size();
      s.skipped_count = std::min(s.skipped_count + 1, s.skipped.size());
    }
  }
  SentPacket& packet = s.sent.add(params, now, frames);
  packet.space = space_id;
  ++stats_.packets_sent;
  ecn_.on_packet_sent(space_id, params.ecn);
  if (params.ack_eliciting && s.probes_pending != 0) --s.probes_pending;
  if (!params.in_flight) return ok_status();

  packet.delivery = sampler_.on_packet_sent(now, bytes_in_flight_, params.bytes);
  bytes_in_flight_ += params.bytes;
  s.bytes_in_flight += params.bytes;
  if (params.ack_eliciting) {
    s.time_of_last_ack_eliciting = now;
    ++s.ack_eliciting_in_flight;
  }
  if (cc_ != nullptr) {
    cc_->on_packet_sent(SentPacketEvent{now, params.packet_number, params.bytes, bytes_in_flight_});
  }
  set_loss_detection_timer(now);
  return ok_status();
}

// First pass over the ACK frame's ranges: validate them all before changing anything.
Status LossDetection::collect_ranges(const Space& s, const ReceivedAck& ack,
                                     AckRangeSource& ranges) {
  ranges_scratch_.clear();
  AckRange range;
  while (ranges.next(range)) {
    if (range.smallest > range.largest) {
      return ack_error(TransportError::kFrameEncodingError, "ACK range smallest above largest");
    }
    if (ranges_scratch_.empty()) {
      if (range.largest != ack.largest_acknowledged) {
        return ack_error(TransportError::kFrameEncodingError,
                         "first ACK range does not end at Largest Acknowledged");
      }
    } else if (range.largest + 1 >= ranges_scratch_.back().smallest) {
      // RFC 9000 §19.3.1: ranges descend with a gap of at least one packet.
      return ack_error(TransportError::kFrameEncodingError, "ACK ranges out of order");
    }
    for (size_t i = 0; i < s.skipped_count; ++i) {
      if (s.skipped[i] >= range.smallest && s.skipped[i] <= range.largest) {
        return ack_error(TransportError::kProtocolViolation,
                         "ACK of a packet number that was never sent");
      }
    }
    ranges_scratch_.push_back(range);
  }
  if (ranges_scratch_.empty()) {
    return ack_error(TransportError::kFrameEncodingError, "ACK frame without ranges");
  }
  // RFC 9000 §13.1: acknowledging a packet never sent is a PROTOCOL_VIOLATION.
  if (!s.sent.has_sent() || ack.largest_acknowledged >= s.sent.end()) {
    return ack_error(TransportError::kProtocolViolation,
                     "ACK of a packet number that was never sent");
  }
  return ok_status();
}

Result<AckResult> LossDetection::on_ack_received(Instant now, PacketNumberSpace space_id,
                                                 const ReceivedAck& ack, AckRangeSource ranges,
                                                 SentPacketVisitor& visitor) {
  Space& s = space(space_id);
  AckResult result;
  if (s.discarded) return result;  // keys gone: late ACKs are ignored
  QUASAR_TRY(collect_ranges(s, ack, ranges));

  const bool largest_increased = !s.has_largest_acked || ack.largest_acknowledged > s.largest_acked;
  if (largest_increased) s.largest_acked = ack.largest_acknowledged;
  s.has_largest_acked = true;

  // DetectAndRemoveAckedPackets, ascending: the ranges were collected largest first.
  const uint64_t prior_in_flight = bytes_in_flight_;
  sampler_.begin_ack();
  acked_scratch_.clear();
  EcnMarkedCounts newly_marked;
  bool any_ack_eliciting = false;
  Instant largest_time_sent;
  SentPacketMap& sent = s.sent;
  for (auto r = ranges_scratch_.rbegin(); r != ranges_scratch_.rend(); ++r) {
    for (uint64_t pn = sent.next_unacked(r->smallest); pn <= r->largest && pn < sent.end();
         pn = sent.next_unacked(pn + 1)) {
      SentPacket& p = *sent.find(pn);
      const bool was_lost = p.state == SentPacketState::kLost;
      ++result.newly_acked_packets;
      any_ack_eliciting = any_ack_eliciting || p.ack_eliciting;
      if (pn == ack.largest_acknowledged) {
        result.largest_newly_acked = true;
        largest_time_sent = p.time_sent;
      }
      if (was_lost) {
        // Only what was in flight counts: an ACK-only packet "lost" by time and acknowledged
        // later says how often the peer acknowledges, not how the path reorders.
        if (p.in_flight && !p.is_pmtu_probe) {
          ++result.spurious_losses;
          on_spurious_loss(now, p);
        }
      } else {
        if (p.ecn == Ecn::kEct0) ++newly_marked.ect0;
        if (p.ecn == Ecn::kEct1) ++newly_marked.ect1;
        if (p.in_flight) {
          bytes_in_flight_ -= p.bytes;
          s.bytes_in_flight -= p.bytes;
          if (p.ack_eliciting) --s.ack_eliciting_in_flight;
          result.newly_acked_bytes += p.bytes;
          acked_scratch_.push_back(
              AckedPacketEvent{pn, p.bytes, p.time_sent, p.delivery.is_app_limited});
        }
      }
      if (p.in_flight) sampler_.on_packet_acked(now, pn, p.time_sent, p.bytes, p.delivery);
      sent.mark_acked(p);
      visitor.on_packet_acked(space_id, p, sent.frames(p), was_lost);
    }
  }
  stats_.packets_acked += result.newly_acked_packets;
  if (result.newly_acked_packets == 0) return result;

  // RFC 9002 §5.1: an RTT sample when the largest acknowledged is newly acknowledged and
  // something ack-eliciting was.
  if (result.largest_newly_acked && any_ack_eliciting) {
    // RFC 9002 §5.3: Initial packets are not delayed by the peer on purpose.
    const Duration ack_delay =
        space_id == PacketNumberSpace::kInitial ? Duration::zero() : ack.ack_delay;
    rtt_.update(now, now - largest_time_sent, ack_delay, handshake_confirmed_);
    result.rtt_updated = true;
  }
  // RFC 9002 Appendix A.6: a Handshake ACK proves the server validated the client.
  if (space_id == PacketNumberSpace::kHandshake) handshake_ack_received_ = true;

  // RFC 9002 Appendix B.7 ProcessECN (validation per RFC 9000 §13.4.2.1).
  const EcnAckResult ecn =
      ecn_.on_ack(space_id, newly_marked, ack.ecn, largest_increased && result.largest_newly_acked);
  if (ecn.ce_increase != 0) {
    result.ce_increase = ecn.ce_increase;
    if (cc_ != nullptr) cc_->on_ecn_ce(now, largest_time_sent, ecn.ce_increase);
  }

  const LossSummary lost = detect_lost_packets(now, space_id, visitor);
  result.lost_packets = lost.packets;
  result.lost_bytes = lost.in_flight_bytes;
  result.persistent_congestion = lost.persistent_congestion;

  const RateSample rate = sampler_.end_ack(rtt_.min());
  if (cc_ != nullptr) {
    for (const AckedPacketEvent& acked : acked_scratch_) cc_->on_packet_acked(acked);
    AckEvent event;
    event.now = now;
    event.acked_bytes = result.newly_acked_bytes;
    event.prior_bytes_in_flight = prior_in_flight;
    event.bytes_in_flight = bytes_in_flight_;
    event.largest_acked = ack.largest_acknowledged;
    event.has_rtt_sample = result.rtt_updated;
    event.latest_rtt = rtt_.latest();
    event.smoothed_rtt = rtt_.smoothed();
    event.min_rtt = rtt_.min();
    event.rate = rate;
    cc_->on_ack(event);
  }

  // RFC 9002 §6.2.1: the backoff is reset, except at a client unsure that the server has
  // validated its address.
  if (peer_completed_address_validation()) pto_count_ = 0;
  reclaim(now);
  set_loss_detection_timer(now);
  return result;
}

LossDetection::LossSummary LossDetection::detect_lost_packets(Instant now,
                                                              PacketNumberSpace space_id,
                                                              SentPacketVisitor& visitor) {
  Space& s = space(space_id);
  LossSummary summary;
  s.loss_time = Instant::infinite_future();
  if (!s.has_largest_acked) return summary;

  // loss_delay = max(kTimeThreshold * max(latest_rtt, smoothed_rtt), kGranularity)
  const Duration rtt = std::max(rtt_.latest(), rtt_.smoothed());
  const Duration loss_delay =
      std::max(rtt * time_threshold_numerator_ / kTimeThresholdDenominator, kGranularity);
  const Instant lost_send_time = now - loss_delay;

  lost_scratch_.clear();
  Instant largest_lost_time_sent;
  uint64_t congestion_bytes = 0;
  uint64_t counted_losses = 0;
  SentPacketMap& sent = s.sent;
  // Only outstanding packets are visited: acknowledged and already-lost ones are skipped.
  for (uint64_t pn = sent.next_outstanding(sent.first()); pn <= s.largest_acked && pn < sent.end();
       pn = sent.next_outstanding(pn + 1)) {
    SentPacket& p = *sent.find(pn);
    if (p.time_sent <= lost_send_time || s.largest_acked >= pn + packet_threshold_) {
      sent.mark_lost(p, now, s.largest_acked);
      ++summary.packets;
      if (p.in_flight && !p.is_pmtu_probe) ++counted_losses;
      if (is_ect(p.ecn)) ecn_.on_marked_packet_lost();
      if (p.in_flight) {
        bytes_in_flight_ -= p.bytes;
        s.bytes_in_flight -= p.bytes;
        if (p.ack_eliciting) --s.ack_eliciting_in_flight;
        summary.in_flight_bytes += p.bytes;
      }
      // RFC 9000 §14.4: a lost PMTU probe says nothing about congestion.
      if (p.in_flight && !p.is_pmtu_probe) {
        congestion_bytes += p.bytes;
        largest_lost_time_sent = std::max(largest_lost_time_sent, p.time_sent);
        sampler_.on_packet_lost(p.bytes);
        if (cc_ != nullptr) {
          cc_->on_packet_lost(LostPacketEvent{pn, p.bytes, p.time_sent, p.delivery});
        }
      }
      if (!p.is_pmtu_probe) {
        lost_scratch_.push_back(LostPacketTiming{pn, p.time_sent, p.ack_eliciting});
      }
      visitor.on_packet_lost(space_id, p, sent.frames(p));
    } else {
      s.loss_time = std::min(s.loss_time, p.time_sent + loss_delay);
    }
  }
  // Packets that were in flight, PMTU probes aside (they have their own count).
  stats_.packets_lost += counted_losses;
  stats_.bytes_lost += summary.in_flight_bytes;

  // RFC 9002 Appendix B.8 OnPacketsLost.
  if (congestion_bytes != 0 && cc_ != nullptr) {
    cc_->on_congestion_event(
        LossEvent{now, congestion_bytes, largest_lost_time_sent, bytes_in_flight_});
  }
  if (rtt_.has_sample() &&
      establishes_persistent_congestion(lost_scratch_, rtt_.persistent_congestion_duration(),
                                        rtt_.first_sample_time(), sent)) {
    summary.persistent_congestion = true;
    ++stats_.persistent_congestion;
    rtt_.on_persistent_congestion();  // RFC 9002 §5.2
    if (cc_ != nullptr) cc_->on_persistent_congestion(now);
  }
  return summary;
}

// A packet declared lost was acknowledged: the reordering was deeper than the thresholds
// allowed. Raise the one that fired (RFC 9002 §6.1.1, §6.1.2) and let the controller undo.
void LossDetection::on_spurious_loss(Instant now, const SentPacket& packet) {
  ++stats_.spurious_losses;
  // Packets dropped without a loss signal (0-RTT rejected) carry no reordering information.
  if (config_.adaptive_reordering && packet.largest_acked_when_lost > packet.packet_number) {
    const uint64_t reordering = packet.largest_acked_when_lost - packet.packet_number + 1;
    if (packet.largest_acked_when_lost >= packet.packet_number + packet_threshold_) {
      packet_threshold_ = std::min(std::max(packet_threshold_, reordering), kMaxPacketThreshold);
    } else {
      // Declared lost by time: double the margin above 1 x RTT (9/8, 10/8, 12/8, 16/8).
      time_threshold_numerator_ = std::min(
          kTimeThresholdDenominator + 2 * (time_threshold_numerator_ - kTimeThresholdDenominator),
          kMaxTimeThresholdNumerator);
    }
  }
  if (cc_ != nullptr && packet.in_flight && !packet.is_pmtu_probe) {
    cc_->on_spurious_loss(SpuriousLossEvent{now, packet.packet_number, packet.bytes,
                                            packet.time_sent, packet.time_declared_lost});
  }
}

Instant LossDetection::earliest_loss_time(PacketNumberSpace& space_out) const {
  Instant earliest = Instant::infinite_future();
  for (size_t i = 0; i < kPacketNumberSpaceCount; ++i) {
    if (spaces_[i].loss_time < earliest) {
      earliest = spaces_[i].loss_time;
      space_out = static_cast<PacketNumberSpace>(i);
    }
  }
  return earliest;
}

// RFC 9002 Appendix A.8 GetPtoTimeAndSpace.
Instant LossDetection::pto_time(Instant now, PacketNumberSpace& space_out) const {
  Duration duration = backed_off(rtt_.pto_base(), pto_count_);
  if (!any_ack_eliciting_in_flight()) {
    // Anti-deadlock PTO of a client that does not know its address is validated.
    space_out = has_handshake_keys_ ? PacketNumberSpace::kHandshake : PacketNumberSpace::kInitial;
    return now + duration;
  }
  Instant timeout = Instant::infinite_future();
  space_out = PacketNumberSpace::kInitial;
  for (size_t i = 0; i < kPacketNumberSpaceCount; ++i) {
    const Space& s = spaces_[i];
    if (s.ack_eliciting_in_flight == 0) continue;
    if (static_cast<PacketNumberSpace>(i) == PacketNumberSpace::kApplication) {
      // RFC 9002 §6.2.1: no Application Data PTO before the handshake is confirmed.
      if (!handshake_confirmed_) return timeout;
      duration += backed_off(rtt_.max_ack_delay(), pto_count_);
    }
    const Instant t = s.time_of_last_ack_eliciting + duration;
    if (t < timeout) {
      timeout = t;
      space_out = static_cast<PacketNumberSpace>(i);
    }
  }
  return timeout;
}

// RFC 9002 Appendix A.8 SetLossDetectionTimer.
void LossDetection::set_loss_detection_timer(Instant now) {
  PacketNumberSpace space_id;
  const Instant loss_time = earliest_loss_time(space_id);
  if (!loss_time.is_infinite()) {
    timer_ = loss_time;  // time threshold loss detection
    return;
  }
  if (amplification_limited_) {
    timer_ = Instant::infinite_future();  // nothing could be sent anyway
    return;
  }
  if (!any_ack_eliciting_in_flight() && peer_completed_address_validation()) {
    timer_ = Instant::infinite_future();
    return;
  }
  timer_ = pto_time(now, space_id);
}

TimeoutResult LossDetection::on_loss_detection_timeout(Instant now, SentPacketVisitor& visitor) {
  TimeoutResult result;
  if (timer_.is_infinite() || now < timer_) return result;
  PacketNumberSpace space_id;
  const Instant loss_time = earliest_loss_time(space_id);
  if (!loss_time.is_infinite()) {
    // Time threshold loss detection.
    const LossSummary lost = detect_lost_packets(now, space_id, visitor);
    result.action = TimeoutResult::Action::kLossDetected;
    result.space = space_id;
    result.lost_packets = lost.packets;
    reclaim(now);
    set_loss_detection_timer(now);
    return result;
  }
  if (amplification_limited_) {
    set_loss_detection_timer(now);
    return result;
  }
  if (!any_ack_eliciting_in_flight()) {
    // RFC 9002 §6.2.2.1: the client's anti-deadlock packet.
    result.anti_deadlock = true;
    result.probe_packets = 1;
    result.space =
        has_handshake_keys_ ? PacketNumberSpace::kHandshake : PacketNumberSpace::kInitial;
  } else {
    // RFC 9002 §6.2.4: new data if possible, else retransmitted data, else PING.
    if (pto_time(now, space_id).is_infinite()) {
      set_loss_detection_timer(now);
      return result;
    }
    result.space = space_id;
    result.probe_packets = std::max<uint32_t>(1, config_.pto_probe_packets);
  }
  result.action = TimeoutResult::Action::kSendProbes;
  space(result.space).probes_pending = result.probe_packets;
  ++pto_count_;
  ++stats_.pto_count;
  set_loss_detection_timer(now);
  return result;
}

void LossDetection::discard_space(Instant now, PacketNumberSpace space_id) {
  Space& s = space(space_id);
  if (s.discarded) return;
  bytes_in_flight_ -= s.bytes_in_flight;
  s.bytes_in_flight = 0;
  s.ack_eliciting_in_flight = 0;
  s.sent.clear();
  s.time_of_last_ack_eliciting = Instant();
  s.loss_time = Instant::infinite_future();
  s.probes_pending = 0;
  s.discarded = true;
  pto_count_ = 0;
  set_loss_detection_timer(now);
}

void LossDetection::drop_without_loss_signal(PacketNumberSpace space_id, bool zero_rtt_only,
                                             SentPacketVisitor& visitor) {
  Space& s = space(space_id);
  SentPacketMap& sent = s.sent;
  sent.for_each_unacked([&](SentPacket& p) {
    if (p.state != SentPacketState::kOutstanding || (zero_rtt_only && !p.is_zero_rtt)) return;
    if (p.in_flight) {
      bytes_in_flight_ -= p.bytes;
      s.bytes_in_flight -= p.bytes;
      if (p.ack_eliciting) --s.ack_eliciting_in_flight;
    }
    // Never acknowledgeable; forgotten at the next reclaim.
    sent.mark_lost(p, Instant(), 0);
    visitor.on_packet_lost(space_id, p, sent.frames(p));
  });
  s.loss_time = Instant::infinite_future();
}

void LossDetection::on_zero_rtt_rejected(Instant now, SentPacketVisitor& visitor) {
  drop_without_loss_signal(PacketNumberSpace::kApplication, /*zero_rtt_only=*/true, visitor);
  reclaim(now);
  set_loss_detection_timer(now);
}

void LossDetection::on_retry_received(Instant now, SentPacketVisitor& visitor) {
  drop_without_loss_signal(PacketNumberSpace::kInitial, /*zero_rtt_only=*/false, visitor);
  drop_without_loss_signal(PacketNumberSpace::kApplication, /*zero_rtt_only=*/true, visitor);
  pto_count_ = 0;
  reclaim(now);
  set_loss_detection_timer(now);
}

void LossDetection::on_app_limited() {
  sampler_.on_app_limited(bytes_in_flight_);
  if (cc_ != nullptr) cc_->on_app_limited(bytes_in_flight_);
}

// Lost packets are remembered for kLostPacketRetentionPtos PTOs (and at most
// kLostPacketRetentionPackets behind the largest acknowledged) to catch late ACKs.
void LossDetection::reclaim(Instant now) {
  const Duration retention = rtt_.pto(PacketNumberSpace::kApplication) * kLostPacketRetentionPtos;
  const Instant forget_before = now - retention;
  for (Space& s : spaces_) {
    const uint64_t forget_below =
        s.has_largest_acked && s.largest_acked > kLostPacketRetentionPackets
            ? s.largest_acked - kLostPacketRetentionPackets
            : 0;
    s.sent.reclaim(forget_before, forget_below);
  }
}

}  // namespace quasar
