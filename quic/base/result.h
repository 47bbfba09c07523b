// Result<T, E>: a value or an error, the error-as-value type used everywhere in quasar.
#pragma once

#include "quic/base/basic_result.h"
#include "quic/base/quic_error.h"

namespace quasar {

template <typename T, typename E = QuicError>
using Result = BasicResult<T, E>;

using Status = Result<void, QuicError>;

inline Status ok_status() { return {}; }

}  // namespace quasar

// Propagates the error of a Result-returning expression: QUASAR_TRY(decode_x(r));
#define QUASAR_TRY(expr)                                \
  do {                                                  \
    auto quasar_try_result_ = (expr);                   \
    if (!quasar_try_result_.ok()) [[unlikely]]          \
      return ::quasar::Err{quasar_try_result_.error()}; \
  } while (0)

// Assigns the value of a Result-returning expression or propagates its error:
//   QUASAR_ASSIGN_OR_RETURN(auto frame, decode_frame(r));
#define QUASAR_CONCAT_INNER_(a, b) a##b
#define QUASAR_CONCAT_(a, b) QUASAR_CONCAT_INNER_(a, b)
#define QUASAR_ASSIGN_OR_RETURN(lhs, expr) \
  QUASAR_ASSIGN_OR_RETURN_IMPL_(QUASAR_CONCAT_(quasar_result_, __LINE__), lhs, expr)
#define QUASAR_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) [[unlikely]]                         \
    return ::quasar::Err{tmp.error()};                \
  lhs = std::move(tmp).value()
