// Formatting of bytes, rates and durations.
#include "tools/common/units.h"

#include <cstdio>

namespace quasar::tools {

std::string format_bytes(uint64_t bytes) {
  char text[32];
  if (bytes < 1024) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < (1ull << 20)) {
    std::snprintf(text, sizeof text, "%.2f KiB", static_cast<double>(bytes) / 1024);
  } else if (bytes < (1ull << 30)) {
    std::snprintf(text, sizeof text, "%.2f MiB", static_cast<double>(bytes) / (1 << 20));
  } else {
    std::snprintf(text, sizeof text, "%.2f GiB", static_cast<double>(bytes) / (1 << 30));
  }
  return text;
}

std::string format_rate(uint64_t bytes, Duration elapsed) {
  const double seconds = elapsed.seconds();
  const double bits_per_second = seconds > 0 ? static_cast<double>(bytes) * 8 / seconds : 0;
  char text[32];
  if (bits_per_second >= 1e9) {
    std::snprintf(text, sizeof text, "%.2f Gbit/s", bits_per_second / 1e9);
  } else if (bits_per_second >= 1e6) {
    std::snprintf(text, sizeof text, "%.1f Mbit/s", bits_per_second / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.1f kbit/s", bits_per_second / 1e3);
  }
  return text;
}

std::string format_duration(Duration d) {
  char text[32];
  const int64_t us = d.micros();
  if (us < 1000) {
    std::snprintf(text, sizeof text, "%lld us", static_cast<long long>(us));
  } else if (us < 1000000) {
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(us) / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(us) / 1e6);
  }
  return text;
}

}  // namespace quasar::tools
