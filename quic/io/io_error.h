// IoError: a failed system call, as an error value (the errno and what was being done).
#pragma once

#include <string>

namespace quasar {

struct IoError {
  int code = 0;  // errno; 0 when the failure was not a system call
  std::string message;

  // "what: strerror(errno)" for the current errno.
  static IoError from_errno(const char* what);
  static IoError from_errno(const char* what, int error_number);
};

}  // namespace quasar
