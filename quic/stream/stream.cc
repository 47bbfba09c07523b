// Stream: creates the parts a stream's type calls for.
#include "quic/stream/stream.h"

namespace quasar {

Stream::Stream(uint64_t id, Role local, ChunkPool& pool, const Limits& limits)
    : id_(id), scheduler_entry_(id) {
  if (can_send_on(id, local)) {
    send_.emplace(pool, limits.send_buffer_limit, limits.send_initial_max_data);
  }
  if (can_receive_on(id, local)) {
    receive_.emplace(pool, limits.receive_window, limits.receive_max_window);
  }
}

bool Stream::is_closed() const {
  if (send_ && !is_terminal(send_->state())) return false;
  if (receive_ && !is_terminal(receive_->state())) return false;
  return true;
}

}  // namespace quasar
