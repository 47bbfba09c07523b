// The states of BBR's state machine and the ProbeBW ACK phases (draft-ietf-ccwg-bbr §5.1, §2.14).
#pragma once

#include <cstdint>
#include <string_view>

namespace quasar::bbr2 {

enum class Mode : uint8_t {
  kStartup,
  kDrain,
  kProbeBwDown,
  kProbeBwCruise,
  kProbeBwRefill,
  kProbeBwUp,
  kProbeRtt,
};

// What the ACKs now arriving say about bandwidth probing (BBR.ack_phase).
enum class AckPhase : uint8_t {
  kInit,           // not probing; no probe feedback
  kRefilling,      // sending at the estimate to fill the pipe
  kProbeStarting,  // inflight rising to probe
  kProbeFeedback,  // feedback from the probe arriving
  kProbeStopping,  // probe over, its feedback still arriving
};

// The name logs, qlog and the simulator's samples use.
constexpr std::string_view mode_name(Mode mode) {
  switch (mode) {
    case Mode::kStartup:
      return "startup";
    case Mode::kDrain:
      return "drain";
    case Mode::kProbeBwDown:
      return "probe_bw_down";
    case Mode::kProbeBwCruise:
      return "probe_bw_cruise";
    case Mode::kProbeBwRefill:
      return "probe_bw_refill";
    case Mode::kProbeBwUp:
      return "probe_bw_up";
    case Mode::kProbeRtt:
      return "probe_rtt";
  }
  return "unknown";
}

// §5.3.3.9 IsInAProbeBWState.
constexpr bool is_probe_bw(Mode mode) {
  return mode == Mode::kProbeBwDown || mode == Mode::kProbeBwCruise ||
         mode == Mode::kProbeBwRefill || mode == Mode::kProbeBwUp;
}

// §5.3.3.9 IsProbingBW: the accelerating states, which do not apply the short-term bounds.
constexpr bool is_probing_bw(Mode mode) {
  return mode == Mode::kStartup || mode == Mode::kProbeBwRefill || mode == Mode::kProbeBwUp;
}

}  // namespace quasar::bbr2
