// PayloadReader: a bounds-checked cursor over one complete HTTP/3 frame payload (or stream
// header), reading the varints and byte runs its fields are made of.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "http3/varint.h"

namespace quasar::http3 {

class PayloadReader {
 public:
  explicit PayloadReader(std::span<const uint8_t> data) : data_(data) {}

  bool empty() const { return pos_ == data_.size(); }
  size_t remaining() const { return data_.size() - pos_; }

  // False (and nothing consumed) when the payload ends inside the varint.
  bool read_varint(uint64_t& value) {
    const size_t n = decode_varint(data_.subspan(pos_), value);
    pos_ += n;
    return n != 0;
  }
  // Everything not read yet, which is then consumed.
  std::span<const uint8_t> read_rest() {
    auto rest = data_.subspan(pos_);
    pos_ = data_.size();
    return rest;
  }
  std::string_view read_rest_as_text() {
    auto rest = read_rest();
    return {reinterpret_cast<const char*>(rest.data()), rest.size()};
  }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

}  // namespace quasar::http3
