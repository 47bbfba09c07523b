// SendFlowControl: the peer's limit on what we may send, on one stream or the whole connection.
#pragma once

#include <cstdint>
#include <optional>

namespace quasar {

// RFC 9000 §4.1. At stream level `sent` is the largest offset sent; at connection level it is
// the sum of those over all streams. Either way, the caller adds each new byte once.
class SendFlowControl {
 public:
  enum class LimitUpdate : uint8_t {
    kIgnored,    // not larger than the current limit (RFC 9000 §4.1: MUST be ignored)
    kIncreased,  // larger, and the sender still had credit
    kUnblocked,  // larger, and the sender had used all its credit: it can send again
  };

  explicit SendFlowControl(uint64_t initial_limit = 0) : limit_(initial_limit) {}

  uint64_t limit() const { return limit_; }
  uint64_t sent() const { return sent_; }
  uint64_t available() const { return sent_ >= limit_ ? 0 : limit_ - sent_; }
  bool is_blocked() const { return sent_ >= limit_; }

  // Counts `bytes` more data as sent; the caller stays within available().
  void add_sent(uint64_t bytes);
  // MAX_DATA / MAX_STREAM_DATA, or the transport parameter arriving after 0-RTT streams opened.
  LimitUpdate update_limit(uint64_t new_limit);

  // RFC 9000 §4.1: a sender with data waiting at the limit SHOULD say so with DATA_BLOCKED or
  // STREAM_DATA_BLOCKED, once for each limit value. Ask only when there is data waiting.
  bool should_send_blocked() const { return is_blocked() && blocked_sent_at_ != limit_; }
  // The value for the frame's Maximum (Stream) Data field.
  uint64_t blocked_at() const { return limit_; }
  void on_blocked_sent(uint64_t limit) { blocked_sent_at_ = limit; }
  // A lost BLOCKED frame is worth repeating only if the limit has not moved since.
  void on_blocked_lost(uint64_t limit) {
    if (blocked_sent_at_ == limit) blocked_sent_at_.reset();
  }

 private:
  uint64_t limit_;
  uint64_t sent_ = 0;
  std::optional<uint64_t> blocked_sent_at_;
};

}  // namespace quasar
