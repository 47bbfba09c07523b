// IoError construction from errno.
#include "quic/io/io_error.h"

#include <cerrno>
#include <cstring>

namespace quasar {

IoError IoError::from_errno(const char* what) { return from_errno(what, errno); }

IoError IoError::from_errno(const char* what, int error_number) {
  IoError e;
  e.code = error_number;
  e.message = std::string(what) + ": " + std::strerror(error_number);
  return e;
}

}  // namespace quasar
