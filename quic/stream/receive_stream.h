// ReceiveStream: the receiving part of a stream: §3.2 state, reassembly, stream flow control.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/result.h"
#include "quic/base/time.h"
#include "quic/stream/chunk_pool.h"
#include "quic/stream/receive_buffer.h"
#include "quic/stream/receive_flow_control.h"
#include "quic/stream/receive_state.h"

namespace quasar {

// What a read produced.
struct StreamReadResult {
  size_t bytes = 0;
  // Everything up to the final size has been read: the stream ended cleanly.
  bool fin = false;
  // The peer reset the stream (RESET_STREAM) with this application error code.
  std::optional<uint64_t> reset_error_code;
};

// Every call that receives or consumes data also takes the connection-level controller, so
// that stream and connection flow control (RFC 9000 §4.1) move together: data received raises
// both, data read or discarded credits both.
class ReceiveStream {
 public:
  // `initial_window` is our transport parameter for this kind of stream; `max_window` bounds
  // auto-tuning.
  ReceiveStream(ChunkPool& pool, uint64_t initial_window, uint64_t max_window);

  ReceiveState state() const { return state_; }
  const ReceiveBuffer& buffer() const { return buffer_; }
  const ReceiveFlowControl& flow() const { return flow_; }

  // --- Frames from the peer ---
  // STREAM (RFC 9000 §19.8). Errors: FINAL_SIZE_ERROR (§4.5), FLOW_CONTROL_ERROR at stream
  // or connection level (§4.1), each carrying `frame_type`.
  Status on_stream_frame(uint64_t offset, std::span<const uint8_t> data, bool fin,
                         uint64_t frame_type, ReceiveFlowControl& connection);
  // RESET_STREAM (RFC 9000 §19.4): final size rules as for STREAM, then unread data is dropped
  // and its credit returned.
  Status on_reset_stream(uint64_t error_code, uint64_t final_size, ReceiveFlowControl& connection);

  // --- Application ---
  // Data to read, or an end of stream not yet reported. False after a reset or stop_sending.
  bool is_readable() const;
  // Copies in-order data out. After a reset, returns the reset (and marks it reported).
  StreamReadResult read(uint8_t* out, size_t max, Instant now, Duration smoothed_rtt,
                        ReceiveFlowControl& connection);
  // Zero-copy reading: a view of the next bytes (empty when none), then consume().
  std::span<const uint8_t> peek() const;
  void consume(size_t n, Instant now, Duration smoothed_rtt, ReceiveFlowControl& connection);
  // RFC 9000 §3.5: the application no longer wants the data. Buffered and future data is
  // discarded (but still counted for flow control). True if a STOP_SENDING frame is due.
  bool stop_sending(uint64_t error_code, ReceiveFlowControl& connection);
  std::optional<uint64_t> reset_error_code() const { return reset_code_; }
  // The application was told of the reset: "Reset Recvd" becomes "Reset Read".
  void on_reset_read();

  // --- Control frames, for the packet builder ---
  // MAX_STREAM_DATA (RFC 9000 §19.10): only in "Recv", and not after stop_sending.
  bool should_send_max_stream_data() const;
  uint64_t next_max_stream_data() const { return flow_.next_limit(); }
  void on_max_stream_data_sent(uint64_t limit) { flow_.on_update_sent(limit); }
  void on_max_stream_data_lost(uint64_t limit) { flow_.on_update_lost(limit); }
  // STOP_SENDING (RFC 9000 §19.5): resent while the stream is in "Recv" or "Size Known".
  bool has_stop_sending_to_send() const;
  uint64_t stop_sending_error_code() const { return stop_code_.value_or(0); }
  void on_stop_sending_sent() { stop_pending_ = false; }
  void on_stop_sending_lost();

 private:
  void apply(ReceiveEvent event);
  // Moves through "Data Recvd" (and on to "Data Read" when nobody will read) as data completes.
  void advance_after_data();
  // Credits bytes that will never be read to both flow controllers.
  void credit_discarded(uint64_t read_offset_before, ReceiveFlowControl& connection);

  ReceiveState state_ = ReceiveState::kRecv;
  ReceiveBuffer buffer_;
  ReceiveFlowControl flow_;
  std::optional<uint64_t> reset_code_;
  std::optional<uint64_t> stop_code_;
  bool stop_pending_ = false;
};

}  // namespace quasar
