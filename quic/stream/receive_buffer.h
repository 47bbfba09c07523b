// ReceiveBuffer: reassembles a stream's incoming STREAM frames into an in-order byte stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/range_set.h"
#include "quic/base/result.h"
#include "quic/stream/chunk_pool.h"
#include "quic/stream/chunk_queue.h"
#include "quic/stream/stream_frame_types.h"

namespace quasar {

// Data may arrive out of order, overlapping, or more than once (RFC 9000 §2.2); the buffer keeps
// each byte the first time it arrives and hands the application a contiguous prefix. Memory is
// pooled chunks covering [read_offset, highest_received), so with flow control enforced by the
// caller it never exceeds the advertised window (plus one chunk of rounding), and gaps cost
// nothing until filled.
class ReceiveBuffer {
 public:
  explicit ReceiveBuffer(ChunkPool& pool) : data_(pool) {}

  // The checks insert() makes, without storing anything: lets a caller validate a frame
  // before charging flow control for it.
  Status check(uint64_t offset, uint64_t length, bool fin,
               uint64_t frame_type = stream_frame_type::kStreamBase) const;
  // Stores the bytes of a STREAM frame. Final size rules (RFC 9000 §4.5) give
  // FINAL_SIZE_ERROR for data beyond a known final size, a FIN at a different final size, or a
  // FIN below data already received. `frame_type` goes into the error.
  Status insert(uint64_t offset, std::span<const uint8_t> data, bool fin,
                uint64_t frame_type = stream_frame_type::kStreamBase);
  // Records a final size from RESET_STREAM with the same rules (RFC 9000 §4.5, §19.4), then
  // drops all buffered data.
  Status set_final_size_and_discard(uint64_t final_size,
                                    uint64_t frame_type = stream_frame_type::kResetStream);
  // Drops buffered data and everything that arrives later (STOP_SENDING, RFC 9000 §3.5); final
  // size checks still apply. Everything received counts as read.
  void discard();

  // Copies up to `max` in-order bytes to `out`; returns how many.
  size_t read(uint8_t* out, size_t max);
  // The next in-order bytes without copying (at most one chunk); consume() them afterwards.
  std::span<const uint8_t> peek() const;
  void consume(size_t n);

  // In-order bytes available to read().
  uint64_t readable_bytes() const;
  // The final size is known and every byte before it has been received.
  bool is_all_received() const;
  // The application has read everything up to the final size.
  bool is_fin_read() const { return final_size_ && read_offset_ == *final_size_; }

  uint64_t read_offset() const { return read_offset_; }
  // One past the largest offset received: what stream flow control counts (RFC 9000 §4.1).
  uint64_t highest_received() const { return highest_received_; }
  std::optional<uint64_t> final_size() const { return final_size_; }
  bool is_discarding() const { return discarding_; }
  size_t chunks_held() const { return data_.chunk_count(); }

 private:
  Status check_final_size(uint64_t end, bool fin, uint64_t frame_type) const;
  void store_missing_parts(uint64_t offset, std::span<const uint8_t> data);

  ChunkQueue data_;
  RangeSet received_;  // received ranges at or above read_offset_
  uint64_t read_offset_ = 0;
  uint64_t highest_received_ = 0;
  std::optional<uint64_t> final_size_;
  bool discarding_ = false;
};

}  // namespace quasar
