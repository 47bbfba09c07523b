// BufferWriter: bounds-checked writing into caller-supplied memory (big-endian, varints).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "quic/base/varint.h"

namespace quasar {

// Every write either succeeds completely or fails and writes nothing.
class BufferWriter {
 public:
  explicit BufferWriter(std::span<uint8_t> out) : out_(out) {}

  size_t written() const { return offset_; }
  size_t remaining() const { return out_.size() - offset_; }
  size_t capacity() const { return out_.size(); }
  std::span<uint8_t> written_span() const { return out_.first(offset_); }
  std::span<uint8_t> buffer() const { return out_; }
  // Where the next byte goes; pair with advance() after writing into it directly.
  uint8_t* cursor() const { return out_.data() + offset_; }

  [[nodiscard]] bool advance(size_t length) {
    if (remaining() < length) return false;
    offset_ += length;
    return true;
  }
  [[nodiscard]] bool write_u8(uint8_t value) { return write_be(value, 1); }
  [[nodiscard]] bool write_u16(uint16_t value) { return write_be(value, 2); }
  [[nodiscard]] bool write_u24(uint32_t value) { return write_be(value, 3); }
  [[nodiscard]] bool write_u32(uint32_t value) { return write_be(value, 4); }
  [[nodiscard]] bool write_u64(uint64_t value) { return write_be(value, 8); }
  [[nodiscard]] bool write_uint(uint64_t value, size_t length) { return write_be(value, length); }

  // RFC 9000 §16, minimal encoding. Fails for values above kMaxVarint.
  [[nodiscard]] bool write_varint(uint64_t value) {
    const size_t length = varint_size(value);
    return length != 0 && write_varint_with_length(value, length);
  }
  // Encodes `value` in exactly `length` bytes (1, 2, 4 or 8), e.g. for a Length field
  // reserved before its value is known. Fails if the value does not fit.
  [[nodiscard]] bool write_varint_with_length(uint64_t value, size_t length) {
    if (!(length == 1 || length == 2 || length == 4 || length == 8)) return false;
    if (value > varint_max_for_length(length) || remaining() < length) return false;
    varint_write_unchecked(cursor(), value, length);
    offset_ += length;
    return true;
  }
  [[nodiscard]] bool write_bytes(std::span<const uint8_t> bytes) {
    if (remaining() < bytes.size()) return false;
    if (!bytes.empty()) std::memcpy(cursor(), bytes.data(), bytes.size());
    offset_ += bytes.size();
    return true;
  }
  [[nodiscard]] bool write_zeros(size_t length) {
    if (remaining() < length) return false;
    std::memset(cursor(), 0, length);
    offset_ += length;
    return true;
  }

 private:
  bool write_be(uint64_t value, size_t length) {
    if (remaining() < length) return false;
    for (size_t i = length; i-- > 0;) {
      out_[offset_ + i] = static_cast<uint8_t>(value);
      value >>= 8;
    }
    offset_ += length;
    return true;
  }

  std::span<uint8_t> out_;
  size_t offset_ = 0;
};

}  // namespace quasar
