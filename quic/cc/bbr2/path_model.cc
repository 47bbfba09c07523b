// PathModel: the model-update pseudocode of draft-ietf-ccwg-bbr §5.5.
#include "quic/cc/bbr2/path_model.h"

#include <algorithm>

namespace quasar::bbr2 {

void PathModel::start(Instant now) {
  min_rtt_filter_.start(now);
  extra_acked_filter_.restart_interval(now);
  inflight_longterm_ = kInfiniteBytes;
  reset_congestion_signals();
  reset_short_term_model();
}

// §5.5.5 UpdateMaxBw.
void PathModel::update_max_bw(Bandwidth delivery_rate, bool is_app_limited) {
  if (!delivery_rate.is_zero() && (delivery_rate >= max_bw() || !is_app_limited)) {
    max_bw_filter_.update(delivery_rate);
  }
}

void PathModel::bound_bw() { bw_ = std::min(max_bw(), bw_shortterm_); }

void PathModel::update_latest_delivery_signals(Bandwidth delivery_rate, uint64_t rs_delivered,
                                               uint64_t prior_delivered, uint64_t delivered) {
  loss_round_start_ = false;
  bw_latest_ = std::max(bw_latest_, delivery_rate);
  inflight_latest_ = std::max(inflight_latest_, rs_delivered);
  if (prior_delivered >= loss_round_delivered_) {
    loss_round_delivered_ = delivered;
    loss_round_start_ = true;
  }
}

void PathModel::advance_latest_delivery_signals(Bandwidth delivery_rate, uint64_t rs_delivered) {
  if (loss_round_start_) {
    bw_latest_ = delivery_rate;
    inflight_latest_ = rs_delivered;
  }
}

void PathModel::reset_congestion_signals() {
  is_loss_in_round_ = false;
  bw_latest_ = Bandwidth::zero();
  inflight_latest_ = 0;
}

bool PathModel::note_loss(uint64_t delivered) {
  const bool first = !is_loss_in_round_;
  if (first) loss_round_delivered_ = delivered;
  is_loss_in_round_ = true;
  return first;
}

void PathModel::init_lower_bounds(uint64_t cwnd) {
  if (bw_shortterm_.is_infinite()) bw_shortterm_ = max_bw();
  if (inflight_shortterm_ == kInfiniteBytes) inflight_shortterm_ = cwnd;
}

void PathModel::loss_lower_bounds() {
  bw_shortterm_ = std::max(bw_latest_, bw_shortterm_.scaled(kBeta));
  inflight_shortterm_ = std::max(
      inflight_latest_, static_cast<uint64_t>(static_cast<double>(inflight_shortterm_) * kBeta));
}

void PathModel::reset_short_term_model() {
  bw_shortterm_ = Bandwidth::infinite();
  inflight_shortterm_ = kInfiniteBytes;
}

void PathModel::raise_bounds_to(Bandwidth bw_shortterm, uint64_t inflight_shortterm,
                                uint64_t inflight_longterm) {
  bw_shortterm_ = std::max(bw_shortterm_, bw_shortterm);
  inflight_shortterm_ = std::max(inflight_shortterm_, inflight_shortterm);
  inflight_longterm_ = std::max(inflight_longterm_, inflight_longterm);
}

}  // namespace quasar::bbr2
