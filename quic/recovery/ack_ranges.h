// The acknowledgment a peer sent, as the loss detector consumes it: largest acknowledged,
// decoded ACK Delay, optional ECN counts, and its ranges from any source (the wire decoder's
// range iterator, a span, a RangeSet) without copying them into a container first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>

#include "quic/base/ack_range.h"
#include "quic/base/time.h"

namespace quasar {

struct ReceivedAck {
  uint64_t largest_acknowledged = 0;
  Duration ack_delay;  // already scaled by the peer's ack_delay_exponent
  std::optional<EcnCounts> ecn;
};

// RFC 9000 §19.3: ACK Delay on the wire is in units of 2^ack_delay_exponent microseconds.
constexpr Duration decode_ack_delay(uint64_t encoded, uint64_t ack_delay_exponent) {
  if (ack_delay_exponent > 20) return Duration::infinite();  // RFC 9000 §18.2: at most 20
  const uint64_t micros = encoded << ack_delay_exponent;
  if ((micros >> ack_delay_exponent) != encoded || micros > uint64_t{INT64_MAX} / 1000) {
    return Duration::infinite();
  }
  return Duration::from_micros(static_cast<int64_t>(micros));
}

// A non-owning, type-erased producer of ACK ranges, largest first. Wrap any callable
// `bool(AckRange&)` that fills the next range and returns false at the end; the callable must
// outlive the source. No allocation.
class AckRangeSource {
 public:
  template <typename F>
  requires(std::is_invocable_r_v<bool, F&, AckRange&> &&
           !std::is_same_v<std::remove_cvref_t<F>, AckRangeSource>)
      AckRangeSource(F& producer)  // NOLINT: implicit by design
      : context_(static_cast<void*>(&producer)),
        next_([](void* c, AckRange& out) { return (*static_cast<F*>(c))(out); }) {}

  bool next(AckRange& out) { return next_(context_, out); }

 private:
  void* context_;
  bool (*next_)(void*, AckRange&);
};

// Yields the ranges of a span, which must already be largest first.
class AckRangeSpan {
 public:
  explicit AckRangeSpan(std::span<const AckRange> ranges) : ranges_(ranges) {}
  bool operator()(AckRange& out) {
    if (index_ == ranges_.size()) return false;
    out = ranges_[index_++];
    return true;
  }

 private:
  std::span<const AckRange> ranges_;
  size_t index_ = 0;
};

}  // namespace quasar
