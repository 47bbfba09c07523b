// Bbr2: the BBR congestion controller of draft-ietf-ccwg-bbr (BBRv3, the current revision of
// the BBRv2 line): a model of the path's bandwidth and round-trip time drives a pacing rate and
// a congestion window through the Startup, Drain, ProbeBW (DOWN, CRUISE, REFILL, UP) and
// ProbeRTT states.
//
// The implementation is split by concern; each file cites the draft's pseudocode it follows:
//   bbr2.cc            events from loss detection, the per-ACK order (§5.2), restart from idle
//   startup.cc         Startup and the full pipe estimator (§5.3.1)
//   drain.cc           Drain (§5.3.2)
//   probe_bw.cc        the ProbeBW cycle, the long-term model, probe timing (§5.3.3)
//   probe_bw_down.cc, probe_bw_cruise.cc, probe_bw_refill.cc, probe_bw_up.cc  its four phases
//   probe_rtt.cc       ProbeRTT (§5.3.4)
//   loss_response.cc   loss, ECN, recovery and spurious-loss undo (§5.5.10, §5.5.11, §5.6.4.4)
//   pacing.cc          pacing rate and send quantum (§5.6.2, §5.6.3)
//   cwnd.cc            the congestion window (§5.6.4)
//   path_model.*       the network path model and its filters (§5.5)
#pragma once

#include <cstdint>
#include <string_view>

#include "quic/base/rng.h"
#include "quic/base/time.h"
#include "quic/cc/bbr2/ack_sample.h"
#include "quic/cc/bbr2/mode.h"
#include "quic/cc/bbr2/path_model.h"
#include "quic/cc/bbr2/round_counter.h"
#include "quic/cc/congestion_control_config.h"
#include "quic/cc/congestion_controller.h"
#include "quic/cc/loss_episode.h"

namespace quasar {

class Bbr2 final : public CongestionController {
 public:
  // `seed` varies the randomized bandwidth-probe timing (§5.3.3.8); it is mixed with the time
  // of the first packet sent, so flows that start apart also probe apart.
  explicit Bbr2(const CongestionControlConfig& config = {}, uint64_t seed = 0);

  const char* name() const override { return "bbr2"; }
  void on_packet_sent(const SentPacketEvent& sent) override;
  void on_packet_acked(const AckedPacketEvent& acked) override;
  void on_ack(const AckEvent& ack) override;
  void on_packet_lost(const LostPacketEvent& lost) override;
  void on_congestion_event(const LossEvent& loss) override;
  void on_persistent_congestion(Instant now) override;
  void on_ecn_ce(Instant now, Instant largest_acked_time_sent, uint64_t ce_increase) override;
  void on_spurious_loss(const SpuriousLossEvent& spurious) override;
  void on_app_limited(uint64_t bytes_in_flight) override;
  void set_max_datagram_size(uint64_t bytes) override;

  uint64_t congestion_window() const override { return cwnd_; }
  Bandwidth pacing_rate() const override { return pacing_rate_; }
  bool in_slow_start() const override { return mode_ == bbr2::Mode::kStartup; }
  bool in_recovery() const override { return in_recovery_; }
  // BBR keeps no slow start threshold; its long-term inflight bound plays that part.
  uint64_t slow_start_threshold() const override { return model_.inflight_longterm(); }
  uint64_t max_datagram_size() const override { return smss_; }
  std::string_view state_name() const override { return bbr2::mode_name(mode_); }
  // BBR.bw: the rate the pacing follows (max_bw bounded by the short-term model).
  Bandwidth bandwidth_estimate() const override { return model_.bw(); }
  Duration min_rtt_estimate() const override {
    return model_.has_min_rtt() ? model_.min_rtt() : Duration::zero();
  }

  // --- Inspection (tests, logs) ---
  bbr2::Mode mode() const { return mode_; }
  bbr2::AckPhase ack_phase() const { return ack_phase_; }
  const bbr2::PathModel& model() const { return model_; }
  double pacing_gain() const { return pacing_gain_; }
  double cwnd_gain() const { return cwnd_gain_; }
  bool full_bw_reached() const { return full_bw_reached_; }
  bool full_bw_now() const { return full_bw_now_; }
  Bandwidth full_bw() const { return full_bw_; }
  uint32_t full_bw_count() const { return full_bw_count_; }
  uint64_t round_count() const { return rounds_.round_count(); }
  uint64_t rounds_since_probe_up() const { return rounds_since_probe_up_; }
  Duration bw_probe_wait() const { return bw_probe_wait_; }
  Instant cycle_stamp() const { return cycle_stamp_; }
  uint64_t max_inflight() const { return max_inflight_; }
  uint64_t send_quantum() const { return send_quantum_; }
  uint64_t prior_cwnd() const { return prior_cwnd_; }
  bool idle_restart() const { return idle_restart_; }
  bool is_cwnd_limited() const { return cwnd_limited_in_round_ || cwnd_limited_last_round_; }
  bool prev_probe_too_high() const { return prev_probe_too_high_; }
  bool is_bw_probe_sample() const { return is_bw_probe_sample_; }
  uint64_t probe_rtt_count() const { return probe_rtt_count_; }
  // BBR.bdp for the current BBR.bw (C.InitialCwnd before any RTT sample).
  uint64_t bdp() const;
  // Inflight(gain) of §5.6.4.2 at BBR.bw.
  uint64_t inflight(double gain) const { return inflight(model_.bw(), gain); }
  // ProbeRTTCwnd of §5.6.4.5.
  uint64_t probe_rtt_cwnd() const;
  // InflightWithHeadroom of §5.3.3.9.
  uint64_t inflight_with_headroom() const;

 private:
  // bbr2.cc: per-ACK steps and shared helpers.
  void ensure_started(Instant now);
  bbr2::AckSample make_sample(const AckEvent& ack) const;
  void update_model_and_state(const bbr2::AckSample& rs);
  void update_congestion_signals(const bbr2::AckSample& rs);
  void adapt_lower_bounds_from_congestion();
  bool loss_above_threshold() const;
  void update_control_parameters(const bbr2::AckSample& rs);
  void handle_restart_from_idle(Instant now);
  // StartRound: immediately within ACK processing, else at the next ACK (whose C.delivered
  // is the first the controller learns after the event).
  void start_round();
  uint64_t min_pipe_cwnd() const { return bbr2::kMinPipeCwndPackets * smss_; }

  // startup.cc
  void enter_startup();
  void reset_full_bw();
  void check_full_bw_reached(const bbr2::AckSample& rs);
  void check_startup_done(const bbr2::AckSample& rs);
  void check_startup_high_loss(const bbr2::AckSample& rs);

  // drain.cc
  void enter_drain();
  void check_drain_done(Instant now);

  // probe_bw.cc
  void enter_probe_bw(Instant now);
  void update_probe_bw_cycle_phase(const bbr2::AckSample& rs);
  bool adapt_long_term_model(const bbr2::AckSample& rs);
  bool is_time_to_probe_bw(Instant now);
  void pick_probe_wait();
  bool is_reno_coexistence_probe_time() const;
  uint64_t target_inflight() const;
  bool has_elapsed_in_phase(Instant now, Duration interval) const;

  // probe_bw_down.cc, probe_bw_cruise.cc, probe_bw_refill.cc, probe_bw_up.cc
  void start_probe_bw_down(Instant now);
  bool is_time_to_cruise() const;
  void start_probe_bw_cruise();
  void start_probe_bw_refill();
  void start_probe_bw_up(const bbr2::AckSample& rs);
  bool is_time_to_go_down(const bbr2::AckSample& rs);
  void raise_inflight_longterm_slope();
  void probe_inflight_longterm_upward(const bbr2::AckSample& rs);

  // probe_rtt.cc
  void check_probe_rtt(const bbr2::AckSample& rs);
  void enter_probe_rtt();
  void handle_probe_rtt(const bbr2::AckSample& rs);
  void check_probe_rtt_done(Instant now);
  void exit_probe_rtt(Instant now);
  void note_queue_at_probe_rtt(const bbr2::AckSample& rs);
  void mark_connection_app_limited();

  // loss_response.cc
  void handle_lost_packet(const LostPacketEvent& lost);
  void note_loss();
  static bool is_inflight_too_high(uint64_t lost, uint64_t tx_in_flight);
  static uint64_t inflight_at_loss(uint64_t tx_in_flight, uint64_t lost, uint64_t packet_bytes);
  void handle_inflight_too_high(bool is_app_limited, uint64_t tx_in_flight);
  void save_state_upon_loss();
  void handle_spurious_loss_detection();
  void enter_recovery(Instant now);
  void exit_recovery();

  // pacing.cc
  void init_pacing_rate(Duration smoothed_rtt);
  void set_pacing_rate_with_gain(double gain);
  void set_send_quantum();

  // cwnd.cc
  uint64_t bdp_multiple(Bandwidth bw, double gain) const;
  uint64_t quantization_budget(uint64_t inflight_cap) const;
  uint64_t inflight(Bandwidth bw, double gain) const;
  void update_max_inflight();
  void set_cwnd(const bbr2::AckSample& rs);
  void restore_cwnd_after_recovery();
  void bound_cwnd_for_probe_rtt();
  void bound_cwnd_for_model();
  void save_cwnd();
  void restore_cwnd();

  // --- Connection and transport state the controller follows (C.*) ---
  uint64_t smss_;
  uint64_t initial_cwnd_;
  uint64_t seed_;
  SeededRng rng_;
  bool started_ = false;
  bool in_ack_ = false;               // inside on_ack()
  uint64_t delivered_ = 0;            // C.delivered as of the last ACK
  uint64_t lost_ = 0;                 // C.lost, kept current per lost packet
  uint64_t inflight_ = 0;             // C.inflight as of the last event
  bool sampler_app_limited_ = false;  // the delivery-rate sampler's C.app_limited
  bool cwnd_limited_in_round_ = false;
  bool cwnd_limited_last_round_ = false;
  // ProbeRTT's MarkConnectionAppLimited: packets sent while C.delivered <= this mark have
  // application-limited samples; the packet numbers so marked.
  uint64_t app_limited_mark_ = 0;
  bool has_marked_packets_ = false;
  uint64_t first_marked_packet_ = 0;
  uint64_t last_marked_packet_ = 0;
  bool marking_packets_ = false;

  // --- Model and state machine (BBR.*) ---
  bbr2::PathModel model_;
  bbr2::RoundCounter rounds_;
  bool round_start_pending_ = false;
  bool loss_round_pending_ = false;
  bbr2::Mode mode_ = bbr2::Mode::kStartup;
  bbr2::AckPhase ack_phase_ = bbr2::AckPhase::kInit;
  double pacing_gain_ = 0;
  double cwnd_gain_ = 0;
  // Startup and the full pipe estimator.
  bool full_bw_reached_ = false;
  bool full_bw_now_ = false;
  Bandwidth full_bw_ = Bandwidth::zero();
  uint32_t full_bw_count_ = 0;
  uint32_t loss_ranges_in_round_ = 0;  // discontiguous lost ranges this loss round
  bool has_last_lost_packet_ = false;
  uint64_t last_lost_packet_ = 0;
  // Drain.
  uint64_t drain_start_round_ = 0;
  // ProbeBW.
  Instant cycle_stamp_;
  Duration bw_probe_wait_ = Duration::zero();
  uint64_t rounds_since_probe_up_ = 0;
  uint64_t bw_probe_up_acked_ = 0;
  uint64_t probe_up_acked_per_inc_ = bbr2::kInfiniteBytes;
  uint32_t bw_probe_up_rounds_ = 0;
  bool is_bw_probe_sample_ = false;
  bool prev_probe_too_high_ = false;
  bool prev_probe_precautionary_ = false;
  bool probe_down_pending_ = false;  // a loss ended ProbeBW_UP; applied with the event's time
  // ProbeRTT.
  bool has_probe_rtt_done_stamp_ = false;
  Instant probe_rtt_done_stamp_;
  bool probe_rtt_round_done_ = false;
  bool idle_restart_ = false;
  uint64_t probe_rtt_count_ = 0;
  // Other flows' standing queue met every ProbeRTT for BBR.MinRTTFilterLen: the ProbeBW cycle
  // this ProbeRTT interrupted goes on afterwards, with its own clock (probe_rtt.cc).
  bool resume_cycle_after_probe_rtt_ = false;
  bool has_standing_queue_since_ = false;
  Instant standing_queue_since_;  // entry of the first of the ProbeRTTs in a row that found one
  // Undo after a spurious loss recovery (§2.15).
  bool has_undo_state_ = false;
  bbr2::Mode undo_state_ = bbr2::Mode::kStartup;
  Bandwidth undo_bw_shortterm_ = Bandwidth::zero();
  uint64_t undo_inflight_shortterm_ = 0;
  uint64_t undo_inflight_longterm_ = 0;
  // Loss recovery (RFC 9002 §7.3.2 recovery periods).
  bool in_recovery_ = false;
  Instant recovery_start_time_;
  bool recovery_ended_ = false;  // a packet sent after the start was acknowledged
  uint64_t ce_bytes_ = 0;        // CE-marked since the last ACK, counted as lost
  // The loss round's congestion signals: CE marks, and C.lost and C.delivered at the start of
  // the loss round and of the ProbeBW cycle.
  bool ce_in_round_ = false;
  bbr2::LossMark round_mark_;
  bbr2::LossMark cycle_mark_;
  LossEpisode episode_;

  // --- Control parameters ---
  uint64_t cwnd_;
  uint64_t prior_cwnd_ = 0;
  uint64_t max_inflight_ = 0;
  Bandwidth pacing_rate_;
  bool pacing_rate_from_rtt_ = false;
  uint64_t send_quantum_ = 0;
};

}  // namespace quasar
