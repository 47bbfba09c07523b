// Result<T>: a value or a QpackError, and Status for operations without a value. qpack/ stands
// alone: it shares only the dependency-free BasicResult template with the transport.
#pragma once

#include <utility>

#include "qpack/qpack_error.h"
#include "quic/base/basic_result.h"

namespace quasar::qpack {

template <typename T>
using Result = quasar::BasicResult<T, QpackError>;

// Success or a QpackError.
using Status = quasar::BasicResult<void, QpackError>;

}  // namespace quasar::qpack

// Propagates the error of a Result- or Status-returning expression.
#define QPACK_TRY(expr)                       \
  do {                                        \
    auto qpack_try_result_ = (expr);          \
    if (!qpack_try_result_.ok()) [[unlikely]] \
      return qpack_try_result_.error();       \
  } while (0)

// Assigns the value of a Result-returning expression or propagates its error.
#define QPACK_CONCAT_INNER_(a, b) a##b
#define QPACK_CONCAT_(a, b) QPACK_CONCAT_INNER_(a, b)
#define QPACK_ASSIGN_OR_RETURN(lhs, expr) \
  QPACK_ASSIGN_OR_RETURN_IMPL_(QPACK_CONCAT_(qpack_result_, __LINE__), lhs, expr)
#define QPACK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) [[unlikely]]                        \
    return tmp.error();                              \
  lhs = std::move(tmp).value()
