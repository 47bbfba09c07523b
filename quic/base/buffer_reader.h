// BufferReader: bounds-checked, zero-copy reading of network bytes (big-endian, varints).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "quic/base/varint.h"

namespace quasar {

// Every read either succeeds completely and advances, or fails and leaves the reader unchanged.
class BufferReader {
 public:
  BufferReader() = default;
  explicit BufferReader(std::span<const uint8_t> data) : data_(data) {}

  size_t remaining() const { return data_.size() - offset_; }
  size_t offset() const { return offset_; }
  bool empty() const { return offset_ == data_.size(); }
  // The bytes not yet read.
  std::span<const uint8_t> rest() const { return data_.subspan(offset_); }
  // The whole buffer the reader was built on.
  std::span<const uint8_t> data() const { return data_; }

  [[nodiscard]] bool peek_u8(uint8_t& out) const {
    if (empty()) return false;
    out = data_[offset_];
    return true;
  }
  [[nodiscard]] bool read_u8(uint8_t& out) {
    if (!peek_u8(out)) return false;
    ++offset_;
    return true;
  }
  [[nodiscard]] bool read_u16(uint16_t& out) { return read_be(out, 2); }
  [[nodiscard]] bool read_u24(uint32_t& out) { return read_be(out, 3); }
  [[nodiscard]] bool read_u32(uint32_t& out) { return read_be(out, 4); }
  [[nodiscard]] bool read_u64(uint64_t& out) { return read_be(out, 8); }
  // Reads an unsigned big-endian integer of `length` bytes (0..8).
  [[nodiscard]] bool read_uint(uint64_t& out, size_t length) { return read_be(out, length); }

  // RFC 9000 §16. `encoded_length`, when given, receives 1, 2, 4 or 8.
  [[nodiscard]] bool read_varint(uint64_t& out, size_t* encoded_length = nullptr) {
    if (empty()) return false;
    const size_t length = varint_length_from_first_byte(data_[offset_]);
    if (remaining() < length) return false;
    uint64_t value = data_[offset_] & 0x3f;
    for (size_t i = 1; i < length; ++i) value = (value << 8) | data_[offset_ + i];
    offset_ += length;
    out = value;
    if (encoded_length) *encoded_length = length;
    return true;
  }

  // A view of the next `length` bytes (no copy).
  [[nodiscard]] bool read_bytes(size_t length, std::span<const uint8_t>& out) {
    if (remaining() < length) return false;
    out = data_.subspan(offset_, length);
    offset_ += length;
    return true;
  }
  [[nodiscard]] bool skip(size_t length) {
    if (remaining() < length) return false;
    offset_ += length;
    return true;
  }

 private:
  template <typename T>
  bool read_be(T& out, size_t length) {
    if (remaining() < length) return false;
    uint64_t value = 0;
    for (size_t i = 0; i < length; ++i) value = (value << 8) | data_[offset_ + i];
    offset_ += length;
    out = static_cast<T>(value);
    return true;
  }

  std::span<const uint8_t> data_;
  size_t offset_ = 0;
};

}  // namespace quasar
