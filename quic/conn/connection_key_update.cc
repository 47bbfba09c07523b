// Connection: 1-RTT key updates (RFC 9001 §6) — initiating one after a configured number of
// packets or before the AEAD confidentiality limit, following the peer's, and policing it.
#include "quic/conn/connection.h"

namespace quasar {

void Connection::maybe_initiate_key_update() {
  // RFC 9001 §6.1: only once the handshake is confirmed, and one update at a time.
  if (!one_rtt_keys_ || !handshake_confirmed_ || one_rtt_keys_->key_update_pending()) return;
  const uint64_t interval = settings_.key_update_interval_packets;
  const bool due = (interval > 0 && packets_since_own_key_update_ >= interval) ||
                   one_rtt_keys_->write_key().key_update_due();
  if (!due) return;
  // RFC 9001 §6.1: not before a packet of the current phase was acknowledged.
  const PacketNumberSpace app = PacketNumberSpace::kApplication;
  if (!loss_.has_largest_acked(app) || loss_.largest_acked(app) < first_pn_in_write_phase_) {
    // A receiver that sends only ACK frames gets nothing acknowledged: elicit an
    // acknowledgment now and then (at most once per interval) so the update can go ahead.
    const uint64_t spacing = interval > 0 ? interval : 1000;
    if (!key_update_ping_at_ || packets_since_own_key_update_ >= *key_update_ping_at_ + spacing) {
      key_update_ping_at_ = packets_since_own_key_update_;
      ping_pending_ = true;
    }
    return;
  }
  if (!one_rtt_keys_->initiate_key_update().ok()) return;
  key_update_initiated_ = true;
  stats_.key_updates_initiated++;
  packets_since_own_key_update_ = 0;
  key_update_ping_at_.reset();
  first_pn_in_write_phase_ = spaces_[static_cast<size_t>(app)].next_packet_number;
}

bool Connection::on_key_phase_changed(Instant now) {
  stats_.key_updates++;
  if (!key_update_initiated_) {
    // The peer initiated; our write keys followed. RFC 9001 §6.2: a second update before we
    // acknowledged the first with the new keys means it did not wait for confirmation.
    if (awaiting_ack_in_new_phase_) {
      close_with_error(now, QuicError::transport(TransportError::kKeyUpdateError, 0,
                                                 "key updated twice without confirmation"));
      return false;
    }
    // Our own interval keeps counting: each side updates for the packets it sends.
    awaiting_ack_in_new_phase_ = true;
    key_update_ping_at_.reset();
    first_pn_in_write_phase_ =
        spaces_[static_cast<size_t>(PacketNumberSpace::kApplication)].next_packet_number;
  }
  key_update_initiated_ = false;
  // RFC 9001 §6.5: keep the previous read keys for reordered packets, about three PTOs.
  timers_.set(TimerKind::kKeyDiscard, now + pto_duration() * 3);
  return true;
}

void Connection::on_one_rtt_packet_sent(bool carried_ack) {
  ++packets_since_own_key_update_;
  if (carried_ack) awaiting_ack_in_new_phase_ = false;
}

}  // namespace quasar
