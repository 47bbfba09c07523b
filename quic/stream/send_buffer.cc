// SendBuffer: acked-prefix and lost-range bookkeeping over pooled chunks.
#include "quic/stream/send_buffer.h"

#include <algorithm>
#include <cassert>

namespace quasar {

SendBuffer::SendBuffer(ChunkPool& pool, uint64_t buffer_limit)
    : data_(pool), buffer_limit_(buffer_limit) {}

uint64_t SendBuffer::writable_bytes() const {
  if (fin_written_ || reset_) return 0;
  const uint64_t buffered = write_offset_ - acked_prefix_;
  return buffered >= buffer_limit_ ? 0 : buffer_limit_ - buffered;
}

size_t SendBuffer::write(std::span<const uint8_t> data) {
  const size_t n = static_cast<size_t>(std::min<uint64_t>(data.size(), writable_bytes()));
  if (n == 0) return 0;
  data_.write(write_offset_, data.first(n));
  write_offset_ += n;
  return n;
}

void SendBuffer::finish() {
  if (!reset_) fin_written_ = true;
}

std::optional<StreamChunk> SendBuffer::next_send(uint64_t max_bytes,
                                                 uint64_t flow_control_limit) const {
  if (reset_) return std::nullopt;
  // Retransmissions first (RFC 9000 §13.3: lost data is sent again in new frames).
  if (!lost_.empty()) {
    if (max_bytes == 0) return std::nullopt;
    const Range& first = lost_.lowest();
    const uint64_t length = std::min(first.size(), max_bytes);
    const bool fin = fin_lost_ && first.start + length == write_offset_;
    return StreamChunk{first.start, length, fin, true};
  }
  if (fin_lost_) return StreamChunk{write_offset_, 0, true, true};
  // New data, within the peer's flow control limit.
  const uint64_t credit = flow_control_limit > sent_offset_ ? flow_control_limit - sent_offset_ : 0;
  const uint64_t length = std::min({unsent_bytes(), credit, max_bytes});
  const bool fin = fin_written_ && !fin_sent_ && sent_offset_ + length == write_offset_;
  if (length == 0 && !fin) return std::nullopt;
  return StreamChunk{sent_offset_, length, fin, false};
}

void SendBuffer::copy(uint64_t offset, uint64_t length, uint8_t* out) const {
  assert(offset >= acked_prefix_ && offset + length <= write_offset_);
  data_.read(offset, static_cast<size_t>(length), out);
}

void SendBuffer::on_sent(uint64_t offset, uint64_t length, bool fin) {
  if (reset_) return;
  const uint64_t end = offset + length;
  assert(end <= write_offset_);
  if (offset < sent_offset_) lost_.remove(offset, end);
  sent_offset_ = std::max(sent_offset_, end);
  if (fin) {
    fin_sent_ = true;
    fin_lost_ = false;
  }
}

void SendBuffer::on_acked(uint64_t offset, uint64_t length, bool fin) {
  if (reset_) return;
  const uint64_t end = std::min(offset + length, sent_offset_);
  if (fin && fin_sent_) {
    fin_acked_ = true;
    fin_lost_ = false;
  }
  if (end <= acked_prefix_) return;
  if (offset <= acked_prefix_) {
    acked_prefix_ = end;
    // Absorb acknowledged ranges that now touch the prefix.
    while (!acked_beyond_prefix_.empty() && acked_beyond_prefix_.lowest().start <= acked_prefix_) {
      acked_prefix_ = std::max(acked_prefix_, acked_beyond_prefix_.lowest().end);
      acked_beyond_prefix_.pop_lowest();
    }
    lost_.remove_below(acked_prefix_);
    data_.release_below(acked_prefix_);
  } else {
    acked_beyond_prefix_.add(offset, end);
  }
  lost_.remove(offset, end);
}

void SendBuffer::on_lost(uint64_t offset, uint64_t length, bool fin) {
  if (reset_) return;
  if (fin && fin_sent_ && !fin_acked_) fin_lost_ = true;
  const uint64_t start = std::max(offset, acked_prefix_);
  const uint64_t end = std::min(offset + length, sent_offset_);
  if (start >= end) return;
  lost_.add(start, end);
  // Take back out whatever was acknowledged by another copy of the data.
  auto it = std::lower_bound(acked_beyond_prefix_.begin(), acked_beyond_prefix_.end(), start,
                             [](const Range& r, uint64_t v) { return r.end <= v; });
  for (; it != acked_beyond_prefix_.end() && it->start < end; ++it)
    lost_.remove(it->start, it->end);
}

void SendBuffer::reset() {
  reset_ = true;
  data_.clear();
  lost_.clear();
  acked_beyond_prefix_.clear();
  fin_lost_ = false;
}

}  // namespace quasar
