// ACK frames (RFC 9000 §19.3): decoding with full range validation, and encoding from a
// RangeSet in two passes (count what fits, then write) so nothing is allocated.
#include "quic/wire/ack_frame.h"

#include <cassert>
#include <limits>

namespace quasar {
namespace {

QuicError ack_error(uint64_t frame_type, const char* reason) {
  return QuicError::transport(TransportError::kFrameEncodingError, frame_type, reason);
}

// Steps from the smallest packet number of one range to the next lower range.
// RFC 9000 §19.3.1: largest = previous_smallest - gap - 2, smallest = largest - ack_range;
// "If any computed packet number is negative, an endpoint MUST generate a connection error
// of type FRAME_ENCODING_ERROR."
bool next_range(uint64_t previous_smallest, uint64_t gap, uint64_t length, AckRange& out) {
  if (previous_smallest < 2 || gap > previous_smallest - 2) return false;
  const uint64_t largest = previous_smallest - gap - 2;
  if (length > largest) return false;
  out = {largest - length, largest};
  return true;
}

size_t ecn_size(const std::optional<EcnCounts>& ecn) {
  if (!ecn) return 0;
  const size_t a = varint_size(ecn->ect0), b = varint_size(ecn->ect1), c = varint_size(ecn->ce);
  if (a == 0 || b == 0 || c == 0) return std::numeric_limits<size_t>::max();
  return a + b + c;
}

// Where the ranges of `received` stand relative to each other in an ACK frame.
uint64_t gap_between(const Range& higher, const Range& lower) {
  // RangeSet keeps ranges non-adjacent, so lower.end < higher.start.
  return higher.start - lower.end - 1;
}
uint64_t range_length(const Range& range) { return range.end - 1 - range.start; }

// What encode_ack_frame() will write: how many additional ranges, and the total size.
struct AckPlan {
  size_t additional_ranges = 0;
  size_t size = 0;  // 0: cannot encode
};

AckPlan plan_ack_frame(const RangeSet& received, uint64_t ack_delay,
                       const std::optional<EcnCounts>& ecn, size_t max_ranges, size_t room) {
  if (received.empty() || max_ranges == 0) return {};
  const Range& top = received.highest();
  const uint64_t largest = top.end - 1;
  if (largest > kMaxVarint || ack_delay > kMaxVarint) return {};
  const size_t ecn_bytes = ecn_size(ecn);
  if (ecn_bytes == std::numeric_limits<size_t>::max()) return {};

  const size_t fixed = 1 + varint_size(largest) + varint_size(ack_delay) +
                       varint_size(range_length(top)) + ecn_bytes;
  if (fixed + 1 > room) return {};  // a one-byte ACK Range Count of 0

  size_t count = 0;
  size_t ranges_bytes = 0;
  const Range* higher = &top;
  for (auto it = received.rbegin() + 1; it != received.rend() && count + 1 < max_ranges; ++it) {
    const size_t cost = varint_size(gap_between(*higher, *it)) + varint_size(range_length(*it));
    if (fixed + varint_size(count + 1) + ranges_bytes + cost > room) break;
    ranges_bytes += cost;
    ++count;
    higher = &*it;
  }
  return {count, fixed + varint_size(count) + ranges_bytes};
}

// Writes that cannot fail: the caller checked the room beforehand.
void put_varint(BufferWriter& writer, uint64_t value) {
  [[maybe_unused]] const bool ok = writer.write_varint(value);
  assert(ok);
}

}  // namespace

uint64_t AckFrame::smallest_acknowledged() const {
  uint64_t smallest = largest_acknowledged - first_ack_range;
  for (const AckRange& range : ranges()) smallest = range.smallest;
  return smallest;
}

bool operator==(const AckFrame& a, const AckFrame& b) {
  if (a.largest_acknowledged != b.largest_acknowledged || a.ack_delay != b.ack_delay ||
      a.first_ack_range != b.first_ack_range || a.ack_range_count != b.ack_range_count ||
      a.ecn != b.ecn) {
    return false;
  }
  AckRangeIterator ia = a.ranges().begin(), ib = b.ranges().begin();
  const AckRangeIterator end;
  for (; ia != end && ib != end; ++ia, ++ib) {
    if (*ia != *ib) return false;
  }
  return ia == end && ib == end;
}

Result<AckFrame> decode_ack_frame_body(BufferReader& reader, uint64_t frame_type) {
  AckFrame frame;
  if (!reader.read_varint(frame.largest_acknowledged) || !reader.read_varint(frame.ack_delay) ||
      !reader.read_varint(frame.ack_range_count) || !reader.read_varint(frame.first_ack_range)) {
    return ack_error(frame_type, "truncated ACK frame");
  }
  // RFC 9000 §19.3: smallest of the first range = Largest Acknowledged - First ACK Range.
  if (frame.first_ack_range > frame.largest_acknowledged) {
    return ack_error(frame_type, "ACK first range below packet number 0");
  }
  AckRange range{frame.largest_acknowledged - frame.first_ack_range, frame.largest_acknowledged};
  const size_t ranges_start = reader.offset();
  // Each pair takes at least two bytes, so a huge count stops at the end of the packet.
  for (uint64_t i = 0; i < frame.ack_range_count; ++i) {
    uint64_t gap = 0;
    uint64_t length = 0;
    if (!reader.read_varint(gap) || !reader.read_varint(length)) {
      return ack_error(frame_type, "truncated ACK range");
    }
    if (!next_range(range.smallest, gap, length, range)) {
      return ack_error(frame_type, "ACK range below packet number 0");
    }
  }
  frame.encoded_ranges = reader.data().subspan(ranges_start, reader.offset() - ranges_start);

  // RFC 9000 §19.3.2: ECN counts follow only in type 0x03.
  if (frame_type == to_wire(FrameType::kAckEcn)) {
    EcnCounts counts;
    if (!reader.read_varint(counts.ect0) || !reader.read_varint(counts.ect1) ||
        !reader.read_varint(counts.ce)) {
      return ack_error(frame_type, "truncated ACK ECN counts");
    }
    frame.ecn = counts;
  }
  return frame;
}

bool is_valid_ack_frame(const AckFrame& frame) {
  if (frame.largest_acknowledged > kMaxVarint || frame.ack_delay > kMaxVarint ||
      frame.ack_range_count > kMaxVarint || frame.first_ack_range > frame.largest_acknowledged ||
      ecn_size(frame.ecn) == std::numeric_limits<size_t>::max()) {
    return false;
  }
  BufferReader reader(frame.encoded_ranges);
  AckRange range{frame.largest_acknowledged - frame.first_ack_range, frame.largest_acknowledged};
  for (uint64_t i = 0; i < frame.ack_range_count; ++i) {
    uint64_t gap = 0;
    uint64_t length = 0;
    if (!reader.read_varint(gap) || !reader.read_varint(length) ||
        !next_range(range.smallest, gap, length, range)) {
      return false;
    }
  }
  return reader.empty();
}

size_t encode_ack_frame(BufferWriter& writer, const RangeSet& received, uint64_t ack_delay,
                        const std::optional<EcnCounts>& ecn, size_t max_ranges) {
  const AckPlan plan = plan_ack_frame(received, ack_delay, ecn, max_ranges, writer.remaining());
  if (plan.size == 0) return 0;

  const Range& top = received.highest();
  put_varint(writer, to_wire(ecn ? FrameType::kAckEcn : FrameType::kAck));
  put_varint(writer, top.end - 1);
  put_varint(writer, ack_delay);
  put_varint(writer, plan.additional_ranges);
  put_varint(writer, range_length(top));
  const Range* higher = &top;
  auto it = received.rbegin() + 1;
  for (size_t i = 0; i < plan.additional_ranges; ++i, ++it) {
    put_varint(writer, gap_between(*higher, *it));
    put_varint(writer, range_length(*it));
    higher = &*it;
  }
  if (ecn) {
    put_varint(writer, ecn->ect0);
    put_varint(writer, ecn->ect1);
    put_varint(writer, ecn->ce);
  }
  return plan.additional_ranges + 1;
}

size_t ack_frame_size(const RangeSet& received, uint64_t ack_delay,
                      const std::optional<EcnCounts>& ecn, size_t max_ranges) {
  return plan_ack_frame(received, ack_delay, ecn, max_ranges, std::numeric_limits<size_t>::max())
      .size;
}

}  // namespace quasar
