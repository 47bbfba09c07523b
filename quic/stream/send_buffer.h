// SendBuffer: a stream's outgoing bytes from the application's write until the peer acks them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/range_set.h"
#include "quic/stream/chunk_pool.h"
#include "quic/stream/chunk_queue.h"

namespace quasar {

// What the packet builder should put in its next STREAM frame for this stream.
struct StreamChunk {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool fin = false;
  bool is_retransmission = false;
  friend bool operator==(const StreamChunk&, const StreamChunk&) = default;
};

// The connection owns unacknowledged stream data (ARCHITECTURE.md): write() copies the
// application's bytes in once, into pooled chunks; the packet builder copies them out into
// packets; acknowledgements free the chunks below the acknowledged prefix. Lost ranges are
// retransmitted before new data, and only the parts that have not been acknowledged meanwhile.
//
// Offsets: [0, acked_offset) acknowledged and freed; [acked_offset, write_offset) buffered;
// [0, sent_offset) sent at least once. `buffer_limit` bounds write_offset - acked_offset, which
// gives the application back-pressure.
class SendBuffer {
 public:
  SendBuffer(ChunkPool& pool, uint64_t buffer_limit);

  // --- Application side ---
  // Copies as much of `data` as the buffer limit allows; returns the number of bytes taken.
  // Takes nothing after finish() or reset().
  size_t write(std::span<const uint8_t> data);
  // Marks the end of the stream: the final size is write_offset(). Idempotent.
  void finish();
  // Bytes write() would accept now.
  uint64_t writable_bytes() const;

  // --- Packet builder side ---
  // The next frame's worth of data: lost ranges first, then new data below
  // `flow_control_limit` (an absolute stream offset; retransmissions are not limited because
  // their credit was spent when first sent). At most `max_bytes` of data; a FIN-only frame may
  // be returned with max_bytes == 0. nullopt when there is nothing to send.
  std::optional<StreamChunk> next_send(uint64_t max_bytes, uint64_t flow_control_limit) const;
  // Copies stream bytes [offset, offset + length) into a packet. The range must still be
  // buffered, which holds for anything next_send() returned until it is acknowledged.
  void copy(uint64_t offset, uint64_t length, uint8_t* out) const;
  void on_sent(uint64_t offset, uint64_t length, bool fin);
  // A STREAM frame carrying this range was acknowledged. Frees chunks below the new acked
  // prefix.
  void on_acked(uint64_t offset, uint64_t length, bool fin);
  // A STREAM frame carrying this range was lost: queues the parts still unacknowledged.
  void on_lost(uint64_t offset, uint64_t length, bool fin);
  // RESET_STREAM: drops all data and stops sending; later calls other than queries are no-ops.
  void reset();

  // --- Queries ---
  uint64_t write_offset() const { return write_offset_; }
  uint64_t sent_offset() const { return sent_offset_; }
  uint64_t acked_offset() const { return acked_prefix_; }
  bool is_finished() const { return fin_written_; }
  bool is_reset() const { return reset_; }
  bool fin_sent() const { return fin_sent_; }
  bool fin_acked() const { return fin_acked_; }
  // Bytes written but never sent.
  uint64_t unsent_bytes() const { return write_offset_ - sent_offset_; }
  // Anything to retransmit (data or FIN).
  bool has_retransmission() const { return !reset_ && (!lost_.empty() || fin_lost_); }
  // A FIN that has not been sent, with all data before it sent.
  bool has_fin_to_send() const {
    return !reset_ && fin_written_ && !fin_sent_ && sent_offset_ == write_offset_;
  }
  // Everything including the FIN has been acknowledged (the Data Recvd state, RFC 9000 §3.1).
  bool is_all_acked() const { return fin_acked_ && acked_prefix_ == write_offset_; }
  const RangeSet& lost_ranges() const { return lost_; }
  size_t chunks_held() const { return data_.chunk_count(); }

 private:
  ChunkQueue data_;
  uint64_t buffer_limit_;
  uint64_t write_offset_ = 0;
  uint64_t sent_offset_ = 0;
  uint64_t acked_prefix_ = 0;
  RangeSet acked_beyond_prefix_;  // acknowledged ranges above acked_prefix_
  RangeSet lost_;                 // awaiting retransmission, all below sent_offset_
  bool fin_written_ = false;
  bool fin_sent_ = false;
  bool fin_acked_ = false;
  bool fin_lost_ = false;
  bool reset_ = false;
};

}  // namespace quasar
