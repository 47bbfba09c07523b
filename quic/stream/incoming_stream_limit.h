// IncomingStreamLimit: how many streams of one direction the peer may open (our MAX_STREAMS).
#pragma once

#include <cstdint>

#include "quic/base/result.h"

namespace quasar {

// RFC 9000 §4.6. The peer may use stream indexes below max_streams(); beyond is
// STREAM_LIMIT_ERROR. As the peer's streams close and are forgotten, the limit moves so that
// about `initial_max_streams` of them can be open at once, announced with MAX_STREAMS (§19.11)
// once a quarter of that has been freed, so updates are neither per stream nor too late.
class IncomingStreamLimit {
 public:
  explicit IncomingStreamLimit(uint64_t initial_max_streams);

  uint64_t max_streams() const { return max_streams_; }
  // The peer's streams of this direction that exist or existed: one past the highest index.
  uint64_t opened() const { return opened_; }
  uint64_t released() const { return released_; }
  uint64_t open_count() const { return opened_ - released_; }

  // STREAM_LIMIT_ERROR (with `frame_type`) if stream `index` is beyond the limit.
  Status check_index(uint64_t index, uint64_t frame_type) const;
  // Streams up to and including `index` now exist.
  void on_opened_through(uint64_t index);
  // One of the peer's streams was closed and forgotten.
  void on_released() { ++released_; }

  bool should_send_max_streams() const;
  uint64_t next_max_streams() const;
  void on_max_streams_sent(uint64_t max_streams);
  void on_max_streams_lost(uint64_t max_streams) {
    if (max_streams == max_streams_) resend_ = true;
  }

 private:
  uint64_t max_streams_;
  uint64_t window_;  // concurrency target: the initial limit
  uint64_t opened_ = 0;
  uint64_t released_ = 0;
  bool resend_ = false;
};

}  // namespace quasar
