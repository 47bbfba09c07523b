// Result<T, E>: a value or an error, and Status for operations without a value; the default
// error is a connection error, Http3Error. http3/ stands beside any QUIC: it shares only the
// dependency-free BasicResult template with the transport.
#pragma once

#include <utility>

#include "http3/http3_error.h"
#include "quic/base/basic_result.h"

namespace quasar::http3 {

template <typename T, typename E = Http3Error>
using Result = quasar::BasicResult<T, E>;

// Success or an error.
using Status = Result<void>;

}  // namespace quasar::http3

// Propagates the error of a Result- or Status-returning expression.
#define HTTP3_TRY(expr)                       \
  do {                                        \
    auto http3_try_result_ = (expr);          \
    if (!http3_try_result_.ok()) [[unlikely]] \
      return http3_try_result_.error();       \
  } while (0)

// Assigns the value of a Result-returning expression or propagates its error.
#define HTTP3_CONCAT_INNER_(a, b) a##b
#define HTTP3_CONCAT_(a, b) HTTP3_CONCAT_INNER_(a, b)
#define HTTP3_ASSIGN_OR_RETURN(lhs, expr) \
  HTTP3_ASSIGN_OR_RETURN_IMPL_(HTTP3_CONCAT_(http3_result_, __LINE__), lhs, expr)
#define HTTP3_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) [[unlikely]]                        \
    return tmp.error();                              \
  lhs = std::move(tmp).value()
