// ChunkQueue: a window of stream offsets backed by pooled chunks, for send and receive buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "quic/stream/chunk_pool.h"
#include "quic/stream/ring_queue.h"

namespace quasar {

// Byte `offset` of a stream lives in chunk (offset / chunk_size) at position
// (offset % chunk_size). The queue holds the chunks from base_offset() upward; chunks are taken
// from the pool when first written (so a gap in out-of-order data costs no memory) and returned
// when everything below an offset is no longer needed.
class ChunkQueue {
 public:
  explicit ChunkQueue(ChunkPool& pool) : pool_(&pool) {}
  ~ChunkQueue() { clear(); }
  ChunkQueue(const ChunkQueue&) = delete;
  ChunkQueue& operator=(const ChunkQueue&) = delete;
  ChunkQueue(ChunkQueue&& other) noexcept;
  ChunkQueue& operator=(ChunkQueue&& other) noexcept;

  // Copies `data` to stream offsets [offset, offset + size). `offset` must not be below an
  // offset already passed to release_below(). Unwritten chunks between base_offset() and
  // `offset` cost a null pointer each, so callers keep writes within a bounded window (flow
  // control does that for streams).
  void write(uint64_t offset, std::span<const uint8_t> data);
  // Copies stream offsets [offset, offset + length) to `out`; every byte must have been written
  // and not released.
  void read(uint64_t offset, size_t length, uint8_t* out) const;
  // The stored bytes from `offset` to the end of its chunk, at most `max` of them, without
  // copying. The bytes must have been written.
  std::span<const uint8_t> view(uint64_t offset, size_t max) const;

  // Returns to the pool every chunk that lies entirely below `offset`.
  void release_below(uint64_t offset);
  // Returns every chunk to the pool.
  void clear();

  // Chunks currently held (not counting unwritten gaps).
  size_t chunk_count() const { return held_; }
  uint64_t base_offset() const { return base_; }

 private:
  size_t chunk_size() const { return pool_->chunk_size(); }
  uint8_t* chunk_for_write(uint64_t offset);

  ChunkPool* pool_;
  RingQueue<uint8_t*> chunks_;  // chunks_[i] covers [base_ + i*size, base_ + (i+1)*size)
  uint64_t base_ = 0;           // a multiple of the chunk size
  size_t held_ = 0;
};

}  // namespace quasar
