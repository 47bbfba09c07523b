// ChunkQueue: offset arithmetic over a ring of pooled chunks.
#include "quic/stream/chunk_queue.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

namespace quasar {

ChunkQueue::ChunkQueue(ChunkQueue&& other) noexcept
    : pool_(other.pool_),
      chunks_(std::move(other.chunks_)),
      base_(other.base_),
      held_(other.held_) {
  other.chunks_ = RingQueue<uint8_t*>();
  other.held_ = 0;
}

ChunkQueue& ChunkQueue::operator=(ChunkQueue&& other) noexcept {
  if (this != &other) {
    clear();
    pool_ = other.pool_;
    chunks_ = std::move(other.chunks_);
    base_ = other.base_;
    held_ = other.held_;
    other.chunks_ = RingQueue<uint8_t*>();
    other.held_ = 0;
  }
  return *this;
}

uint8_t* ChunkQueue::chunk_for_write(uint64_t offset) {
  const size_t size = chunk_size();
  assert(offset >= base_);
  const uint64_t index = (offset - base_) / size;
  while (chunks_.size() <= index) chunks_.push_back(nullptr);
  uint8_t*& chunk = chunks_[static_cast<size_t>(index)];
  if (chunk == nullptr) {
    chunk = pool_->acquire();
    ++held_;
  }
  return chunk;
}

void ChunkQueue::write(uint64_t offset, std::span<const uint8_t> data) {
  const size_t size = chunk_size();
  while (!data.empty()) {
    uint8_t* chunk = chunk_for_write(offset);
    const size_t within = static_cast<size_t>(offset % size);
    const size_t n = std::min(data.size(), size - within);
    std::memcpy(chunk + within, data.data(), n);
    data = data.subspan(n);
    offset += n;
  }
}

void ChunkQueue::read(uint64_t offset, size_t length, uint8_t* out) const {
  while (length > 0) {
    const std::span<const uint8_t> part = view(offset, length);
    std::memcpy(out, part.data(), part.size());
    out += part.size();
    offset += part.size();
    length -= part.size();
  }
}

std::span<const uint8_t> ChunkQueue::view(uint64_t offset, size_t max) const {
  const size_t size = chunk_size();
  assert(offset >= base_);
  const uint64_t index = (offset - base_) / size;
  assert(index < chunks_.size() && chunks_[static_cast<size_t>(index)] != nullptr);
  const size_t within = static_cast<size_t>(offset % size);
  return {chunks_[static_cast<size_t>(index)] + within, std::min(max, size - within)};
}

void ChunkQueue::release_below(uint64_t offset) {
  const size_t size = chunk_size();
  while (!chunks_.empty() && base_ + size <= offset) {
    if (chunks_.front() != nullptr) {
      pool_->release(chunks_.front());
      --held_;
    }
    chunks_.pop_front();
    base_ += size;
  }
  // Nothing held: later writes start at or above `offset`, so the window can move there.
  if (chunks_.empty() && offset > base_) base_ = offset - offset % size;
}

void ChunkQueue::clear() {
  while (!chunks_.empty()) {
    if (chunks_.front() != nullptr) pool_->release(chunks_.front());
    chunks_.pop_front();
  }
  held_ = 0;
}

}  // namespace quasar
