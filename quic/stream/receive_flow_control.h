// ReceiveFlowControl: the limit we advertise to the peer, enforced and raised as data is read.
#pragma once

#include <cstdint>
#include <optional>

#include "quic/base/result.h"
#include "quic/base/time.h"

namespace quasar {

// RFC 9000 §4.1, §4.2, at stream level (MAX_STREAM_DATA; `received` is the largest offset
// received) or connection level (MAX_DATA; `received` is the sum of those over all streams).
//
// The limit moves to consumed + window whenever less than half a window of credit is left.
// The window auto-tunes like TCP's receive buffer: if the application consumes a whole window
// in under two round trips, the window was what limited the sender, so it doubles, up to
// max_window.
class ReceiveFlowControl {
 public:
  // `initial_window` is also the initial advertised limit (the transport parameter).
  ReceiveFlowControl(uint64_t initial_window, uint64_t max_window);

  uint64_t limit() const { return limit_; }
  uint64_t window() const { return window_; }
  uint64_t max_window() const { return max_window_; }
  uint64_t received() const { return received_; }
  uint64_t consumed() const { return consumed_; }

  // Raises the received count to `new_received` (lower values change nothing).
  // FLOW_CONTROL_ERROR (with `frame_type`) if it passes the advertised limit: exactly at the
  // limit is allowed.
  Status on_received_up_to(uint64_t new_received, uint64_t frame_type);
  Status on_received(uint64_t bytes, uint64_t frame_type) {
    return on_received_up_to(received_ + bytes, frame_type);
  }
  // Bytes that will never be read, credited back without counting toward auto-tuning
  // (discarded after a reset or STOP_SENDING).
  void on_discarded(uint64_t bytes);
  // Bytes the application read. `smoothed_rtt` of zero (no sample yet) disables tuning.
  void on_consumed(uint64_t bytes, Instant now, Duration smoothed_rtt);
  // Grows the window to at least `window` (bounded by max_window), e.g. to keep the connection
  // window above a stream window that auto-tuned.
  void ensure_window_at_least(uint64_t window);

  // Whether a MAX_DATA / MAX_STREAM_DATA frame is due: less than half a window of credit left,
  // or the last update was lost.
  bool should_send_update() const;
  // The value to advertise now.
  uint64_t next_limit() const { return consumed_ + window_; }
  // The frame carrying `limit` was sent: it is the new advertised limit.
  void on_update_sent(uint64_t limit);
  // The frame carrying `limit` was lost: send again if nothing newer went out.
  void on_update_lost(uint64_t limit);

 private:
  uint64_t limit_;
  uint64_t window_;
  uint64_t max_window_;
  uint64_t received_ = 0;
  uint64_t consumed_ = 0;
  bool resend_ = false;
  // Auto-tuning epoch: when it began and how much had been consumed then.
  std::optional<Instant> epoch_start_;
  uint64_t epoch_consumed_ = 0;
};

}  // namespace quasar
