// ChunkPool: fixed-size byte chunks shared by a connection's stream buffers, reused when freed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace quasar {

// Stream buffers take chunks as data arrives and give them back as it is acknowledged or read,
// so a connection in steady state recycles the same chunks instead of touching the heap. Up to
// `max_idle_chunks` freed chunks are kept for reuse; beyond that they go back to the heap so a
// burst does not pin its peak memory forever. Every chunk must be returned before the pool is
// destroyed.
class ChunkPool {
 public:
  static constexpr size_t kDefaultChunkSize = 4096;
  static constexpr size_t kDefaultMaxIdleChunks = 256;

  explicit ChunkPool(size_t chunk_size = kDefaultChunkSize,
                     size_t max_idle_chunks = kDefaultMaxIdleChunks);
  ~ChunkPool();
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;

  size_t chunk_size() const { return chunk_size_; }

  // A chunk of chunk_size() bytes with unspecified contents.
  uint8_t* acquire();
  void release(uint8_t* chunk);

  // Chunks handed out and not yet returned.
  size_t chunks_in_use() const { return in_use_; }
  // Freed chunks waiting for reuse.
  size_t idle_chunks() const { return idle_.size(); }
  // Chunks ever taken from the heap: constant once a connection reaches steady state.
  uint64_t heap_allocations() const { return heap_allocations_; }

 private:
  size_t chunk_size_;
  size_t max_idle_chunks_;
  std::vector<uint8_t*> idle_;
  size_t in_use_ = 0;
  uint64_t heap_allocations_ = 0;
};

}  // namespace quasar
