// Result<T, E>: a value or an error, the error-as-value type used everywhere in quasar.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "quic/base/quic_error.h"

namespace quasar {

// Wraps an error so that `return Err(e);` converts to any Result<T, E>.
template <typename E>
struct Err {
  E error;
};
template <typename E>
Err(E) -> Err<E>;

template <typename T, typename E = QuicError>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : storage_(std::in_place_index<0>, value) {}
  Result(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}
  template <typename U>
  Result(Err<U> err) : storage_(std::in_place_index<1>, std::move(err.error)) {}
  Result(const E& error) requires(!std::is_convertible_v<E, T>)
      : storage_(std::in_place_index<1>, error) {}

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

  const E& error() const {
    assert(!ok());
    return *std::get_if<1>(&storage_);
  }

 private:
  std::variant<T, E> storage_;
};

// Result<void, E>: success or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  template <typename U>
  Result(Err<U> err) : error_(std::move(err.error)), ok_(false) {}
  Result(const E& error) : error_(error), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  E error_{};
  bool ok_ = true;
};

using Status = Result<void, QuicError>;

inline Status ok_status() { return {}; }

}  // namespace quasar

// Propagates the error of a Result-returning expression: QUASAR_TRY(decode_x(r));
#define QUASAR_TRY(expr)                                      \
  do {                                                        \
    auto quasar_try_result_ = (expr);                         \
    if (!quasar_try_result_.ok()) [[unlikely]]                \
      return ::quasar::Err{quasar_try_result_.error()};       \
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
