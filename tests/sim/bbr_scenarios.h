// The BBRv2 scenarios of docs/congestion-control.md, each run with BBR and with CUBIC on the
// same path, as functions of the seed and a scale: kCi shortens durations and rates so that the
// eight fit the CI budget under ASan; kFull uses the numbers of the text (sim-long).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "quic/sim/scenario/scenario.h"

namespace quasar::sim::bbr_scenarios {

enum class Scale { kCi, kFull };

// Datagram payload over link rate: the simulated link counts 28 bytes of IP and UDP per
// 1200-byte datagram; the controllers count QUIC packet bytes.
constexpr double kPayloadShare = 1200.0 / 1228.0;

// Each scenario names its seed and results (INFO) in whatever check fails.
inline ScenarioResult run(ScenarioConfig c, const std::string& cc) {
  c.transport.congestion_control = cc;
  c.null_crypto = true;
  return run_scenario(c);
}

inline size_t bdp_packets(double mbps, Duration rtt) {
  return static_cast<size_t>(mbps * 1e6 * rtt.seconds() / 8 / 1228);
}

// One line per scenario and seed on stdout with the numbers its checks use, so that a run
// (sim-long above all) can be compared with an earlier one without rerunning it under a debugger.
__attribute__((format(printf, 3, 4))) inline void report(const char* scenario, uint64_t seed,
                                                         const char* format, ...) {
  std::printf("bbr2 scenario %s, seed %llu:", scenario, static_cast<unsigned long long>(seed));
  va_list args;
  va_start(args, format);
  std::vprintf(format, args);
  va_end(args);
  std::printf("\n");
  std::fflush(stdout);
}

inline std::string join(const std::vector<double>& v) {
  std::string out;
  char buf[32];
  for (double x : v) {
    std::snprintf(buf, sizeof buf, "%s%.1f", out.empty() ? "" : "/", x);
    out += buf;
  }
  return out;
}

inline double sum(const std::vector<double>& v) {
  double total = 0;
  for (double x : v) total += x;
  return total;
}

// 1. Random loss: BBR keeps >= 80% of the link; CUBIC is far lower. Four streams: a single
// stream's receive window grows only when a window is read within two round trips, which the
// holes of 1% loss rarely allow, and would limit the sender instead of congestion control.
inline void random_loss(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 250'000'000;
  c.streams = 4;
  c.rtt = Duration::from_millis(40);
  c.bandwidth_mbps = 100;  // fewer packets per round make the 2% threshold noisier
  c.loss = 0.01;
  c.duration = Duration::from_seconds(scale == Scale::kCi ? 10 : 30);
  c.measure_window = Duration::from_seconds(scale == Scale::kCi ? 6 : 20);
  const ScenarioResult bbr = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << bbr.to_json());
  const ScenarioResult cubic = run(c, "cubic");
  INFO("cubic seed " << seed << ": " << cubic.to_json());
  REQUIRE(bbr.flows.size() == 1);
  REQUIRE(cubic.flows.size() == 1);
  report("1 (random loss)", seed, " bbr2 %.1f Mbit/s, %llu lost; cubic %.1f Mbit/s", bbr.flows[0],
         static_cast<unsigned long long>(bbr.packets_lost), cubic.flows[0]);
  CHECK(bbr.packets_lost > 0);
  CHECK(bbr.flows[0] >= 0.80 * c.bandwidth_mbps);
  CHECK(cubic.flows[0] < 0.5 * bbr.flows[0]);
}

// 2. A 10-BDP buffer: BBR keeps the queue short (mean RTT <= 1.25 x base) at >= 90% of the
// link; CUBIC fills the buffer.
inline void deep_buffer(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(30);
  c.bandwidth_mbps = 50;
  c.queue_packets = 10 * bdp_packets(c.bandwidth_mbps, c.rtt);
  c.duration = Duration::from_seconds(scale == Scale::kCi ? 12 : 30);
  c.measure_window = Duration::from_seconds(scale == Scale::kCi ? 10 : 25);
  const ScenarioResult bbr = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << bbr.to_json());
  const ScenarioResult cubic = run(c, "cubic");
  INFO("cubic seed " << seed << ": " << cubic.to_json());
  REQUIRE(bbr.flows.size() == 1);
  report("2 (deep buffer)", seed, " bbr2 %.1f Mbit/s, mean RTT %.1f ms; cubic mean RTT %.1f ms",
         bbr.flows[0], bbr.mean_rtt_ms, cubic.mean_rtt_ms);
  CHECK(bbr.mean_rtt_ms <= 1.25 * 30);
  CHECK(bbr.flows[0] >= 0.90 * c.bandwidth_mbps);
  CHECK(cubic.mean_rtt_ms > 2 * bbr.mean_rtt_ms);
}

// 3. Four BBR flows share the link fairly (Jain >= 0.9 over the second half).
inline void four_flows(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(40);
  c.bandwidth_mbps = scale == Scale::kCi ? 40 : 100;
  c.competing_flows = 4;
  c.duration = Duration::from_seconds(scale == Scale::kCi ? 24 : 60);
  c.measure_window = Duration::from_seconds(scale == Scale::kCi ? 12 : 30);
  const ScenarioResult bbr = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << bbr.to_json());
  REQUIRE(bbr.flows.size() == 4);
  report("3 (four flows)", seed, " Jain %.3f, flows %s Mbit/s (sum %.1f), mean RTT %.1f ms",
         bbr.jain_index, join(bbr.flows).c_str(), sum(bbr.flows), bbr.mean_rtt_ms);
  CHECK(bbr.jain_index >= 0.9);
  CHECK(sum(bbr.flows) >= 0.85 * c.bandwidth_mbps);
  if (scale == Scale::kFull) {
    const ScenarioResult cubic = run(c, "cubic");
    INFO("cubic seed " << seed << ": " << cubic.to_json());
    CHECK(cubic.ok);
  }
}

// 4. One BBR and one CUBIC flow through a 2-BDP queue: each gets 25% to 75% of the link.
inline void against_cubic(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(40);
  c.bandwidth_mbps = scale == Scale::kCi ? 20 : 50;
  c.queue_packets = 2 * bdp_packets(c.bandwidth_mbps, c.rtt);
  c.competing_flows = 2;
  c.flow_congestion_control = {"bbr2", "cubic"};
  c.duration = Duration::from_seconds(scale == Scale::kCi ? 30 : 60);
  c.measure_window = Duration::from_seconds(scale == Scale::kCi ? 15 : 30);
  const ScenarioResult r = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << r.to_json());
  REQUIRE(r.flows.size() == 2);
  report("4 (against CUBIC)", seed, " bbr2 %.1f, cubic %.1f Mbit/s, mean RTT %.1f ms", r.flows[0],
         r.flows[1], r.mean_rtt_ms);
  for (double share : r.flows) {
    CHECK(share >= 0.25 * c.bandwidth_mbps);
    CHECK(share <= 0.75 * c.bandwidth_mbps);
  }
}

// The first sample at or after `at_ms` whose estimate is within 20% of `mbps` (payload rate);
// the time it took, in ms, or a large number if never.
inline double time_to_track(const std::vector<SenderSample>& samples, double at_ms, double mbps) {
  const double target = mbps * kPayloadShare;
  for (const SenderSample& s : samples) {
    if (s.time_ms < at_ms) continue;
    if (s.bandwidth_estimate_mbps >= 0.8 * target && s.bandwidth_estimate_mbps <= 1.2 * target) {
      return s.time_ms - at_ms;
    }
  }
  return 1e9;
}

// The longest stretch, in ms, in which the receiving application got nothing.
inline double longest_stall_ms(const std::vector<SenderSample>& samples, double from_ms) {
  double longest = 0;
  double last_progress = from_ms;
  uint64_t last_bytes = 0;
  for (const SenderSample& s : samples) {
    if (s.time_ms < from_ms) {
      last_bytes = s.bytes_delivered;
      continue;
    }
    if (s.bytes_delivered > last_bytes) {
      last_progress = s.time_ms;
      last_bytes = s.bytes_delivered;
    }
    longest = std::max(longest, s.time_ms - last_progress);
  }
  return longest;
}

// 5. The bottleneck halves, then doubles back: the estimate follows each change within 2 s
// and the transfer never stalls.
inline void rate_changes(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(40);
  const double high = scale == Scale::kCi ? 20 : 50;
  const Duration step = Duration::from_seconds(scale == Scale::kCi ? 6 : 10);
  c.bandwidth_mbps = high;
  c.rate_changes = {{step, high / 2}, {step * 2, high}};
  c.duration = step * 3;
  c.measure_window = step;
  c.sample_interval = Duration::from_millis(50);
  const ScenarioResult bbr = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << bbr.to_json());
  const ScenarioResult cubic = run(c, "cubic");
  INFO("cubic seed " << seed << ": " << cubic.to_json());
  CHECK(cubic.ok);
  REQUIRE(bbr.ok);
  const double step_ms = static_cast<double>(step.millis());
  const double before = time_to_track(bbr.samples, step_ms - 1000, high);
  const double down = time_to_track(bbr.samples, step_ms, high / 2);
  const double up = time_to_track(bbr.samples, 2 * step_ms, high);
  const double stall = longest_stall_ms(bbr.samples, 1000);
  REQUIRE(bbr.flows.size() == 1);
  report("5 (rate changes)", seed,
         " tracked after %.0f ms (halved), %.0f ms (doubled); longest stall %.0f ms; %.1f Mbit/s",
         down, up, stall, bbr.flows[0]);
  CHECK(before <= 1000);  // tracking before
  CHECK(down <= 2000);
  CHECK(up <= 2000);
  CHECK(stall < 500);
  CHECK(bbr.flows[0] >= 0.8 * high);  // back to the full rate in the last step
}

// 6. ProbeRTT: on a steady flow it comes back at the draft's interval (5 s, within the 10 s
// min_rtt window) and costs under 5% of goodput.
inline void probe_rtt(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(40);
  c.bandwidth_mbps = scale == Scale::kCi ? 20 : 50;
  c.duration = Duration::from_seconds(scale == Scale::kCi ? 17 : 30);
  c.measure_window = c.duration - Duration::from_seconds(2);
  c.sample_interval = Duration::from_millis(20);
  const ScenarioResult bbr = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << bbr.to_json());
  const ScenarioResult cubic = run(c, "cubic");
  INFO("cubic seed " << seed << ": " << cubic.to_json());
  CHECK(cubic.ok);
  REQUIRE(bbr.ok);
  std::vector<double> entries;
  double in_probe_rtt_ms = 0;
  bool was_in = false;
  for (const SenderSample& s : bbr.samples) {
    const bool in = s.cc_state == "probe_rtt";
    if (in && !was_in) entries.push_back(s.time_ms);
    if (in && s.time_ms >= 2000) in_probe_rtt_ms += 20;
    was_in = in;
  }
  const double seconds = c.duration.seconds();
  REQUIRE(bbr.flows.size() == 1);
  REQUIRE(cubic.flows.size() == 1);
  report("6 (ProbeRTT)", seed, " %zu ProbeRTTs, %.0f ms in them; bbr2 %.1f = %.3f of cubic's %.1f",
         entries.size(), in_probe_rtt_ms, bbr.flows[0], bbr.flows[0] / cubic.flows[0],
         cubic.flows[0]);
  CHECK(entries.size() >= static_cast<size_t>(seconds / 10));
  CHECK(entries.size() <= static_cast<size_t>(seconds / 5) + 1);
  for (size_t i = 1; i < entries.size(); ++i) {
    CHECK(entries[i] - entries[i - 1] >= 4000);
    CHECK(entries[i] - entries[i - 1] <= 10'000);
  }
  // ProbeRTT lasts 200 ms and a round trip per visit.
  CHECK(in_probe_rtt_ms <= 0.08 * (seconds - 2) * 1000);
  // Its cost: goodput against what the link carries (CUBIC fills it, and the buffer) less 5%.
  CHECK(bbr.flows[0] >= 0.95 * cubic.flows[0]);
}

// 7. A 2 Mbit/s application on a 100 Mbit/s link: its application-limited samples never pull
// the estimate below what it measured, and the pacing rate stays above the application's.
inline void app_limited(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = 1'000'000'000;
  c.rtt = Duration::from_millis(40);
  c.bandwidth_mbps = 100;
  c.app_rate_mbps = 2;
  c.duration = Duration::from_seconds(scale == Scale::kCi ? 10 : 30);
  c.measure_window = c.duration - Duration::from_seconds(2);
  c.sample_interval = Duration::from_millis(100);
  const ScenarioResult bbr = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << bbr.to_json());
  const ScenarioResult cubic = run(c, "cubic");
  INFO("cubic seed " << seed << ": " << cubic.to_json());
  CHECK(cubic.ok);
  REQUIRE(bbr.ok);
  double highest = 0;
  double lowest = 1e9;
  size_t checked = 0;
  for (const SenderSample& s : bbr.samples) {
    if (s.time_ms < 1000) continue;
    ++checked;
    CHECK(s.bandwidth_estimate_mbps >= highest);  // never dragged down
    highest = std::max(highest, s.bandwidth_estimate_mbps);
    lowest = std::min(lowest, s.pacing_rate_mbps);
    CHECK(s.bandwidth_estimate_mbps >= c.app_rate_mbps * kPayloadShare);
    CHECK(s.pacing_rate_mbps >= c.app_rate_mbps);
  }
  CHECK(checked > 10);
  REQUIRE(bbr.flows.size() == 1);
  report("7 (application-limited)", seed,
         " estimate up to %.1f Mbit/s, pacing rate at least %.1f; %.2f Mbit/s, mean RTT %.1f ms",
         highest, lowest, bbr.flows[0], bbr.mean_rtt_ms);
  CHECK(bbr.flows[0] >= 0.95 * c.app_rate_mbps);
  CHECK(bbr.mean_rtt_ms <= 1.1 * 40);
}

// 8. A 600 ms round trip, a quarter-BDP queue and a 2 s blackhole: the transfer completes and
// the model comes back to its estimate after the blackhole.
inline void long_rtt_blackhole(uint64_t seed, Scale scale) {
  ScenarioConfig c;
  c.seed = seed;
  c.size = scale == Scale::kCi ? 12'000'000 : 40'000'000;
  c.rtt = Duration::from_millis(600);
  c.bandwidth_mbps = scale == Scale::kCi ? 10 : 20;
  c.queue_packets = std::max<size_t>(bdp_packets(c.bandwidth_mbps, c.rtt) / 4, 16);
  const Duration hole_start = Duration::from_seconds(scale == Scale::kCi ? 9 : 15);
  c.blackholes = {{hole_start, Duration::from_seconds(2)}};
  c.time_limit = Duration::from_seconds(120);
  c.sample_interval = Duration::from_millis(100);
  const ScenarioResult bbr = run(c, "bbr2");
  INFO("bbr2 seed " << seed << ": " << bbr.to_json());
  const ScenarioResult cubic = run(c, "cubic");
  INFO("cubic seed " << seed << ": " << cubic.to_json());
  CHECK(cubic.ok);
  REQUIRE(bbr.ok);
  CHECK(bbr.handshakes == 1);
  const double start_ms = static_cast<double>(hole_start.millis());
  double before = 0;
  double after = 0;
  for (const SenderSample& s : bbr.samples) {
    if (s.time_ms <= start_ms) before = s.bandwidth_estimate_mbps;
    if (s.time_ms >= start_ms + 2000 + 5000) {
      after = s.bandwidth_estimate_mbps;
      break;
    }
  }
  const double stall = longest_stall_ms(bbr.samples, start_ms + 2000);
  report("8 (blackhole)", seed,
         " estimate %.1f before, %.1f after; done in %.1f s (cubic %.1f s); stall %.0f ms", before,
         after, bbr.virtual_time.seconds(), cubic.virtual_time.seconds(), stall);
  CHECK(before > 0.5 * c.bandwidth_mbps * kPayloadShare);
  // The transfer may end before 5 s after the blackhole; otherwise the estimate is back.
  if (after > 0) CHECK(after >= 0.8 * before);
  CHECK(stall < 5000);
}

}  // namespace quasar::sim::bbr_scenarios
