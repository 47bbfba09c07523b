// ConnectionConfig: what an HTTP/3 connection announces in its SETTINGS and the limits that
// guard it against a peer generating excessive load (RFC 9114 §10.5).
#pragma once

#include <cstddef>
#include <cstdint>

namespace quasar::http3 {

struct ConnectionConfig {
  // --- Our SETTINGS (RFC 9114 §7.2.4.1, RFC 9204 §5) ---
  uint64_t qpack_max_table_capacity = 4096;
  uint64_t qpack_blocked_streams = 16;
  // Largest field section we accept (name + value + 32 per line, RFC 9114 §4.2.2). A request
  // over it is answered 431; a response over it fails with H3_EXCESSIVE_LOAD.
  uint64_t max_field_section_size = 64 * 1024;

  // The most of the peer's table our encoder uses.
  uint64_t qpack_encoder_table_capacity = 4096;

  // --- Guards (H3_EXCESSIVE_LOAD) ---
  // Control stream frames (SETTINGS, PRIORITY_UPDATE, unknown frames are skipped) above this
  // size are not buffered.
  uint64_t max_control_frame_size = 16 * 1024;
  // PRIORITY_UPDATE frames held for request streams not opened yet (RFC 9218 §7).
  size_t max_pending_priority_updates = 256;
  // Bytes a request or response stream may carry behind a field section that waits for the
  // QPACK encoder stream (RFC 9204 §2.2.1). They are held, not processed, and the transport's
  // flow control does not bound them because HTTP/3 reads eagerly; beyond this the stream
  // fails with H3_EXCESSIVE_LOAD.
  uint64_t max_blocked_stream_bytes = 1 << 20;

  // --- GREASE (RFC 9114 §7.2.4.1, §7.2.8) ---
  // Send a reserved setting and a reserved frame on the control stream.
  bool send_grease = true;
  // Picks which reserved identifiers (0x1f * N + 0x21) are sent.
  uint64_t grease_seed = 7;
};

}  // namespace quasar::http3
