// BasicResult<T, E>: a value or an error (and BasicResult<void, E>: success or an error), with
// Err to return an error of any result type. Header-only and free of dependencies, so that the
// modules that stand apart from the transport (qpack/, http3/) share it; each names its own
// Result with its default error type.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace quasar {

// Wraps an error so that `return Err(e);` converts to any Result<T, E>.
template <typename E>
struct Err {
  E error;
};
template <typename E>
Err(E) -> Err<E>;

template <typename T, typename E>
class [[nodiscard]] BasicResult {
 public:
  BasicResult(const T& value) : storage_(std::in_place_index<0>, value) {}
  BasicResult(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}
  template <typename U>
  BasicResult(Err<U> err) : storage_(std::in_place_index<1>, std::move(err.error)) {}
  BasicResult(const E& error) requires(!std::is_convertible_v<E, T>)
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

// BasicResult<void, E>: success or an error.
template <typename E>
class [[nodiscard]] BasicResult<void, E> {
 public:
  BasicResult() = default;
  template <typename U>
  BasicResult(Err<U> err) : error_(std::move(err.error)), ok_(false) {}
  BasicResult(const E& error) : error_(error), ok_(false) {}

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

}  // namespace quasar
