// PacketSpace: the per-packet-number-space state of a connection (RFC 9000 §12.3): next packet
// number, received-packet tracking for ACKs, CRYPTO data, and (Initial, Handshake) keys.
#pragma once

#include <optional>

#include "crypto/packet_keys.h"
#include "quic/base/encryption_level.h"
#include "quic/conn/crypto_stream.h"
#include "quic/recovery/ack_tracker.h"

namespace quasar {

struct PacketSpace {
  PacketSpace(PacketNumberSpace space, ChunkPool& pool, const AckTrackerConfig& acks_config)
      : id(space), acks(space, acks_config), crypto(pool) {}

  PacketNumberSpace id;
  uint64_t next_packet_number = 0;
  AckTracker acks;
  CryptoStream crypto;
  // Initial and Handshake keys; the application space uses OneRttKeys / 0-RTT keys instead.
  std::optional<PacketKeys> read_keys;
  std::optional<PacketKeys> write_keys;
  // RFC 9001 §4.9: keys discarded; nothing is sent or accepted in this space any more.
  bool discarded = false;
  // A PTO asked for probe packets here; cleared as they are sent.
  uint32_t probes_to_send = 0;
};

}  // namespace quasar
