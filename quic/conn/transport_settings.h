// TransportSettings: the transport behaviour a connection is configured with — the transport
// parameters it announces (RFC 9000 §18.2) and local policies — with validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "quic/base/time.h"
#include "quic/wire/transport_parameters.h"

namespace quasar {

struct TransportSettings {
  // --- Announced as transport parameters (RFC 9000 §18.2) ---
  uint64_t initial_max_data = 16 << 20;
  uint64_t initial_max_stream_data_bidi_local = 1 << 20;
  uint64_t initial_max_stream_data_bidi_remote = 1 << 20;
  uint64_t initial_max_stream_data_uni = 1 << 20;
  uint64_t initial_max_streams_bidi = 100;
  uint64_t initial_max_streams_uni = 100;
  Duration max_idle_timeout = Duration::from_seconds(30);  // zero: no idle timeout
  uint64_t max_udp_payload_size = 1472;                    // what we can receive
  uint64_t ack_delay_exponent = kDefaultAckDelayExponent;
  Duration max_ack_delay = Duration::from_millis(25);
  uint64_t active_connection_id_limit = 4;
  bool disable_active_migration = false;
  // RFC 9221: 0 disables DATAGRAM frames.
  uint64_t max_datagram_frame_size = 0;

  // --- Local policy ---
  // Length of the connection IDs we issue; zero is allowed for clients only.
  size_t connection_id_length = 8;
  // Receive windows grow up to these bounds when the application reads fast.
  uint64_t max_stream_receive_window = 16 << 20;
  uint64_t max_connection_receive_window = 24 << 20;
  // Unacknowledged bytes a stream may buffer before write() pushes back.
  uint64_t stream_send_buffer = 1 << 20;
  // "newreno" or "cubic".
  std::string congestion_control = "cubic";
  Duration initial_rtt = Duration::from_millis(333);
  // ACK after this many ack-eliciting packets (RFC 9000 §13.2.2).
  uint64_t ack_eliciting_threshold = 2;
  // Send PING this often while idle to keep the connection (and NAT bindings) alive; zero: off.
  Duration keep_alive_interval = Duration::zero();
  // Largest datagram we send before path MTU discovery raises it (RFC 9000 §14: 1200).
  uint64_t initial_max_datagram_size = 1200;
  // Mark packets ECT(0) and validate ECN on the path (RFC 9000 §13.4).
  bool ecn = true;
  // Initiate a key update after sending this many 1-RTT packets since our own last one (0: only
  // when the AEAD confidentiality limit requires it, RFC 9001 §6.6).
  uint64_t key_update_interval_packets = 0;
  // RFC 9221: datagrams queued to send, and received ones not yet taken; the oldest is dropped
  // when full.
  size_t datagram_queue_length = 64;
  // RFC 8899 path MTU discovery once the handshake is confirmed, up to the smaller of
  // max_udp_payload_size and the peer's.
  bool pmtu_discovery = true;

  // The error of the first invalid setting ("max_udp_payload_size must be ..."), or nullopt.
  std::optional<std::string> validate(bool is_server) const;
};

}  // namespace quasar
