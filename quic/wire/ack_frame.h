// AckFrame (RFC 9000 §19.3): the decoded ACK / ACK_ECN frame, allocation-free iteration of its
// ranges, and ACK encoding straight from a RangeSet of received packet numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>

#include "quic/base/ack_range.h"
#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/range_set.h"
#include "quic/base/result.h"
#include "quic/wire/frame_type.h"

namespace quasar {

struct AckFrame;

// Walks the ranges of an AckFrame from the largest packet numbers down, decoding the
// (Gap, ACK Range Length) pairs in place. The decoder validated them, so the walk cannot fail;
// on a hand-built frame with bad ranges it simply ends early.
class AckRangeIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = AckRange;
  using difference_type = std::ptrdiff_t;
  using pointer = const AckRange*;
  using reference = const AckRange&;

  AckRangeIterator() = default;  // the end iterator
  inline explicit AckRangeIterator(const AckFrame& frame);

  const AckRange& operator*() const { return current_; }
  const AckRange* operator->() const { return &current_; }
  AckRangeIterator& operator++() {
    advance();
    return *this;
  }
  AckRangeIterator operator++(int) {
    AckRangeIterator before = *this;
    advance();
    return before;
  }
  friend bool operator==(const AckRangeIterator& a, const AckRangeIterator& b) {
    if (a.done_ || b.done_) return a.done_ == b.done_;
    return a.reader_.offset() == b.reader_.offset() && a.remaining_ == b.remaining_;
  }

 private:
  void advance() {
    uint64_t gap = 0;
    uint64_t length = 0;
    // RFC 9000 §19.3.1: largest = previous_smallest - gap - 2; smallest = largest - length.
    if (remaining_ == 0 || !reader_.read_varint(gap) || !reader_.read_varint(length) ||
        current_.smallest < 2 || gap > current_.smallest - 2) {
      done_ = true;
      return;
    }
    const uint64_t largest = current_.smallest - gap - 2;
    if (length > largest) {
      done_ = true;
      return;
    }
    current_ = {largest - length, largest};
    --remaining_;
  }

  BufferReader reader_;
  AckRange current_;
  uint64_t remaining_ = 0;  // ranges still encoded after current_
  bool done_ = true;
};

// The ranges of an AckFrame, for range-based for loops: `for (AckRange r : ack.ranges())`.
class AckRanges {
 public:
  explicit AckRanges(const AckFrame& frame) : frame_(&frame) {}
  AckRangeIterator begin() const { return AckRangeIterator(*frame_); }
  AckRangeIterator end() const { return {}; }

 private:
  const AckFrame* frame_;
};

// RFC 9000 §19.3. Frames produced by decode_frame() have every range validated (no packet
// number below zero), so ranges() can be walked without checks.
struct AckFrame {
  uint64_t largest_acknowledged = 0;
  // As encoded: the peer's delay in microseconds divided by 2^ack_delay_exponent (§18.2).
  uint64_t ack_delay = 0;
  // Packets acknowledged below largest_acknowledged in the first range.
  uint64_t first_ack_range = 0;
  // The ACK Range Count field: how many (Gap, ACK Range Length) pairs follow the first range.
  uint64_t ack_range_count = 0;
  // Those pairs as encoded, a view into the packet.
  std::span<const uint8_t> encoded_ranges;
  // Present for type 0x03 (ACK_ECN).
  std::optional<EcnCounts> ecn;

  FrameType type() const { return ecn ? FrameType::kAckEcn : FrameType::kAck; }
  AckRanges ranges() const { return AckRanges(*this); }
  // The lowest packet number acknowledged; walks every range.
  uint64_t smallest_acknowledged() const;

  // Equal when they acknowledge the same ranges with the same delay and ECN counts, however
  // the varints were encoded.
  friend bool operator==(const AckFrame& a, const AckFrame& b);
};

inline AckRangeIterator::AckRangeIterator(const AckFrame& frame)
    : reader_(frame.encoded_ranges),
      current_{frame.largest_acknowledged - frame.first_ack_range, frame.largest_acknowledged},
      remaining_(frame.ack_range_count),
      done_(frame.first_ack_range > frame.largest_acknowledged) {}

// Decodes the fields of an ACK frame whose type (0x02 or 0x03) has already been read, and
// validates every range (RFC 9000 §19.3.1). Errors are FRAME_ENCODING_ERROR for `frame_type`.
Result<AckFrame> decode_ack_frame_body(BufferReader& reader, uint64_t frame_type);

// True if `frame` can be encoded: the encoded ranges hold exactly ack_range_count valid pairs
// and every value fits a varint.
bool is_valid_ack_frame(const AckFrame& frame);

// Encodes an ACK frame (ACK_ECN when `ecn` is given) for the packet numbers in `received`, the
// highest range first, with `ack_delay` already encoded (scaled by the ack_delay_exponent).
// Writes as many ranges as fit both in the writer's remaining room and in `max_ranges` (which
// counts the first range), dropping the oldest. Returns the number of ranges written, or 0 when
// `received` is empty, `max_ranges` is 0, a value exceeds 2^62-1, or not even the first range
// fits; then nothing is written. No allocation.
size_t encode_ack_frame(BufferWriter& writer, const RangeSet& received, uint64_t ack_delay,
                        const std::optional<EcnCounts>& ecn, size_t max_ranges);

// The size encode_ack_frame() would write given unlimited room; 0 if it would fail.
size_t ack_frame_size(const RangeSet& received, uint64_t ack_delay,
                      const std::optional<EcnCounts>& ecn, size_t max_ranges);

}  // namespace quasar
