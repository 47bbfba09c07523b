// Connection: path MTU discovery (RFC 9000 §14.3, DPLPMTUD RFC 8899 §5) — PING + PADDING probes
// of the size being searched, what acknowledgments, losses and PTOs tell the search, and the
// congestion controller and pacer following the path's datagram size.
#include <algorithm>

#include "quic/conn/connection.h"

namespace quasar {

void Connection::start_pmtu_discovery(Instant now) {
  if (!settings_.pmtu_discovery) return;
  // RFC 9000 §14.3: never above what the peer can receive (max_udp_payload_size) or what we
  // are configured for.
  const uint64_t ceiling = std::min(peer_max_udp_payload_, settings_.max_udp_payload_size);
  // The first probe waits one PTO: the handshake's last acknowledgments and the first data
  // go first, and an RTT sample makes the probe deadline meaningful.
  pmtu_.start(now, static_cast<size_t>(ceiling), pto_duration());
  after_pmtu_event(now, false);
}

std::optional<Transmit> Connection::poll_pmtu_probe(Instant now, std::span<uint8_t> out) {
  if (state_ != State::kEstablished || !handshake_confirmed_ || !one_rtt_keys_) {
    return std::nullopt;
  }
  const std::optional<size_t> size = pmtu_.probe_to_send();
  if (!size || out.size() < *size) return std::nullopt;
  PacketSpace& app = spaces_[static_cast<size_t>(PacketNumberSpace::kApplication)];
  // Loss probes go first; a PMTU probe is congestion controlled like any packet (RFC 8899 §3).
  if (app.probes_to_send > 0 || is_congestion_limited(now, *size)) return std::nullopt;

  const uint64_t packet_number = app.next_packet_number;
  // Not ECN-marked: a lost probe must not count against ECN validation (RFC 9000 §13.4.2).
  batch_ecn_ = Ecn::kNotEct;
  bool ack_eliciting = false;
  // RFC 9000 §14.4: a PING padded to exactly the probed size; build_packet() marks it as a
  // probe, so that its loss is no congestion signal.
  building_pmtu_probe_ = true;
  const size_t n = build_packet(now, EncryptionLevel::kOneRtt, out.first(*size), *size,
                                /*congestion_allowed=*/false, ack_eliciting);
  building_pmtu_probe_ = false;
  if (n == 0) return std::nullopt;
  on_datagram_sent(now, n);
  pmtu_.on_probe_sent(packet_number, n, now + pto_duration());
  after_pmtu_event(now, false);
  Transmit t;
  t.source = path_.local;
  t.destination = path_.peer;
  t.ecn = batch_ecn_;
  t.size = t.segment_size = n;
  return t;
}

void Connection::on_app_packet_acked(Instant now, const SentPacket& packet) {
  after_pmtu_event(
      now, pmtu_.on_packet_acked(now, packet.packet_number, packet.bytes, packet.is_pmtu_probe));
}

void Connection::on_app_packet_lost(Instant now, const SentPacket& packet) {
  after_pmtu_event(
      now, pmtu_.on_packet_lost(now, packet.packet_number, packet.bytes, packet.is_pmtu_probe));
}

void Connection::on_pmtu_pto(Instant now) {
  after_pmtu_event(now, pmtu_.on_pto(now, loss_.pto_count()));
}

void Connection::on_pmtu_timer(Instant now) {
  pmtu_.on_timeout(now);
  after_pmtu_event(now, false);
}

void Connection::after_pmtu_event(Instant now, bool size_changed) {
  (void)now;
  if (size_changed) {
    // RFC 9002 §7.2: the congestion controller counts in the path's datagram size.
    cc_->set_max_datagram_size(max_datagram_size());
    pacer_.set_max_datagram_size(max_datagram_size());
  }
  const Instant next = pmtu_.next_timeout();
  if (next.is_infinite()) {
    timers_.cancel(TimerKind::kPmtuProbe);
  } else {
    timers_.set(TimerKind::kPmtuProbe, next);
  }
}

}  // namespace quasar
