// monotonic_now() over clock_gettime (a vDSO call: no system call on Linux).
#include "quic/io/monotonic_clock.h"

namespace quasar {

Instant monotonic_now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return Instant::from_nanos(static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
}

timespec to_timespec(Instant instant) {
  const int64_t ns = instant.nanos_since_epoch() < 0 ? 0 : instant.nanos_since_epoch();
  timespec ts;
  ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  ts.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  return ts;
}

}  // namespace quasar
