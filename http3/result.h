// Result<T, E>: a value or an error, and Status for operations without a value. http3/ stands
// beside any QUIC (it includes nothing from quic/), so it carries its own small error-as-value
// type; the default error is a connection error, Http3Error.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "http3/http3_error.h"

namespace quasar::http3 {

template <typename T, typename E = Http3Error>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : storage_(std::in_place_index<0>, value) {}
  Result(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}
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

// Success or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
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

using Status = Result<void, Http3Error>;

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
