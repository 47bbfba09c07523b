// OutgoingStreamLimit: how many streams of one direction we may open (the peer's MAX_STREAMS).
#pragma once

#include <cstdint>
#include <optional>

namespace quasar {

// RFC 9000 §4.6: the limit is cumulative over the connection, raised by MAX_STREAMS (§19.11)
// and never lowered. A refused open is remembered so that STREAMS_BLOCKED (§19.14) goes out
// once per limit value, and so that a later increase can be reported as "streams available".
class OutgoingStreamLimit {
 public:
  explicit OutgoingStreamLimit(uint64_t initial_max_streams = 0)
      : max_streams_(initial_max_streams) {}

  uint64_t max_streams() const { return max_streams_; }
  // Streams of this direction opened so far; also the index of the next one.
  uint64_t opened() const { return opened_; }
  uint64_t available() const { return max_streams_ - opened_; }

  // The index of the new stream, or nullopt at the limit (remembered as blocked).
  std::optional<uint64_t> try_open();
  // MAX_STREAMS or the transport parameter. True when the limit rose after an open was
  // refused: the application should hear that streams are available.
  bool update_max_streams(uint64_t max_streams);

  bool should_send_blocked() const {
    return wanted_more_ && available() == 0 && blocked_sent_at_ != max_streams_;
  }
  void on_blocked_sent(uint64_t limit) { blocked_sent_at_ = limit; }
  void on_blocked_lost(uint64_t limit) {
    if (blocked_sent_at_ == limit) blocked_sent_at_.reset();
  }

 private:
  uint64_t max_streams_;
  uint64_t opened_ = 0;
  bool wanted_more_ = false;  // an open was refused since the limit last rose
  std::optional<uint64_t> blocked_sent_at_;
};

}  // namespace quasar
