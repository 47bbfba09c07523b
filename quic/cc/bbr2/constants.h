// The constants of BBR (draft-ietf-ccwg-bbr §2): gains, thresholds, filter lengths and time
// scales, named as in the draft.
#pragma once

#include <cstdint>

#include "quic/base/time.h"

namespace quasar::bbr2 {

// §2.5: 4 * ln(2), the least pacing gain that doubles the sending rate each round.
inline constexpr double kStartupPacingGain = 2.77;
// §2.5: at or below 1 / kDefaultCwndGain drains Startup's queue within a round.
inline constexpr double kDrainPacingGain = 0.5;
// §2.6: the least cwnd gain that lets the sending rate double each round.
inline constexpr double kDefaultCwndGain = 2.0;
// §5.3.3: the ProbeBW phases' pacing gains, and ProbeBW_UP's cwnd gain.
inline constexpr double kProbeBwDownPacingGain = 0.90;
inline constexpr double kProbeBwCruisePacingGain = 1.0;
inline constexpr double kProbeBwRefillPacingGain = 1.0;
inline constexpr double kProbeBwUpPacingGain = 1.25;
inline constexpr double kProbeBwUpCwndGain = 2.25;
// §2.16.2 and §5.3.4: ProbeRTT halves the BDP in flight for at least 200 ms, at most once
// every 5 s.
inline constexpr double kProbeRttPacingGain = 1.0;
inline constexpr double kProbeRttCwndGain = 0.5;
inline constexpr Duration kProbeRttDuration = Duration::from_millis(200);
inline constexpr Duration kProbeRttInterval = Duration::from_seconds(5);
// Not in the draft: an RTT above this multiple of BBR.min_rtt when ProbeRTT begins means a
// standing queue (quasar's departure from §5.3.4.4, probe_rtt.cc).
inline constexpr double kStandingQueueRttRatio = 1.25;
// §2.16.1: the min_rtt filter window.
inline constexpr Duration kMinRttFilterLen = Duration::from_seconds(10);
// §2.5: pace 1% below the bandwidth estimate.
inline constexpr double kPacingMarginPercent = 1;
// §2.8: the tolerated per-round loss rate while probing, the multiplicative decrease per lossy
// round, the share of inflight_longterm left free for other flows, and the cwnd floor.
inline constexpr double kLossThresh = 0.02;
inline constexpr double kBeta = 0.7;
inline constexpr double kHeadroom = 0.15;
inline constexpr uint64_t kMinPipeCwndPackets = 4;
// §2.11 and §2.12: filter windows, in ProbeBW cycles and in round trips.
inline constexpr uint64_t kMaxBwFilterLen = 2;
inline constexpr uint64_t kExtraAckedFilterLen = 10;
// §5.3.1.2: the full pipe estimator wants three rounds growing by less than 25%.
inline constexpr double kFullBwGrowth = 1.25;
inline constexpr uint32_t kFullBwRounds = 3;
// §5.3.1.3: Startup exits on loss after at least six discontiguous lost ranges in a round.
inline constexpr uint32_t kStartupFullLossCount = 6;
// §5.3.2: Drain gives up waiting for the queue to empty after three rounds.
inline constexpr uint64_t kDrainMaxRounds = 3;
// §5.3.3.8: the Reno-coexistence bound on rounds between bandwidth probes, and the random
// 2 to 3 s wall clock bound.
inline constexpr uint64_t kMaxRenoRounds = 63;
inline constexpr Duration kProbeWaitBase = Duration::from_seconds(2);
inline constexpr Duration kProbeWaitRandom = Duration::from_seconds(1);
// §5.3.3.9: inflight_longterm's growth per round doubles at most this many times.
inline constexpr uint32_t kMaxProbeUpRounds = 30;
// §5.6.3: the send quantum is 1 ms at the pacing rate, within [2 * SMSS, 64 KB].
inline constexpr Duration kSendQuantumInterval = Duration::from_millis(1);
inline constexpr uint64_t kMaxSendQuantum = 64 * 1024;

// "Infinity" for volumes of data.
inline constexpr uint64_t kInfiniteBytes = UINT64_MAX;

}  // namespace quasar::bbr2
