// ReceiveStream: drives the §3.2 state machine and keeps both flow controllers in step.
#include "quic/stream/receive_stream.h"

#include <cassert>

#include "quic/stream/stream_frame_types.h"

namespace quasar {

ReceiveStream::ReceiveStream(ChunkPool& pool, uint64_t initial_window, uint64_t max_window)
    : buffer_(pool), flow_(initial_window, max_window) {}

void ReceiveStream::apply(ReceiveEvent event) {
  const std::optional<ReceiveState> next = receive_state_after(state_, event);
  assert(next && "receive state transition not allowed by RFC 9000 §3.2");
  if (next) state_ = *next;
}

void ReceiveStream::advance_after_data() {
  if (state_ == ReceiveState::kSizeKnown && buffer_.is_all_received()) {
    apply(ReceiveEvent::kAllDataReceived);
  }
  if (state_ == ReceiveState::kDataRecvd && buffer_.is_discarding()) {
    apply(ReceiveEvent::kAppReadAll);
  }
}

void ReceiveStream::credit_discarded(uint64_t read_offset_before, ReceiveFlowControl& connection) {
  const uint64_t discarded = buffer_.read_offset() - read_offset_before;
  if (discarded == 0) return;
  flow_.on_discarded(discarded);
  connection.on_discarded(discarded);
}

Status ReceiveStream::on_stream_frame(uint64_t offset, std::span<const uint8_t> data, bool fin,
                                      uint64_t frame_type, ReceiveFlowControl& connection) {
  QUASAR_TRY(buffer_.check(offset, data.size(), fin, frame_type));
  const uint64_t end = offset + data.size();
  const uint64_t highest_before = buffer_.highest_received();
  QUASAR_TRY(flow_.on_received_up_to(end, frame_type));
  if (end > highest_before) QUASAR_TRY(connection.on_received(end - highest_before, frame_type));
  const uint64_t read_before = buffer_.read_offset();
  QUASAR_TRY(buffer_.insert(offset, data, fin, frame_type));
  credit_discarded(read_before, connection);
  if (state_ == ReceiveState::kRecv || state_ == ReceiveState::kSizeKnown) {
    apply(fin ? ReceiveEvent::kRecvFin : ReceiveEvent::kRecvData);
    advance_after_data();
  }
  return ok_status();
}

Status ReceiveStream::on_reset_stream(uint64_t error_code, uint64_t final_size,
                                      ReceiveFlowControl& connection) {
  constexpr uint64_t kFrame = stream_frame_type::kResetStream;
  // RFC 9000 §4.5 and §19.4: the final size must agree with everything seen so far and it
  // counts toward flow control like data.
  QUASAR_TRY(buffer_.check(final_size, 0, /*fin=*/true, kFrame));
  const uint64_t highest_before = buffer_.highest_received();
  QUASAR_TRY(flow_.on_received_up_to(final_size, kFrame));
  if (final_size > highest_before) {
    QUASAR_TRY(connection.on_received(final_size - highest_before, kFrame));
  }
  // A repeated or late RESET_STREAM changes nothing once reset or terminal.
  if (is_terminal(state_) || state_ == ReceiveState::kResetRecvd) return ok_status();
  const uint64_t read_before = buffer_.read_offset();
  QUASAR_TRY(buffer_.set_final_size_and_discard(final_size, kFrame));
  credit_discarded(read_before, connection);
  reset_code_ = error_code;
  apply(ReceiveEvent::kRecvReset);
  return ok_status();
}

bool ReceiveStream::is_readable() const {
  if (buffer_.is_discarding()) return false;
  switch (state_) {
    case ReceiveState::kRecv:
    case ReceiveState::kSizeKnown:
      return buffer_.readable_bytes() > 0;
    case ReceiveState::kDataRecvd:
      return true;  // data, or at least the FIN, to report
    default:
      return false;
  }
}

StreamReadResult ReceiveStream::read(uint8_t* out, size_t max, Instant now, Duration smoothed_rtt,
                                     ReceiveFlowControl& connection) {
  StreamReadResult result;
  if (state_ == ReceiveState::kResetRecvd || state_ == ReceiveState::kResetRead) {
    result.reset_error_code = reset_code_;
    on_reset_read();
    return result;
  }
  if (buffer_.is_discarding()) return result;
  result.bytes = buffer_.read(out, max);
  if (result.bytes > 0) {
    flow_.on_consumed(result.bytes, now, smoothed_rtt);
    connection.on_consumed(result.bytes, now, smoothed_rtt);
  }
  result.fin = buffer_.is_fin_read();
  if (result.fin && state_ == ReceiveState::kDataRecvd) apply(ReceiveEvent::kAppReadAll);
  return result;
}

std::span<const uint8_t> ReceiveStream::peek() const {
  if (buffer_.is_discarding() || state_ == ReceiveState::kResetRecvd) return {};
  return buffer_.peek();
}

void ReceiveStream::consume(size_t n, Instant now, Duration smoothed_rtt,
                            ReceiveFlowControl& connection) {
  if (n == 0 || buffer_.is_discarding()) return;
  buffer_.consume(n);
  flow_.on_consumed(n, now, smoothed_rtt);
  connection.on_consumed(n, now, smoothed_rtt);
  if (buffer_.is_fin_read() && state_ == ReceiveState::kDataRecvd) {
    apply(ReceiveEvent::kAppReadAll);
  }
}

bool ReceiveStream::stop_sending(uint64_t error_code, ReceiveFlowControl& connection) {
  if (buffer_.is_discarding() || is_terminal(state_) || state_ == ReceiveState::kResetRecvd) {
    return false;
  }
  stop_code_ = error_code;
  // RFC 9000 §3.5: worth sending only while the peer may still be sending.
  stop_pending_ = can_stop_sending(state_);
  const uint64_t read_before = buffer_.read_offset();
  buffer_.discard();
  credit_discarded(read_before, connection);
  advance_after_data();
  return stop_pending_;
}

void ReceiveStream::on_reset_read() {
  if (state_ == ReceiveState::kResetRecvd) apply(ReceiveEvent::kAppReadReset);
}

bool ReceiveStream::should_send_max_stream_data() const {
  return wants_more_data(state_) && !buffer_.is_discarding() && flow_.should_send_update();
}

bool ReceiveStream::has_stop_sending_to_send() const {
  return stop_pending_ && can_stop_sending(state_);
}

void ReceiveStream::on_stop_sending_lost() {
  if (stop_code_ && can_stop_sending(state_)) stop_pending_ = true;
}

}  // namespace quasar
