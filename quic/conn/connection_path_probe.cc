// Connection: probed paths (RFC 9000 §8.2, §9.1, §9.6). A client probes the server's preferred
// address after the handshake and moves there once the path answers; either side answers a
// PATH_CHALLENGE on the path it arrived on, which may not be the connection's current path.
#include "quic/conn/connection.h"

namespace quasar {

namespace {

// RFC 9000 §8.2.1: datagrams with PATH_CHALLENGE (and answers to them, §8.2.2) are padded to
// at least the smallest allowed maximum datagram size, to check the path carries it.
constexpr size_t kProbeDatagramSize = 1200;

}  // namespace

void Connection::start_preferred_address_probe(Instant now) {
  if (role_ != Role::kClient || !peer_params_.preferred_address || probe_) return;
  const PreferredAddress& preferred = *peer_params_.preferred_address;
  // RFC 9000 §9.6.1: an address of the family the connection uses.
  std::optional<SocketAddress> target;
  if (path_.peer.is_ipv4() && preferred.has_ipv4()) target = preferred.ipv4;
  if (!path_.peer.is_ipv4() && preferred.has_ipv6()) target = preferred.ipv6;
  if (!target || *target == path_.peer) return;
  auto cid = peer_cids_.take(1);  // the preferred address's CID (§5.1.1)
  if (!cid) return;
  PathProbe probe;
  probe.path.local = path_.local;
  probe.path.peer = *target;
  probe.path.validated = true;  // a client may send to its server freely (§8.1)
  probe.dcid = cid->cid;
  probe.dcid_sequence = cid->sequence;
  probe.to_preferred_address = true;
  std::array<uint8_t, 8> data{};
  rng_.fill(data);
  probe.path.challenge = data;
  probe.challenge_pending = true;
  // RFC 9000 §8.2.4: three PTOs, and at least six initial RTTs; a challenge each PTO meanwhile.
  probe.deadline = now + std::max(pto_duration() * 3, settings_.initial_rtt * 6);
  probe_ = probe;
  timers_.set(TimerKind::kPathProbe, std::min(now + pto_duration(), probe.deadline));
}

void Connection::answer_challenge_on_other_path(const std::array<uint8_t, 8>& data) {
  if (!probe_ || probe_->path.local != datagram_local_ || probe_->path.peer != datagram_peer_) {
    PathProbe probe;
    probe.path.local = datagram_local_;
    probe.path.peer = datagram_peer_;
    // An address we already validated needs no amplification limit (§8.1).
    probe.path.validated = datagram_peer_ == path_.peer || role_ == Role::kClient;
    // RFC 9000 §9.5: towards another peer address, a CID not used on any other path.
    probe.dcid = peer_cids_.active();
    if (datagram_peer_ != path_.peer) {
      if (auto cid = peer_cids_.take_unused()) {
        probe.dcid = cid->cid;
        probe.dcid_sequence = cid->sequence;
      }
    }
    // RFC 9000 §8.2.2: our answer may check the path too, in the same packet (quic-interop-
    // runner expects a server's first packet on a new path to carry a challenge).
    std::array<uint8_t, 8> challenge{};
    rng_.fill(challenge);
    probe.path.challenge = challenge;
    probe.challenge_pending = true;
    probe_ = probe;
  }
  probe_->path.bytes_received += datagram_size_;
  probe_->path.responses_to_send.push(data);
}

std::optional<Transmit> Connection::poll_path_probe(Instant now, std::span<uint8_t> out) {
  if (!probe_ || !probe_->has_frames_to_send() || state_ != State::kEstablished || !one_rtt_keys_) {
    return std::nullopt;
  }
  // Padded to 1200 bytes where the amplification limit allows (RFC 9000 §8.2.1).
  const size_t credit = static_cast<size_t>(
      std::min<uint64_t>(probe_->path.amplification_credit(), kProbeDatagramSize));
  if (credit < 64 || out.size() < kProbeDatagramSize) return std::nullopt;
  bool ack_eliciting = false;
  building_path_probe_ = true;
  const size_t n = build_packet(now, EncryptionLevel::kOneRtt, out.first(credit), credit,
                                /*congestion_allowed=*/false, ack_eliciting);
  building_path_probe_ = false;
  if (n == 0) return std::nullopt;
  probe_->path.bytes_sent += n;
  stats_.datagrams_sent++;
  stats_.bytes_sent += n;
  Transmit t;
  t.source = probe_->path.local;
  t.destination = probe_->path.peer;
  t.ecn = Ecn::kNotEct;
  t.size = t.segment_size = n;
  return t;
}

bool Connection::on_path_probe_response(const std::array<uint8_t, 8>& data) {
  if (!probe_ || !probe_->path.challenge || *probe_->path.challenge != data) return false;
  timers_.cancel(TimerKind::kPathProbe);
  probe_->path.challenge.reset();
  probe_->challenge_pending = false;
  if (!probe_->to_preferred_address) {
    // Kept: if the peer moves here, the path needs no second check.
    probe_->validated = true;
    return true;
  }
  // RFC 9000 §9.6.1: validated; everything goes to the preferred address from now on, with its
  // CID, and the old path's CID is retired. A new path: fresh congestion and RTT state (§9.4).
  // A response owed on it (the server checks the path too) goes along.
  PathProbe probe = std::move(*probe_);
  probe_.reset();
  if (probe.dcid_sequence) peer_cids_.switch_to(*probe.dcid_sequence);
  stats_.path_changes++;
  previous_path_.reset();
  path_ = probe.path;
  reset_path_estimates();
  push_event(event::PathChanged{path_.local, path_.peer});
  return true;
}

void Connection::on_path_probe_timer(Instant now) {
  timers_.cancel(TimerKind::kPathProbe);
  if (!probe_ || !probe_->path.challenge) return;
  if (now < probe_->deadline) {
    probe_->challenge_pending = true;  // the same data again (§8.2.1)
    timers_.set(TimerKind::kPathProbe, std::min(now + pto_duration(), probe_->deadline));
    return;
  }
  // RFC 9000 §9.6.1: the preferred address did not answer; stay where we are.
  stats_.path_validations_failed++;
  probe_.reset();
}

}  // namespace quasar
