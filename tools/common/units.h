// Human-readable quantities for the tools' log lines and summaries: bytes, rates, durations.
#pragma once

#include <cstdint>
#include <string>

#include "quic/base/time.h"

namespace quasar::tools {

// "812 B", "1.50 KiB", "3.20 MiB", "1.00 GiB".
std::string format_bytes(uint64_t bytes);
// Bits per second over `elapsed`: "940.3 Mbit/s", "2.41 Gbit/s".
std::string format_rate(uint64_t bytes, Duration elapsed);
// "850 us", "12.3 ms", "4.20 s".
std::string format_duration(Duration d);

}  // namespace quasar::tools
