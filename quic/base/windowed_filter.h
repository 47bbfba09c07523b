// WindowedFilter: the running best (max or min) of samples over a sliding time window, kept
// with three samples (Kathleen Nichols' algorithm, as BBR uses for bandwidth and min RTT).
#pragma once

#include <functional>

namespace quasar {

// `Better(a, b)` is true when a is a better estimate than b (std::greater for a max filter).
// Time is any type with operator- yielding something comparable to Window.
template <typename T, typename Time, typename Window, typename Better>
class WindowedFilter {
 public:
  explicit WindowedFilter(Window window) : window_(window) {}

  void reset(T sample, Time now) {
    for (Sample& s : best_) s = {sample, now};
    has_sample_ = true;
  }

  void update(T sample, Time now) {
    if (!has_sample_ || !Better()(best_[0].value, sample) || now - best_[2].time > window_) {
      reset(sample, now);
      return;
    }
    if (!Better()(best_[1].value, sample)) {
      best_[1] = best_[2] = {sample, now};
    } else if (!Better()(best_[2].value, sample)) {
      best_[2] = {sample, now};
    }
    // Expire and shift when the best is older than the window; otherwise refresh the second
    // and third choices a quarter and half window in, so a better value is found sooner.
    const auto age = now - best_[0].time;
    if (age > window_) {
      best_[0] = best_[1];
      best_[1] = best_[2];
      best_[2] = {sample, now};
      if (now - best_[0].time > window_) {
        best_[0] = best_[1];
        best_[1] = best_[2];
      }
    } else if (best_[1].time == best_[0].time && age > window_ / 4) {
      best_[2] = best_[1] = {sample, now};
    } else if (best_[2].time == best_[1].time && age > window_ / 2) {
      best_[2] = {sample, now};
    }
  }

  bool has_sample() const { return has_sample_; }
  T best() const { return best_[0].value; }
  void set_window(Window window) { window_ = window; }

 private:
  struct Sample {
    T value{};
    Time time{};
  };
  Window window_;
  Sample best_[3]{};
  bool has_sample_ = false;
};

template <typename T, typename Time, typename Window>
using WindowedMaxFilter = WindowedFilter<T, Time, Window, std::greater<T>>;
template <typename T, typename Time, typename Window>
using WindowedMinFilter = WindowedFilter<T, Time, Window, std::less<T>>;

}  // namespace quasar
