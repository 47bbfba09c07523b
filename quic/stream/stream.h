// Stream: one QUIC stream: its sending and/or receiving part, priority, and queue bookkeeping.
#pragma once

#include <cstdint>
#include <optional>

#include "quic/base/role.h"
#include "quic/stream/receive_stream.h"
#include "quic/stream/send_stream.h"
#include "quic/stream/stream_id.h"
#include "quic/stream/stream_scheduler.h"

namespace quasar {

// A bidirectional stream has both parts; a unidirectional one only the part its direction
// needs (RFC 9000 §2.1, §3). Streams are created and owned by the StreamMap.
class Stream {
 public:
  struct Limits {
    uint64_t send_buffer_limit = 0;
    uint64_t send_initial_max_data = 0;  // the peer's limit on what we send
    uint64_t receive_window = 0;         // our limit on what the peer sends
    uint64_t receive_max_window = 0;
  };

  Stream(uint64_t id, Role local, ChunkPool& pool, const Limits& limits);
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  uint64_t id() const { return id_; }
  // nullptr when this endpoint does not send (or receive) on the stream.
  SendStream* send() { return send_ ? &*send_ : nullptr; }
  const SendStream* send() const { return send_ ? &*send_ : nullptr; }
  ReceiveStream* receive() { return receive_ ? &*receive_ : nullptr; }
  const ReceiveStream* receive() const { return receive_ ? &*receive_ : nullptr; }

  // Every part present is in a terminal state (RFC 9000 §3.4 "closed"): the stream can be
  // forgotten once its pending events are taken.
  bool is_closed() const;

  StreamPriority priority() const { return scheduler_entry_.priority(); }
  SchedulerEntry& scheduler_entry() { return scheduler_entry_; }

  // Bookkeeping owned by the StreamMap's queues (pending_events: see StreamEventQueue).
  uint8_t pending_events = 0;
  bool in_control_queue = false;
  bool in_connection_blocked_list = false;

 private:
  uint64_t id_;
  std::optional<SendStream> send_;
  std::optional<ReceiveStream> receive_;
  SchedulerEntry scheduler_entry_;
};

}  // namespace quasar
