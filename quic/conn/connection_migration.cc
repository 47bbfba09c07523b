// Connection: paths and migration (RFC 9000 §8.2, §9). A server follows a peer whose address
// changed (NAT rebinding or migration) and validates the new path; a client can migrate to a
// new local address. A path that fails validation gives way to the last validated one.
#include "quic/cc/congestion_controller_factory.h"
#include "quic/conn/connection.h"

namespace quasar {

bool Connection::is_probing_frame(FrameType type) {
  // RFC 9000 §9.1: the frames a probing packet may carry.
  return type == FrameType::kPathChallenge || type == FrameType::kPathResponse ||
         type == FrameType::kNewConnectionId || type == FrameType::kPadding;
}

void Connection::on_peer_address_changed(Instant now) {
  stats_.path_changes++;
  const bool port_only = datagram_peer_.same_ip(path_.peer);
  Path next;
  next.local = datagram_local_;
  next.peer = datagram_peer_;
  next.bytes_received = datagram_size_;
  // A client knows its server's address; a server must validate a new one (§9.3), and
  // meanwhile sends at most three times what it received there (§8.1, §9.3). A client that
  // moved to our preferred address kept its own (§9.6.1).
  next.validated = role_ == Role::kClient || datagram_peer_ == path_.peer;
  bool checked = false;
  if (probe_ && probe_->path.local == next.local && probe_->path.peer == next.peer) {
    // The path the peer probed: its pending answer and its CID go along (§9.5), and if our
    // challenge there was answered, it is validated already.
    next.responses_to_send = probe_->path.responses_to_send;
    next.challenge = probe_->path.challenge;  // a response to it still counts
    next.validated = next.validated || probe_->validated;
    checked = probe_->validated;
    if (probe_->dcid_sequence) peer_cids_.switch_to(*probe_->dcid_sequence);
    probe_.reset();
  }
  // RFC 9000 §9.4: fresh congestion and RTT state, unless only the peer's port changed.
  switch_path(now, next, !port_only, /*validate=*/!checked);
}

void Connection::switch_path(Instant now, const Path& next, bool reset_estimates, bool validate) {
  // RFC 9000 §9.3.2: remember the last validated path in case the new one fails.
  if (path_.validated) previous_path_ = path_;
  path_ = next;
  if (reset_estimates) reset_path_estimates();
  // Even a path whose peer address is known (a client that moved to our preferred address)
  // is checked in our first packet on it, as quic-interop-runner expects; the address needs no
  // amplification limit meanwhile (§8.1, §9.6.1).
  if (validate) {
    start_path_validation(now);
  } else {
    previous_path_.reset();
    path_challenge_pending_ = false;
    path_validation_deadline_ = Instant::infinite_future();
    timers_.cancel(TimerKind::kPathValidation);
  }
  push_event(event::PathChanged{path_.local, path_.peer});
}

Status Connection::migrate(Instant now, const SocketAddress& new_local) {
  if (role_ != Role::kClient || !handshake_confirmed_) {
    return QuicError::transport(TransportError::kInternalError, 0,
                                "migration needs a client with a confirmed handshake");
  }
  if (peer_params_.disable_active_migration) {
    return QuicError::transport(TransportError::kInternalError, 0,
                                "the server disabled active migration");
  }
  // RFC 9000 §9.5: a new path gets a connection ID never used on another path.
  if (!peer_cids_.rotate()) {
    return QuicError::transport(TransportError::kInternalError, 0,
                                "no unused connection ID from the peer");
  }
  stats_.path_changes++;
  Path next;
  next.local = new_local;
  next.peer = path_.peer;
  next.validated = true;  // the client sends freely; the challenge checks the path works
  switch_path(now, next, /*reset_estimates=*/true, /*validate=*/true);
  // A non-probing packet right away makes the server follow (§9.2).
  ping_pending_ = true;
  return {};
}

void Connection::reset_path_estimates() {
  CongestionControlConfig config;
  config.max_datagram_size = max_datagram_size();
  cc_ = make_congestion_controller(settings_.congestion_control, config);
  loss_.set_congestion_controller(cc_.get());
  loss_.rtt().reset(settings_.initial_rtt);
}

void Connection::start_path_validation(Instant now) {
  // A challenge already sent on this path while it was probed is repeated, not replaced.
  if (!path_.challenge) {
    std::array<uint8_t, 8> data{};
    rng_.fill(data);
    path_.challenge = data;
  }
  path_.challenge_sent_at = now;
  path_challenge_pending_ = true;
  // RFC 9000 §8.2.4: give up after three PTOs (at least six initial RTTs); meanwhile the
  // challenge is repeated once per PTO.
  path_validation_deadline_ = now + std::max(pto_duration() * 3, settings_.initial_rtt * 6);
  timers_.set(TimerKind::kPathValidation,
              std::min(now + pto_duration(), path_validation_deadline_));
}

void Connection::on_path_validated(Instant now) {
  path_.challenge.reset();
  path_challenge_pending_ = false;
  if (!path_.validated) {
    path_.validated = true;
    loss_.set_amplification_limited(now, false);
  }
  previous_path_.reset();
  path_validation_deadline_ = Instant::infinite_future();
  timers_.cancel(TimerKind::kPathValidation);
}

void Connection::on_path_validation_timer(Instant now) {
  timers_.cancel(TimerKind::kPathValidation);
  if (!path_.challenge) return;
  if (now < path_validation_deadline_) {
    // Another challenge with the same data (a response to either validates the path).
    path_challenge_pending_ = true;
    timers_.set(TimerKind::kPathValidation,
                std::min(now + pto_duration(), path_validation_deadline_));
    return;
  }
  stats_.path_validations_failed++;
  path_challenge_pending_ = false;
  path_.challenge.reset();
  if (previous_path_) {
    // RFC 9000 §9.3.2: back to the last validated path.
    path_ = *previous_path_;
    previous_path_.reset();
    push_event(event::PathChanged{path_.local, path_.peer});
  } else {
    // Nowhere to go back to (§8.2.4): the connection cannot continue.
    close_with_error(
        now, QuicError::transport(TransportError::kNoViablePath, 0, "path validation failed"));
  }
}

}  // namespace quasar
