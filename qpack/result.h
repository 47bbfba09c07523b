// Result<T>: a value or a QpackError, and Status for operations without a value.
// qpack/ is standalone (nothing from quic/), so it carries its own small error-as-value type.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "qpack/qpack_error.h"

namespace quasar::qpack {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : storage_(std::in_place_index<0>, value) {}
  Result(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}
  Result(const QpackError& error) : storage_(std::in_place_index<1>, error) {}

  bool ok() const { return storage_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return *std::get_if<0>(&storage_);
  }
  const T& value() const& {
    assert(ok());
    return *std::get_if<0>(&storage_);
  }
  T&& value() && {
    assert(ok());
    return std::move(*std::get_if<0>(&storage_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const QpackError& error() const {
    assert(!ok());
    return *std::get_if<1>(&storage_);
  }

 private:
  std::variant<T, QpackError> storage_;
};

// Success or a QpackError.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(const QpackError& error) : error_(error), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const QpackError& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  QpackError error_{};
  bool ok_ = true;
};

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
