// StreamMap: a connection's streams, their limits, flow control, scheduling, events and frames.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "quic/base/result.h"
#include "quic/base/role.h"
#include "quic/base/time.h"
#include "quic/stream/chunk_pool.h"
#include "quic/stream/incoming_stream_limit.h"
#include "quic/stream/outgoing_stream_limit.h"
#include "quic/stream/receive_flow_control.h"
#include "quic/stream/ring_queue.h"
#include "quic/stream/send_flow_control.h"
#include "quic/stream/stream.h"
#include "quic/stream/stream_api_error.h"
#include "quic/stream/stream_control_frame.h"
#include "quic/stream/stream_event.h"
#include "quic/stream/stream_event_queue.h"
#include "quic/stream/stream_map_config.h"
#include "quic/stream/stream_scheduler.h"
#include "quic/stream/stream_table.h"

namespace quasar {

// The connection's single entry point to the stream layer (see quic/stream/README.md):
// - frames received: on_stream_frame(), on_reset_stream(), ... return a Status whose error
//   (STREAM_STATE_ERROR, STREAM_LIMIT_ERROR, FLOW_CONTROL_ERROR, FINAL_SIZE_ERROR with the
//   frame type) closes the connection;
// - the packet builder: next_stream_to_send() / next_stream_chunk() / on_stream_chunk_sent()
//   for STREAM frames, next_control_frame() / on_control_frame_sent() for the rest, and the
//   acked / lost callbacks from the sent-packet records;
// - the application: open_stream(), write(), finish(), read(), reset_stream(),
//   stop_sending(), set_priority(), and poll_event().
// Streams that are closed in both directions, with no events left to deliver, are forgotten,
// and for the peer's streams that returns MAX_STREAMS credit.
class StreamMap {
 public:
  explicit StreamMap(const StreamMapConfig& config);
  StreamMap(const StreamMap&) = delete;
  StreamMap& operator=(const StreamMap&) = delete;
  ~StreamMap();

  Role role() const { return config_.role; }
  const StreamMapConfig& config() const { return config_; }

  // The peer's transport parameters (or remembered ones for 0-RTT). Limits only grow: calling
  // again after 0-RTT raises what the 0-RTT values allowed, streams already open included.
  void apply_peer_limits(const PeerStreamLimits& limits);

  // --- Frames received (RFC 9000 §19.4-§19.14) ---
  Status on_stream_frame(uint64_t stream_id, uint64_t frame_type, uint64_t offset,
                         std::span<const uint8_t> data, bool fin);
  Status on_reset_stream(uint64_t stream_id, uint64_t error_code, uint64_t final_size);
  Status on_stop_sending(uint64_t stream_id, uint64_t error_code);
  Status on_max_stream_data(uint64_t stream_id, uint64_t max_stream_data);
  Status on_stream_data_blocked(uint64_t stream_id, uint64_t limit);
  void on_max_data(uint64_t max_data);
  void on_max_streams(StreamDirection direction, uint64_t max_streams);

  // --- Packet builder: STREAM frames ---
  // The stream the scheduler picks for the next STREAM frame, or nullptr.
  Stream* next_stream_to_send();
  // What that frame should carry, at most `max_bytes` of data (the space left in the packet
  // after the frame header), within stream and connection flow control. Report each chunk
  // with on_stream_chunk_sent() before asking for the next one: the next one's connection
  // credit depends on it.
  std::optional<StreamChunk> next_stream_chunk(const Stream& stream, uint64_t max_bytes) const;
  // Copies the chunk's bytes into the packet.
  void copy_stream_data(const Stream& stream, const StreamChunk& chunk, uint8_t* out) const;
  void on_stream_chunk_sent(Stream& stream, const StreamChunk& chunk);
  // From the sent-packet record: by stream ID, since the stream may be gone meanwhile.
  void on_stream_chunk_acked(uint64_t stream_id, const StreamChunk& chunk);
  void on_stream_chunk_lost(uint64_t stream_id, const StreamChunk& chunk);

  // --- Packet builder: control frames ---
  // The next frame due, without committing: call on_control_frame_sent() once it is in a
  // packet. Connection-level frames come first, then per-stream ones in queue order.
  std::optional<StreamControlFrame> next_control_frame();
  void on_control_frame_sent(const StreamControlFrame& frame);
  void on_control_frame_acked(const StreamControlFrame& frame);
  void on_control_frame_lost(const StreamControlFrame& frame);

  // --- Application ---
  Result<uint64_t, StreamApiError> open_stream(StreamDirection direction);
  Result<size_t, StreamApiError> write(uint64_t stream_id, std::span<const uint8_t> data);
  Result<void, StreamApiError> finish(uint64_t stream_id);
  Result<void, StreamApiError> reset_stream(uint64_t stream_id, uint64_t error_code);
  Result<void, StreamApiError> stop_sending(uint64_t stream_id, uint64_t error_code);
  // `now` and `smoothed_rtt` drive receive window auto-tuning.
  Result<StreamReadResult, StreamApiError> read(uint64_t stream_id, uint8_t* out, size_t max,
                                                Instant now, Duration smoothed_rtt);
  Result<void, StreamApiError> set_priority(uint64_t stream_id, StreamPriority priority);
  // The next event for the application, each (stream, type) at most once until taken.
  std::optional<StreamEvent> poll_event();

  // --- Queries ---
  Stream* find(uint64_t stream_id) const { return streams_.find(stream_id); }
  // Streams held (open, or closed with events still to deliver).
  size_t stream_count() const { return streams_.size(); }
  size_t stream_count(Role initiator, StreamDirection direction) const;
  // Streams of `direction` we may still open under the peer's limit.
  uint64_t streams_available(StreamDirection direction) const {
    return outgoing(direction).available();
  }
  const SendFlowControl& connection_send_flow() const { return connection_send_; }
  const ReceiveFlowControl& connection_receive_flow() const { return connection_receive_; }
  const OutgoingStreamLimit& outgoing(StreamDirection d) const { return outgoing_[index(d)]; }
  const IncomingStreamLimit& incoming(StreamDirection d) const { return incoming_[index(d)]; }
  const ChunkPool& chunk_pool() const { return pool_; }
  const StreamScheduler& scheduler() const { return scheduler_; }

 private:
  static size_t index(StreamDirection d) { return static_cast<size_t>(d); }

  // The stream a received frame names, creating peer streams as RFC 9000 §3.2 says; nullptr
  // (with no error) for a stream already closed and forgotten, whose frames are ignored.
  Result<Stream*> stream_for_frame(uint64_t stream_id, uint64_t frame_type);
  Stream& create_stream(uint64_t stream_id);
  Stream::Limits limits_for(uint64_t stream_id) const;
  Result<Stream*, StreamApiError> app_stream(uint64_t stream_id) const;

  // Puts the stream in or out of the scheduler according to what it can send now.
  void update_scheduling(Stream& stream);
  // Queues the stream for next_control_frame() if it has a control frame due.
  void queue_control(Stream& stream);
  bool has_control_frame(const Stream& stream) const;
  std::optional<StreamControlFrame> control_frame_of(const Stream& stream) const;
  void raise(Stream& stream, StreamEventType type);
  void raise_writable_if_unblocked(Stream& stream);
  // Forgets the stream if it is closed and has nothing left to report.
  void release_if_done(Stream& stream);

  StreamMapConfig config_;
  // Declared first: destroyed after the streams whose buffers hold its chunks.
  ChunkPool pool_;
  StreamTable<Stream> streams_;
  PeerStreamLimits peer_limits_;
  std::array<OutgoingStreamLimit, 2> outgoing_;
  std::array<IncomingStreamLimit, 2> incoming_;
  std::array<size_t, 4> counts_{};  // open streams by stream_type_bits
  SendFlowControl connection_send_;
  ReceiveFlowControl connection_receive_;
  StreamScheduler scheduler_;
  StreamEventQueue events_;
  std::array<bool, 2> streams_available_event_{};
  RingQueue<uint64_t> control_queue_;
  std::vector<uint64_t> connection_blocked_;  // streams with data waiting for MAX_DATA
};

}  // namespace quasar
