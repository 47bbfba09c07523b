// Connection: 0-RTT (RFC 9001 §4.6, RFC 9000 §7.4.1). A resuming client sends stream data in
// 0-RTT packets within the limits it remembered; when the handshake completes it learns
// whether the server accepted it, and if not, sends it again in 1-RTT. A server notes which
// streams carried early data.
#include <algorithm>

#include "quic/conn/connection.h"
#include "quic/conn/connection_loss_visitor.h"
#include "quic/conn/peer_stream_limits.h"

namespace quasar {

namespace {

// RFC 9000 §7.4.1: a server accepting 0-RTT must not lower any of these below what it
// remembered.
bool reduces_remembered_limits(const TransportParameters& now, const TransportParameters& then) {
  return now.active_connection_id_limit < then.active_connection_id_limit ||
         now.initial_max_data < then.initial_max_data ||
         now.initial_max_stream_data_bidi_local < then.initial_max_stream_data_bidi_local ||
         now.initial_max_stream_data_bidi_remote < then.initial_max_stream_data_bidi_remote ||
         now.initial_max_stream_data_uni < then.initial_max_stream_data_uni ||
         now.initial_max_streams_bidi < then.initial_max_streams_bidi ||
         now.initial_max_streams_uni < then.initial_max_streams_uni ||
         now.max_datagram_frame_size.value_or(0) < then.max_datagram_frame_size.value_or(0);
}

}  // namespace

void Connection::apply_remembered_peer_params() {
  // Only a client whose TLS offered early data (and installed 0-RTT keys) uses them.
  if (role_ != Role::kClient || !remembered_peer_params_ || !zero_rtt_keys_) return;
  streams_.apply_peer_limits(peer_stream_limits(*remembered_peer_params_));
}

Status Connection::on_early_data_outcome(Instant now) {
  if (role_ != Role::kClient) return {};
  switch (tls_->early_data_state()) {
    case EarlyDataState::kAccepted:
      if (remembered_peer_params_ &&
          reduces_remembered_limits(peer_params_, *remembered_peer_params_)) {
        return QuicError::transport(TransportError::kProtocolViolation, 0,
                                    "0-RTT accepted with reduced transport parameters");
      }
      break;
    case EarlyDataState::kRejected: {
      // RFC 9001 §4.6.2: everything sent in 0-RTT is lost; send it again in 1-RTT.
      LossVisitor visitor(*this, now);
      loss_.on_zero_rtt_rejected(now, visitor);
      push_event(event::ZeroRttRejected{});
      break;
    }
    case EarlyDataState::kNotAttempted:
    case EarlyDataState::kPending:
      break;
  }
  zero_rtt_keys_.reset();
  return {};
}

void Connection::note_early_data(uint64_t stream_id, uint64_t bytes) {
  stats_.zero_rtt_stream_bytes_received += bytes;
  if (std::find(early_data_streams_.begin(), early_data_streams_.end(), stream_id) ==
      early_data_streams_.end()) {
    early_data_streams_.push_back(stream_id);
  }
}

bool Connection::stream_has_early_data(uint64_t stream_id) const {
  return std::find(early_data_streams_.begin(), early_data_streams_.end(), stream_id) !=
         early_data_streams_.end();
}

}  // namespace quasar
