// Logger: timestamped lines on stderr.
#include "tools/common/logger.h"

#include <sys/time.h>

#include <cstdio>
#include <ctime>

namespace quasar::tools {

void Logger::write(std::string_view prefix, std::string_view line) const {
  timeval tv;
  gettimeofday(&tv, nullptr);
  tm local;
  localtime_r(&tv.tv_sec, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%H:%M:%S", &local);
  std::fprintf(stderr, "%s.%03d %.*s: %.*s%.*s\n", stamp, static_cast<int>(tv.tv_usec / 1000),
               static_cast<int>(program_.size()), program_.data(), static_cast<int>(prefix.size()),
               prefix.data(), static_cast<int>(line.size()), line.data());
}

}  // namespace quasar::tools
