// The real monotonic clock (CLOCK_MONOTONIC) as the core's Instant, and conversions to timespec.
#pragma once

#include <time.h>

#include "quic/base/time.h"

namespace quasar {

// Now on CLOCK_MONOTONIC. The core's Instants from quic/io share this epoch, so a deadline from
// next_timeout() can be handed to timerfd as an absolute time.
Instant monotonic_now();

// The same point as a timespec on CLOCK_MONOTONIC (negative instants clamp to zero).
timespec to_timespec(Instant instant);

}  // namespace quasar
