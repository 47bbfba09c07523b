// SendStream: drives the §3.1 state machine from application calls and packet events.
#include "quic/stream/send_stream.h"

#include <algorithm>
#include <cassert>

#include "quic/base/varint.h"

namespace quasar {

SendStream::SendStream(ChunkPool& pool, uint64_t buffer_limit, uint64_t initial_max_stream_data)
    : buffer_(pool, buffer_limit), flow_(initial_max_stream_data) {}

void SendStream::apply(SendEvent event) {
  const std::optional<SendState> next = send_state_after(state_, event);
  assert(next && "send state transition not allowed by RFC 9000 §3.1");
  if (next) state_ = *next;
}

uint64_t SendStream::writable_bytes() const {
  const uint64_t credit =
      flow_.limit() > buffer_.write_offset() ? flow_.limit() - buffer_.write_offset() : 0;
  return std::min(buffer_.writable_bytes(), credit);
}

size_t SendStream::write(std::span<const uint8_t> data) {
  const size_t n = static_cast<size_t>(std::min<uint64_t>(data.size(), writable_bytes()));
  const size_t written = buffer_.write(data.first(n));
  if (written < data.size() && !buffer_.is_finished() && !is_reset()) write_blocked_ = true;
  return written;
}

bool SendStream::finish() {
  if (is_reset() || is_terminal(state_)) return false;
  buffer_.finish();
  return true;
}

bool SendStream::reset(uint64_t error_code) {
  if (!send_state_after(state_, SendEvent::kSendReset)) return false;
  // RFC 9000 §4.5: the final size is the flow control credit consumed, i.e. what was sent.
  reset_ = ResetStreamFields{error_code, buffer_.sent_offset()};
  buffer_.reset();
  apply(SendEvent::kSendReset);
  reset_pending_ = true;
  write_blocked_ = false;
  return true;
}

bool SendStream::take_writable() {
  if (!write_blocked_ || writable_bytes() == 0) return false;
  write_blocked_ = false;
  return true;
}

SendFlowControl::LimitUpdate SendStream::on_max_stream_data(uint64_t max_stream_data) {
  // RFC 9000 §3.1: MAX_STREAM_DATA can be ignored once the FIN is out; updating is harmless.
  return flow_.update_limit(max_stream_data);
}

bool SendStream::on_stop_sending(uint64_t error_code) {
  if (!stop_sending_code_) stop_sending_code_ = error_code;
  return reset(error_code);
}

bool SendStream::has_data_to_send(uint64_t connection_credit) const {
  if (!can_send_stream_frames(state_)) return false;
  if (buffer_.has_retransmission() || buffer_.has_fin_to_send()) return true;
  return buffer_.unsent_bytes() > 0 && flow_.available() > 0 && connection_credit > 0;
}

bool SendStream::is_blocked_by_connection(uint64_t connection_credit) const {
  if (!can_send_stream_frames(state_) || connection_credit > 0) return false;
  if (buffer_.has_retransmission() || buffer_.has_fin_to_send()) return false;
  return buffer_.unsent_bytes() > 0 && flow_.available() > 0;
}

std::optional<StreamChunk> SendStream::next_send(uint64_t max_bytes,
                                                 uint64_t connection_credit) const {
  if (!can_send_stream_frames(state_)) return std::nullopt;
  const uint64_t sent = buffer_.sent_offset();
  const uint64_t connection_limit = sent + std::min(connection_credit, kMaxVarint - sent);
  return buffer_.next_send(max_bytes, std::min(flow_.limit(), connection_limit));
}

uint64_t SendStream::on_sent(const StreamChunk& chunk) {
  if (!can_send_stream_frames(state_)) return 0;
  const uint64_t before = buffer_.sent_offset();
  buffer_.on_sent(chunk.offset, chunk.length, chunk.fin);
  const uint64_t new_bytes = buffer_.sent_offset() - before;
  flow_.add_sent(new_bytes);
  apply(chunk.fin ? SendEvent::kSendFin : SendEvent::kSendData);
  return new_bytes;
}

bool SendStream::on_acked(const StreamChunk& chunk) {
  if (state_ != SendState::kDataSent && state_ != SendState::kSend && state_ != SendState::kReady) {
    return false;
  }
  buffer_.on_acked(chunk.offset, chunk.length, chunk.fin);
  if (state_ == SendState::kDataSent && buffer_.is_all_acked()) {
    apply(SendEvent::kAllAcked);
    return true;
  }
  return false;
}

void SendStream::on_lost(const StreamChunk& chunk) {
  // RFC 9000 §3.1: after RESET_STREAM nothing is retransmitted.
  if (!can_send_stream_frames(state_)) return;
  buffer_.on_lost(chunk.offset, chunk.length, chunk.fin);
}

void SendStream::on_reset_acked() {
  if (state_ == SendState::kResetSent) apply(SendEvent::kResetAcked);
  reset_pending_ = false;
}

void SendStream::on_reset_lost() {
  if (state_ == SendState::kResetSent) reset_pending_ = true;
}

bool SendStream::should_send_blocked() const {
  // RFC 9000 §3.1: only in Ready or Send; "Data Sent" never needs more credit.
  if (state_ != SendState::kReady && state_ != SendState::kSend) return false;
  // Writes stop at the peer's limit, so "data waiting" is an application write cut short
  // while every byte up to the limit has been sent.
  return write_blocked_ && flow_.should_send_blocked();
}

void SendStream::on_blocked_sent(uint64_t limit) {
  flow_.on_blocked_sent(limit);
  // RFC 9000 §3.1: STREAM_DATA_BLOCKED, like STREAM, moves Ready to Send.
  if (state_ == SendState::kReady) apply(SendEvent::kSendData);
}

}  // namespace quasar
