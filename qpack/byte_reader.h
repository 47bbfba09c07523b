// ByteReader: a bounds-checked cursor over received bytes, and ParseStatus for parsers that
// may be handed a partial instruction.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

namespace quasar::qpack {

// The outcome of parsing one item from a byte range.
enum class ParseStatus : uint8_t {
  kOk,          // parsed; the reader moved past the item
  kIncomplete,  // the bytes end inside the item; parse again once more bytes are available
  kInvalid,     // the bytes can never form a valid item
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ == data_.size(); }
  size_t position() const { return pos_; }

  uint8_t peek() const {
    assert(!empty());
    return data_[pos_];
  }
  uint8_t read_byte() {
    assert(!empty());
    return data_[pos_++];
  }
  // The next `n` bytes; the caller checks remaining() >= n first.
  std::span<const uint8_t> read_bytes(size_t n) {
    assert(n <= remaining());
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  std::span<const uint8_t> rest() const { return data_.subspan(pos_); }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

}  // namespace quasar::qpack
