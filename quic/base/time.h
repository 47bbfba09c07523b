// Strong time types: Duration and Instant (nanoseconds, monotonic), and Bandwidth.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>

namespace quasar {

// A signed span of time in nanoseconds.
class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration from_nanos(int64_t ns) { return Duration(ns); }
  static constexpr Duration from_micros(int64_t us) { return Duration(us * 1000); }
  static constexpr Duration from_millis(int64_t ms) { return Duration(ms * 1000000); }
  static constexpr Duration from_seconds(int64_t s) { return Duration(s * 1000000000); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration infinite() { return Duration(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t nanos() const { return ns_; }
  constexpr int64_t micros() const { return ns_ / 1000; }
  constexpr int64_t millis() const { return ns_ / 1000000; }
  constexpr double seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr bool is_infinite() const { return ns_ == std::numeric_limits<int64_t>::max(); }

  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration operator/(int64_t k) const { return Duration(ns_ / k); }
  constexpr Duration& operator+=(Duration o) {
    ns_ += o.ns_;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    ns_ -= o.ns_;
    return *this;
  }
  // Scales by a real factor (gains, 9/8 thresholds), rounding toward zero.
  constexpr Duration scaled(double factor) const {
    return Duration(static_cast<int64_t>(static_cast<double>(ns_) * factor));
  }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// A point on a monotonic clock, in nanoseconds since an arbitrary epoch. The core never reads a
// clock: every Instant comes from the caller (quic/io's real clock or quic/sim's virtual one).
class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant from_nanos(int64_t ns) { return Instant(ns); }
  // A time after every real one: "no timer armed".
  static constexpr Instant infinite_future() {
    return Instant(std::numeric_limits<int64_t>::max());
  }

  constexpr int64_t nanos_since_epoch() const { return ns_; }
  constexpr bool is_infinite() const { return ns_ == std::numeric_limits<int64_t>::max(); }

  constexpr Instant operator+(Duration d) const {
    if (is_infinite() || d.is_infinite()) return infinite_future();
    return Instant(ns_ + d.nanos());
  }
  constexpr Instant operator-(Duration d) const { return Instant(ns_ - d.nanos()); }
  constexpr Duration operator-(Instant o) const { return Duration::from_nanos(ns_ - o.ns_); }
  constexpr Instant& operator+=(Duration d) { return *this = *this + d; }
  constexpr auto operator<=>(const Instant&) const = default;

 private:
  constexpr explicit Instant(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// A data rate in bits per second.
class Bandwidth {
 public:
  constexpr Bandwidth() = default;
  static constexpr Bandwidth from_bits_per_second(uint64_t bps) { return Bandwidth(bps); }
  static constexpr Bandwidth from_mbps(double mbps) {
    return Bandwidth(static_cast<uint64_t>(mbps * 1e6));
  }
  // Bytes delivered over an interval; zero when the interval is not positive.
  static constexpr Bandwidth from_bytes_and_time(uint64_t bytes, Duration interval) {
    if (interval.nanos() <= 0) return Bandwidth(0);
    return Bandwidth(static_cast<uint64_t>(static_cast<double>(bytes) * 8e9 /
                                           static_cast<double>(interval.nanos())));
  }
  static constexpr Bandwidth zero() { return Bandwidth(0); }
  static constexpr Bandwidth infinite() {
    return Bandwidth(std::numeric_limits<uint64_t>::max());
  }

  constexpr uint64_t bits_per_second() const { return bps_; }
  constexpr double mbps() const { return static_cast<double>(bps_) * 1e-6; }
  constexpr bool is_zero() const { return bps_ == 0; }
  constexpr bool is_infinite() const { return bps_ == std::numeric_limits<uint64_t>::max(); }

  // Bytes sent at this rate in `interval`.
  constexpr uint64_t bytes_in(Duration interval) const {
    if (interval.nanos() <= 0) return 0;
    return static_cast<uint64_t>(static_cast<double>(bps_) *
                                 static_cast<double>(interval.nanos()) / 8e9);
  }
  // Time to send `bytes` at this rate; infinite when the rate is zero.
  constexpr Duration transfer_time(uint64_t bytes) const {
    if (bps_ == 0) return Duration::infinite();
    return Duration::from_nanos(
        static_cast<int64_t>(static_cast<double>(bytes) * 8e9 / static_cast<double>(bps_)));
  }
  constexpr Bandwidth scaled(double factor) const {
    return Bandwidth(static_cast<uint64_t>(static_cast<double>(bps_) * factor));
  }
  constexpr auto operator<=>(const Bandwidth&) const = default;

 private:
  constexpr explicit Bandwidth(uint64_t bps) : bps_(bps) {}
  uint64_t bps_ = 0;
};

}  // namespace quasar
