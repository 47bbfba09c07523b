// StreamPriority: the urgency and incremental parameters of RFC 9218 §4, as the scheduler sees
// them.
#pragma once

#include <cstdint>

namespace quasar {

struct StreamPriority {
  // RFC 9218 §4.1: 0 (most urgent) to 7.
  static constexpr uint8_t kLowestUrgency = 7;
  static constexpr uint8_t kDefaultUrgency = 3;

  uint8_t urgency = kDefaultUrgency;
  // RFC 9218 §4.2: incremental streams of one urgency share bandwidth round-robin;
  // non-incremental ones are sent one at a time in stream ID order. Plain QUIC streams default
  // to incremental so that, without priorities, every stream makes progress; HTTP/3 sets
  // RFC 9218's own default (u=3, non-incremental) on request streams.
  bool incremental = true;

  friend bool operator==(const StreamPriority&, const StreamPriority&) = default;
};

}  // namespace quasar
