// ChunkPool: a free list of equally sized byte blocks.
#include "quic/stream/chunk_pool.h"

#include <cassert>

namespace quasar {

ChunkPool::ChunkPool(size_t chunk_size, size_t max_idle_chunks)
    : chunk_size_(chunk_size), max_idle_chunks_(max_idle_chunks) {
  assert(chunk_size_ > 0);
  idle_.reserve(max_idle_chunks_);
}

ChunkPool::~ChunkPool() {
  assert(in_use_ == 0 && "a stream buffer outlived its chunk pool");
  for (uint8_t* chunk : idle_) delete[] chunk;
}

uint8_t* ChunkPool::acquire() {
  ++in_use_;
  if (!idle_.empty()) {
    uint8_t* chunk = idle_.back();
    idle_.pop_back();
    return chunk;
  }
  ++heap_allocations_;
  return new uint8_t[chunk_size_];
}

void ChunkPool::release(uint8_t* chunk) {
  assert(in_use_ > 0);
  --in_use_;
  if (idle_.size() < max_idle_chunks_) {
    idle_.push_back(chunk);
  } else {
    delete[] chunk;
  }
}

}  // namespace quasar
