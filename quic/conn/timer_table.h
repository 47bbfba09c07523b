// TimerTable: the deadlines a connection keeps itself, so next_timeout() is one minimum and each
// timer's owner stays obvious. Loss detection, ACK and idle deadlines are derived from their
// owners' state instead.
#pragma once

#include <array>
#include <cstddef>

#include "quic/base/time.h"

namespace quasar {

enum class TimerKind : uint8_t {
  kAckDelay,        // RFC 9000 §13.2.1: max_ack_delay for a pending ACK
  kKeepAlive,       // PING before the idle timeout, if enabled
  kPacing,          // RFC 9002 §7.7: the pacer holds the next packet
  kClosing,         // RFC 9000 §10.2: end of the closing or draining period
  kPathValidation,  // RFC 9000 §8.2.4: PATH_CHALLENGE retries and give-up
  kKeyDiscard,      // RFC 9001 §6.5: old 1-RTT read keys, and 0-RTT keys
  kPmtuProbe,       // RFC 8899: next path MTU probe
  kPathProbe,       // RFC 9000 §8.2.4: PATH_CHALLENGE retries on a probed path, and give-up
  kCount,
};

class TimerTable {
 public:
  TimerTable() { deadlines_.fill(Instant::infinite_future()); }

  void set(TimerKind kind, Instant when) { deadlines_[index(kind)] = when; }
  void cancel(TimerKind kind) { deadlines_[index(kind)] = Instant::infinite_future(); }
  Instant get(TimerKind kind) const { return deadlines_[index(kind)]; }
  bool is_armed(TimerKind kind) const { return !get(kind).is_infinite(); }
  bool expired(TimerKind kind, Instant now) const { return get(kind) <= now; }

  Instant next() const {
    Instant earliest = Instant::infinite_future();
    for (Instant t : deadlines_) earliest = t < earliest ? t : earliest;
    return earliest;
  }

 private:
  static constexpr size_t index(TimerKind kind) { return static_cast<size_t>(kind); }
  std::array<Instant, static_cast<size_t>(TimerKind::kCount)> deadlines_;
};

}  // namespace quasar
