// VarintAccumulator: decodes one variable-length integer that may arrive split across several
// chunks of stream data (frame headers, unidirectional stream types, push IDs).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "http3/varint.h"

namespace quasar::http3 {

class VarintAccumulator {
 public:
  // Takes bytes from the front of `input` (advancing it) until the varint is complete; true
  // once it is. Nothing past the varint is consumed.
  bool feed(std::span<const uint8_t>& input) {
    if (complete_) return true;
    if (input.empty()) return false;
    if (have_ == 0) {
      // Common case: the whole varint is in this chunk.
      const size_t n = decode_varint(input, value_);
      if (n != 0) {
        input = input.subspan(n);
        complete_ = true;
        return true;
      }
      need_ = varint_length(input[0]);
    }
    const size_t take = std::min(need_ - have_, input.size());
    std::copy_n(input.begin(), take, bytes_ + have_);
    have_ += take;
    input = input.subspan(take);
    if (have_ < need_) return false;
    decode_varint(std::span<const uint8_t>(bytes_, have_), value_);
    complete_ = true;
    return true;
  }

  bool complete() const { return complete_; }
  // True once some but not all of the varint's bytes arrived.
  bool partial() const { return !complete_ && have_ > 0; }
  uint64_t value() const { return value_; }
  void reset() {
    have_ = 0;
    need_ = 0;
    complete_ = false;
  }

 private:
  uint8_t bytes_[8] = {};
  size_t have_ = 0;
  size_t need_ = 0;
  uint64_t value_ = 0;
  bool complete_ = false;
};

}  // namespace quasar::http3
