// ConnectionStats: counters a connection keeps for applications, tools and qlog.
#pragma once

#include <cstdint>

namespace quasar {

struct ConnectionStats {
  uint64_t datagrams_sent = 0;
  uint64_t datagrams_received = 0;
  uint64_t bytes_sent = 0;      // UDP payload bytes
  uint64_t bytes_received = 0;  // UDP payload bytes
  uint64_t packets_sent = 0;
  uint64_t packets_received = 0;
  uint64_t packets_dropped = 0;    // undecryptable, duplicate, or for discarded keys
  uint64_t stream_bytes_sent = 0;  // STREAM frame payload, retransmissions included
  uint64_t stream_bytes_retransmitted = 0;
  uint64_t stream_bytes_received = 0;
  uint64_t ack_frames_sent = 0;
  uint64_t ack_frames_received = 0;
  uint64_t key_updates = 0;            // key phase changes seen on received packets
  uint64_t key_updates_initiated = 0;  // of those, updates this endpoint started
  uint64_t max_congestion_window = 0;  // the largest congestion window seen
  uint64_t initial_packets_sent = 0;
  uint64_t retries_received = 0;
  uint64_t version_negotiations_received = 0;  // acted upon (RFC 9000 §6.2)
  uint64_t header_masks_batched = 0;           // received 1-RTT packets unmasked in a batch (GRO)
  uint64_t path_changes = 0;                   // migrations and NAT rebindings (RFC 9000 §9)
  uint64_t path_validations_failed = 0;        // fell back to the previous path (§9.3.2)
  uint64_t zero_rtt_stream_bytes_sent = 0;     // client: STREAM payload in 0-RTT packets
  uint64_t zero_rtt_stream_bytes_received =
      0;  // server  // client: Retry packets acted on (at most one)
  // Datagrams a server sent beyond three times what it had received from an address it had not
  // validated (RFC 9000 §8.1); must stay 0.
  uint64_t amplification_limit_exceeded = 0;
  // RFC 9221 DATAGRAM frames: sent, acknowledged or declared lost (never retransmitted),
  // received, and dropped — the oldest queued for sending when the queue was full, or received
  // ones the application had not taken when its queue was full.
  uint64_t datagram_frames_sent = 0;
  uint64_t datagram_frames_acked = 0;
  uint64_t datagram_frames_lost = 0;
  uint64_t datagram_frames_received = 0;
  uint64_t datagram_frames_dropped = 0;
  uint64_t datagram_frames_dropped_unread = 0;
};

}  // namespace quasar
