// StreamMapConfig and PeerStreamLimits: our stream-related settings and the peer's.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quic/base/role.h"

namespace quasar {

// Our side. The initial_* fields are the values we send as transport parameters
// (RFC 9000 §18.2); they limit what the peer may send and open.
struct StreamMapConfig {
  Role role = Role::kClient;

  uint64_t initial_max_data = 1 << 20;
  // For bidirectional streams we open, bidirectional streams the peer opens, and the peer's
  // unidirectional streams.
  uint64_t initial_max_stream_data_bidi_local = 256 << 10;
  uint64_t initial_max_stream_data_bidi_remote = 256 << 10;
  uint64_t initial_max_stream_data_uni = 256 << 10;
  uint64_t initial_max_streams_bidi = 100;
  uint64_t initial_max_streams_uni = 100;

  // Bounds for receive window auto-tuning.
  uint64_t max_stream_receive_window = 16 << 20;
  uint64_t max_connection_receive_window = 24 << 20;

  // Unacknowledged bytes one stream may buffer before write() pushes back.
  uint64_t send_buffer_limit = 1 << 20;
  // Pooled buffer chunks shared by all streams.
  size_t chunk_size = 4096;
  size_t max_idle_chunks = 256;
  // Bytes an incremental stream sends before yielding its turn: about one packet.
  uint64_t scheduler_quantum = 1200;
};

// The peer's transport parameters (RFC 9000 §18.2) that limit what we send and open. Until
// they are known (or remembered for 0-RTT) everything is zero.
struct PeerStreamLimits {
  uint64_t initial_max_data = 0;
  // In the peer's terms: bidi_local applies to streams the peer opens, bidi_remote to the
  // bidirectional streams we open, uni to the unidirectional streams we open.
  uint64_t initial_max_stream_data_bidi_local = 0;
  uint64_t initial_max_stream_data_bidi_remote = 0;
  uint64_t initial_max_stream_data_uni = 0;
  uint64_t initial_max_streams_bidi = 0;
  uint64_t initial_max_streams_uni = 0;
};

}  // namespace quasar
