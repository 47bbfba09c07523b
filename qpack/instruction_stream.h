// InstructionStream: reassembles instructions of a QPACK unidirectional stream (encoder or
// decoder stream) that arrive split at arbitrary byte boundaries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "qpack/byte_reader.h"
#include "qpack/result.h"

namespace quasar::qpack {

class InstructionStream {
 public:
  // Feeds `data` through `step`, which parses and applies one instruction at the reader's
  // position:
  //   Result<ParseStatus> step(ByteReader& in, size_t& needed);
  // It returns kOk after applying a whole instruction, kIncomplete (with `needed` a lower
  // bound of the instruction's length from where it started, or 0) to wait for more bytes,
  // or an error. Instructions are parsed in place; only the bytes of one unfinished
  // instruction are copied and kept, and step() bounds its size by refusing over-long
  // strings.
  template <typename Step>
  Status feed(std::span<const uint8_t> data, Step&& step) {
    size_t used = 0;
    while (!partial_.empty()) {
      // Add what the partial instruction needs at least (one byte if unknown) and retry.
      const size_t want = needed_ > partial_.size() ? needed_ - partial_.size() : 1;
      const size_t take = std::min(want, data.size() - used);
      if (take == 0) return {};
      partial_.insert(partial_.end(), data.begin() + used, data.begin() + used + take);
      used += take;
      ByteReader in(partial_);
      size_t needed = 0;
      QPACK_ASSIGN_OR_RETURN(const ParseStatus status, step(in, needed));
      if (status == ParseStatus::kOk) {
        partial_.clear();
        needed_ = 0;
      } else {
        needed_ = needed;
      }
    }
    ByteReader in(data.subspan(used));
    while (!in.empty()) {
      const size_t start = in.position();
      size_t needed = 0;
      QPACK_ASSIGN_OR_RETURN(const ParseStatus status, step(in, needed));
      if (status == ParseStatus::kIncomplete) {
        const auto rest = data.subspan(used + start);
        partial_.assign(rest.begin(), rest.end());
        needed_ = needed;
        return {};
      }
    }
    return {};
  }

  // Bytes held of an instruction not yet complete.
  size_t buffered() const { return partial_.size(); }

 private:
  std::vector<uint8_t> partial_;
  size_t needed_ = 0;
};

}  // namespace quasar::qpack
