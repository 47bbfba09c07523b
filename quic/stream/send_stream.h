// SendStream: the sending part of a stream: §3.1 state, send buffer, stream flow control, reset.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "quic/stream/chunk_pool.h"
#include "quic/stream/send_buffer.h"
#include "quic/stream/send_flow_control.h"
#include "quic/stream/send_state.h"

namespace quasar {

// The fields of a RESET_STREAM frame (RFC 9000 §19.4).
struct ResetStreamFields {
  uint64_t error_code = 0;
  uint64_t final_size = 0;
  friend bool operator==(const ResetStreamFields&, const ResetStreamFields&) = default;
};

class SendStream {
 public:
  // `initial_max_stream_data` is the peer's transport parameter for this kind of stream.
  SendStream(ChunkPool& pool, uint64_t buffer_limit, uint64_t initial_max_stream_data);

  SendState state() const { return state_; }
  const SendBuffer& buffer() const { return buffer_; }
  const SendFlowControl& flow() const { return flow_; }

  // --- Application ---
  // Bytes write() accepts now: bounded by the send buffer and by the peer's stream limit, so
  // the application feels flow control as back-pressure.
  uint64_t writable_bytes() const;
  // Copies what fits; a short write marks the stream blocked until take_writable() says
  // otherwise. Writes nothing once finished or reset.
  size_t write(std::span<const uint8_t> data);
  // Ends the stream (a FIN follows the buffered data). False once reset.
  bool finish();
  // Abandons the stream with `error_code` (RFC 9000 §3.1: from Ready, Send or Data Sent).
  // True if a RESET_STREAM is now due; false if the stream was already reset or terminal.
  bool reset(uint64_t error_code);
  // True once when space opened up after a short write: the application should be told.
  bool take_writable();

  // --- Frames from the peer ---
  SendFlowControl::LimitUpdate on_max_stream_data(uint64_t max_stream_data);
  // RFC 9000 §3.5: STOP_SENDING is answered with RESET_STREAM carrying the peer's error code.
  // True if this reset the stream; false if it was already reset or all data was acked.
  bool on_stop_sending(uint64_t error_code);
  std::optional<uint64_t> stop_sending_error_code() const { return stop_sending_code_; }

  // --- STREAM frames, for the packet builder ---
  // Anything sendable given `connection_credit` bytes of connection-level credit.
  bool has_data_to_send(uint64_t connection_credit) const;
  // New data is waiting, with stream credit, but the connection has none.
  bool is_blocked_by_connection(uint64_t connection_credit) const;
  std::optional<StreamChunk> next_send(uint64_t max_bytes, uint64_t connection_credit) const;
  void copy(const StreamChunk& chunk, uint8_t* out) const {
    buffer_.copy(chunk.offset, chunk.length, out);
  }
  // Returns how many bytes were new (beyond anything sent before), to charge the connection.
  uint64_t on_sent(const StreamChunk& chunk);
  // True when this acknowledgement completed the stream ("Data Recvd").
  bool on_acked(const StreamChunk& chunk);
  void on_lost(const StreamChunk& chunk);

  // --- RESET_STREAM ---
  bool has_reset_to_send() const { return reset_pending_; }
  // The frame's fields; meaningful once reset.
  ResetStreamFields reset_fields() const { return reset_; }
  bool is_reset() const {
    return state_ == SendState::kResetSent || state_ == SendState::kResetRecvd;
  }
  void on_reset_sent() { reset_pending_ = false; }
  void on_reset_acked();
  void on_reset_lost();

  // --- STREAM_DATA_BLOCKED (RFC 9000 §19.13) ---
  bool should_send_blocked() const;
  uint64_t blocked_at() const { return flow_.blocked_at(); }
  void on_blocked_sent(uint64_t limit);
  void on_blocked_lost(uint64_t limit) { flow_.on_blocked_lost(limit); }

 private:
  void apply(SendEvent event);

  SendState state_ = SendState::kReady;
  SendBuffer buffer_;
  SendFlowControl flow_;
  ResetStreamFields reset_;
  std::optional<uint64_t> stop_sending_code_;
  bool reset_pending_ = false;
  bool write_blocked_ = false;
};

}  // namespace quasar
