// Bbr2 ProbeBW: the cycle through DOWN, CRUISE, REFILL and UP, the long-term model it adapts
// (BBR.max_bw's cycle clock, BBR.inflight_longterm) and when to probe next
// (draft-ietf-ccwg-bbr §5.3.3, pseudocode of §5.3.3.8 and §5.3.3.9).
#include <algorithm>

#include "quic/cc/bbr2/bbr2.h"

namespace quasar {

using bbr2::AckPhase;
using bbr2::AckSample;
using bbr2::Mode;

// §5.3.3.9 EnterProbeBW.
void Bbr2::enter_probe_bw(Instant now) {
  cwnd_gain_ = bbr2::kDefaultCwndGain;
  start_probe_bw_down(now);
}

// §5.3.3.9 UpdateProbeBWCyclePhase, on each ACK that delivers data.
void Bbr2::update_probe_bw_cycle_phase(const AckSample& rs) {
  if (!full_bw_reached_) return;  // only steady-state behaviour here
  if (adapt_long_term_model(rs)) return;
  switch (mode_) {
    case Mode::kProbeBwDown:
      if (is_time_to_probe_bw(rs.now)) return;
      if (is_time_to_cruise()) start_probe_bw_cruise();
      return;
    case Mode::kProbeBwCruise:
      is_time_to_probe_bw(rs.now);
      return;
    case Mode::kProbeBwRefill:
      // After one round of REFILL, probe.
      if (rounds_.round_start()) {
        is_bw_probe_sample_ = true;
        start_probe_bw_up(rs);
      }
      return;
    case Mode::kProbeBwUp:
      if (is_time_to_go_down(rs)) {
        prev_probe_too_high_ = false;  // no high loss (yet)
        start_probe_bw_down(rs.now);
      }
      return;
    default:
      return;
  }
}

// §5.3.3.9 AdaptLongTermModel: follows the probe's feedback through the ACK phases, advances
// the max_bw filter once per cycle, and raises inflight_longterm while loss stays tolerable.
// True when it decided a state transition.
bool Bbr2::adapt_long_term_model(const AckSample& rs) {
  if (ack_phase_ == AckPhase::kProbeStarting && rounds_.round_start()) {
    ack_phase_ = AckPhase::kProbeFeedback;  // the probe's samples start arriving
  }
  if (ack_phase_ == AckPhase::kProbeStopping && rounds_.round_start()) {
    // The probe's samples are over.
    is_bw_probe_sample_ = false;
    ack_phase_ = AckPhase::kInit;
    if (bbr2::is_probe_bw(mode_) && !rs.is_app_limited) model_.advance_max_bw_filter();
    // Precautionary probing, acceleration: the cautious probe drew no excess loss.
    if (bbr2::is_probe_bw(mode_) && prev_probe_precautionary_ && !prev_probe_too_high_) {
      start_probe_bw_refill();
      return true;
    }
  }
  if (is_inflight_too_high(rs.lost, rs.tx_in_flight)) return false;
  // Loss rate is safe: the upper bound may rise.
  if (model_.inflight_longterm() == bbr2::kInfiniteBytes) return false;
  if (rs.tx_in_flight > model_.inflight_longterm()) model_.set_inflight_longterm(rs.tx_in_flight);
  if (mode_ == Mode::kProbeBwUp) probe_inflight_longterm_upward(rs);
  return false;
}

// §5.3.3.8 IsTimeToProbeBW: from DOWN or CRUISE to REFILL after the randomized wall clock wait
// or the Reno-coexistence number of rounds, whichever comes first.
bool Bbr2::is_time_to_probe_bw(Instant now) {
  if (has_elapsed_in_phase(now, bw_probe_wait_) || is_reno_coexistence_probe_time()) {
    start_probe_bw_refill();
    return true;
  }
  return false;
}

// §5.3.3.8 PickProbeWait: 0 or 1 rounds already counted (a bound of 62 or 63 rounds), and
// 2 to 3 s of wall clock time.
void Bbr2::pick_probe_wait() {
  rounds_since_probe_up_ = rng_.uniform(2);
  bw_probe_wait_ = bbr2::kProbeWaitBase + bbr2::kProbeWaitRandom.scaled(rng_.next_double());
}

// §5.3.3.8 IsRenoCoexistenceProbeTime: a Reno flow with the same BDP would grow its window by
// one packet per round; BBR probes no less often than it would take that flow to double.
bool Bbr2::is_reno_coexistence_probe_time() const {
  const uint64_t reno_rounds = target_inflight() / smss_;
  return rounds_since_probe_up_ >= std::min(reno_rounds, bbr2::kMaxRenoRounds);
}

// §5.3.3.8 TargetInflight: the estimated BDP, unless congestion cut the cwnd.
uint64_t Bbr2::target_inflight() const { return std::min(bdp(), cwnd_); }

// §5.3.3.9 HasElapsedInPhase.
bool Bbr2::has_elapsed_in_phase(Instant now, Duration interval) const {
  return now > cycle_stamp_ + interval;
}

// §5.3.3.9 InflightWithHeadroom: leave BBR.Headroom of inflight_longterm free for other flows.
uint64_t Bbr2::inflight_with_headroom() const {
  const uint64_t longterm = model_.inflight_longterm();
  if (longterm == bbr2::kInfiniteBytes) return bbr2::kInfiniteBytes;
  const uint64_t headroom =
      std::max(smss_, static_cast<uint64_t>(bbr2::kHeadroom * static_cast<double>(longterm)));
  return std::max(longterm - std::min(headroom, longterm), min_pipe_cwnd());
}

}  // namespace quasar
