// ReceiveFlowControl: limit enforcement, credit updates and window auto-tuning.
#include "quic/stream/receive_flow_control.h"

#include <algorithm>

namespace quasar {

ReceiveFlowControl::ReceiveFlowControl(uint64_t initial_window, uint64_t max_window)
    : limit_(initial_window),
      window_(initial_window),
      max_window_(std::max(initial_window, max_window)) {}

Status ReceiveFlowControl::on_received_up_to(uint64_t new_received, uint64_t frame_type) {
  if (new_received <= received_) return ok_status();
  if (new_received > limit_) {
    // RFC 9000 §4.1: a sender exceeding an advertised limit is a FLOW_CONTROL_ERROR.
    return QuicError::transport(TransportError::kFlowControlError, frame_type,
                                "data beyond the flow control limit");
  }
  received_ = new_received;
  return ok_status();
}

void ReceiveFlowControl::on_discarded(uint64_t bytes) { consumed_ += bytes; }

void ReceiveFlowControl::on_consumed(uint64_t bytes, Instant now, Duration smoothed_rtt) {
  consumed_ += bytes;
  if (smoothed_rtt <= Duration::zero()) return;
  if (!epoch_start_) {
    // The first read starts the clock; the window is measured from here.
    epoch_start_ = now;
    epoch_consumed_ = consumed_;
    return;
  }
  if (consumed_ - epoch_consumed_ < window_) return;
  // A whole window went through. If that took under two round trips, the peer was waiting on
  // our credit rather than on the network: give it a bigger window.
  if (now - *epoch_start_ < smoothed_rtt * 2) {
    window_ = std::min(window_ * 2, max_window_);
  }
  epoch_start_ = now;
  epoch_consumed_ = consumed_;
}

void ReceiveFlowControl::ensure_window_at_least(uint64_t window) {
  window_ = std::max(window_, std::min(window, max_window_));
}

bool ReceiveFlowControl::should_send_update() const {
  if (resend_) return true;
  const uint64_t credit_left = limit_ > consumed_ ? limit_ - consumed_ : 0;
  return credit_left < window_ / 2 && next_limit() > limit_;
}

void ReceiveFlowControl::on_update_sent(uint64_t limit) {
  limit_ = std::max(limit_, limit);
  resend_ = false;
}

void ReceiveFlowControl::on_update_lost(uint64_t limit) {
  if (limit == limit_) resend_ = true;
}

}  // namespace quasar
