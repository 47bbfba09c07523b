// ReceiveBuffer: final size checks, gap filling and in-order delivery.
#include "quic/stream/receive_buffer.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

#include "quic/base/varint.h"

namespace quasar {

Status ReceiveBuffer::check_final_size(uint64_t end, bool fin, uint64_t frame_type) const {
  // RFC 9000 §4.5: once known, the final size cannot change and no data may lie beyond it.
  if (final_size_) {
    if (end > *final_size_) {
      return QuicError::transport(TransportError::kFinalSizeError, frame_type,
                                  "data beyond the final size");
    }
    if (fin && end != *final_size_) {
      return QuicError::transport(TransportError::kFinalSizeError, frame_type,
                                  "final size changed");
    }
  }
  if (fin && end < highest_received_) {
    return QuicError::transport(TransportError::kFinalSizeError, frame_type,
                                "final size below data already received");
  }
  return ok_status();
}

Status ReceiveBuffer::check(uint64_t offset, uint64_t length, bool fin, uint64_t frame_type) const {
  const uint64_t end = offset + length;
  if (offset > kMaxVarint || length > kMaxVarint - offset) {
    // RFC 9000 §19.8: no credit can be given for data beyond 2^62-1.
    return QuicError::transport(TransportError::kFlowControlError, frame_type,
                                "stream offset beyond 2^62-1");
  }
  return check_final_size(end, fin, frame_type);
}

Status ReceiveBuffer::insert(uint64_t offset, std::span<const uint8_t> data, bool fin,
                             uint64_t frame_type) {
  QUASAR_TRY(check(offset, data.size(), fin, frame_type));
  const uint64_t end = offset + data.size();
  if (fin) final_size_ = end;
  highest_received_ = std::max(highest_received_, end);
  if (discarding_) {
    read_offset_ = highest_received_;
    return ok_status();
  }
  // Bytes below read_offset_ were delivered already (RFC 9000 §2.2: duplicates are discarded).
  if (end <= read_offset_) return ok_status();
  if (offset < read_offset_) {
    data = data.subspan(static_cast<size_t>(read_offset_ - offset));
    offset = read_offset_;
  }
  store_missing_parts(offset, data);
  return ok_status();
}

// Copies only the gaps: bytes already held stay as first received.
void ReceiveBuffer::store_missing_parts(uint64_t offset, std::span<const uint8_t> data) {
  const uint64_t end = offset + data.size();
  uint64_t cursor = offset;
  auto it = std::lower_bound(received_.begin(), received_.end(), offset,
                             [](const Range& r, uint64_t v) { return r.end <= v; });
  for (; cursor < end; ++it) {
    const uint64_t gap_end = (it == received_.end()) ? end : std::min(it->start, end);
    if (gap_end > cursor) {
      data_.write(cursor, data.subspan(static_cast<size_t>(cursor - offset),
                                       static_cast<size_t>(gap_end - cursor)));
    }
    if (it == received_.end()) break;
    cursor = std::max(cursor, it->end);
  }
  received_.add(offset, end);
}

Status ReceiveBuffer::set_final_size_and_discard(uint64_t final_size, uint64_t frame_type) {
  QUASAR_TRY(check(final_size, 0, /*fin=*/true, frame_type));
  final_size_ = final_size;
  highest_received_ = final_size;
  discard();
  return ok_status();
}

void ReceiveBuffer::discard() {
  discarding_ = true;
  read_offset_ = highest_received_;
  received_.clear();
  data_.clear();
}

uint64_t ReceiveBuffer::readable_bytes() const {
  if (received_.empty() || received_.lowest().start != read_offset_) return 0;
  return received_.lowest().end - read_offset_;
}

bool ReceiveBuffer::is_all_received() const {
  if (!final_size_) return false;
  return read_offset_ == *final_size_ || readable_bytes() == *final_size_ - read_offset_;
}

std::span<const uint8_t> ReceiveBuffer::peek() const {
  const uint64_t readable = readable_bytes();
  if (readable == 0) return {};
  return data_.view(read_offset_, static_cast<size_t>(std::min<uint64_t>(readable, SIZE_MAX)));
}

void ReceiveBuffer::consume(size_t n) {
  assert(n <= readable_bytes());
  if (n == 0) return;
  read_offset_ += n;
  received_.remove_below(read_offset_);
  data_.release_below(read_offset_);
}

size_t ReceiveBuffer::read(uint8_t* out, size_t max) {
  const size_t n = static_cast<size_t>(std::min<uint64_t>(readable_bytes(), max));
  if (n == 0) return 0;
  data_.read(read_offset_, n, out);
  consume(n);
  return n;
}

}  // namespace quasar
