// PathModel: BBR's model of the network path — the data rate parameters (BBR.max_bw,
// BBR.bw_shortterm, BBR.bw), the data volume parameters (BBR.min_rtt, BBR.extra_acked,
// BBR.inflight_longterm, BBR.inflight_shortterm) and the per-round delivery signals that adapt
// the short-term model after loss (draft-ietf-ccwg-bbr §2.9-§2.12, §5.5).
#pragma once

#include <cstdint>

#include "quic/base/time.h"
#include "quic/cc/bbr2/constants.h"
#include "quic/cc/bbr2/extra_acked_filter.h"
#include "quic/cc/bbr2/max_bw_filter.h"
#include "quic/cc/bbr2/min_rtt_filter.h"

namespace quasar::bbr2 {

class PathModel {
 public:
  // The parts of OnInit (§5.2.1) that belong to the model.
  void start(Instant now);

  // --- Data rate (§2.9.1, §5.5.2-§5.5.6) ---
  Bandwidth max_bw() const { return max_bw_filter_.best(); }
  Bandwidth bw_shortterm() const { return bw_shortterm_; }
  // BBR.bw = min(BBR.max_bw, BBR.bw_shortterm), as of the last bound_bw().
  Bandwidth bw() const { return bw_; }
  // UpdateMaxBw after the round was counted: application-limited samples count only when they
  // raise the estimate (§5.5.4).
  void update_max_bw(Bandwidth delivery_rate, bool is_app_limited);
  // AdvanceMaxBwFilter: one ProbeBW cycle of virtual time has passed.
  void advance_max_bw_filter() { max_bw_filter_.advance(); }
  // BoundBWForModel.
  void bound_bw();

  // --- Data volume (§2.9.2, §5.5.7-§5.5.9) ---
  MinRttFilter& min_rtt_filter() { return min_rtt_filter_; }
  const MinRttFilter& min_rtt_filter() const { return min_rtt_filter_; }
  Duration min_rtt() const { return min_rtt_filter_.min_rtt(); }
  bool has_min_rtt() const { return !min_rtt().is_infinite(); }
  // rate * BBR.min_rtt; only meaningful with has_min_rtt().
  uint64_t bdp(Bandwidth rate) const { return rate.bytes_in(min_rtt()); }
  ExtraAckedFilter& extra_acked_filter() { return extra_acked_filter_; }
  uint64_t extra_acked() const { return extra_acked_filter_.extra_acked(); }
  uint64_t inflight_longterm() const { return inflight_longterm_; }
  void set_inflight_longterm(uint64_t bytes) { inflight_longterm_ = bytes; }
  uint64_t inflight_shortterm() const { return inflight_shortterm_; }

  // --- Short-term model and congestion signals (§5.5.10.3) ---
  // UpdateLatestDeliverySignals, near the start of ACK processing: `rs_delivered` is
  // RS.delivered, `prior_delivered` RS.prior_delivered, `delivered` C.delivered.
  void update_latest_delivery_signals(Bandwidth delivery_rate, uint64_t rs_delivered,
                                      uint64_t prior_delivered, uint64_t delivered);
  // AdvanceLatestDeliverySignals, near the end of ACK processing.
  void advance_latest_delivery_signals(Bandwidth delivery_rate, uint64_t rs_delivered);
  // ResetCongestionSignals.
  void reset_congestion_signals();
  // NoteLoss without its SaveStateUponLoss: true when this is the round's first loss (the
  // caller then saves its state).
  bool note_loss(uint64_t delivered);
  // Moves the end of the loss round to the ACK of data sent after C.delivered was `delivered`.
  void set_loss_round_delivered(uint64_t delivered) { loss_round_delivered_ = delivered; }
  bool loss_round_start() const { return loss_round_start_; }
  bool is_loss_in_round() const { return is_loss_in_round_; }
  void clear_loss_in_round() { is_loss_in_round_ = false; }
  // InitLowerBounds: the first lossy round of a cycle starts from max_bw and the cwnd.
  void init_lower_bounds(uint64_t cwnd);
  // LossLowerBounds: once per lossy round, move toward the latest delivery process, by at most
  // BBR.Beta.
  void loss_lower_bounds();
  // ResetShortTermModel: both short-term bounds back to infinity.
  void reset_short_term_model();
  // Spurious loss undo: the bounds go back up to at least the saved values (§5.5.11.2).
  void raise_bounds_to(Bandwidth bw_shortterm, uint64_t inflight_shortterm,
                       uint64_t inflight_longterm);
  Bandwidth bw_latest() const { return bw_latest_; }
  uint64_t inflight_latest() const { return inflight_latest_; }

 private:
  MaxBwFilter max_bw_filter_;
  Bandwidth bw_shortterm_ = Bandwidth::infinite();
  Bandwidth bw_ = Bandwidth::zero();
  MinRttFilter min_rtt_filter_;
  ExtraAckedFilter extra_acked_filter_;
  uint64_t inflight_longterm_ = kInfiniteBytes;
  uint64_t inflight_shortterm_ = kInfiniteBytes;
  Bandwidth bw_latest_ = Bandwidth::zero();  // 1-round max of RS.delivery_rate
  uint64_t inflight_latest_ = 0;             // 1-round max of RS.delivered
  uint64_t loss_round_delivered_ = 0;
  bool loss_round_start_ = false;
  bool is_loss_in_round_ = false;
};

}  // namespace quasar::bbr2
