// quasar-sim: runs one quasar client and server through the deterministic network simulator and
// prints exactly one JSON object with the outcome. Exit status: 0 when the transfer completed
// intact, 1 when it did not, 2 for bad usage.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>

#include "quic/cc/congestion_controller_factory.h"
#include "quic/sim/scenario/scenario.h"

namespace {

using quasar::Duration;
using quasar::sim::ScenarioConfig;

constexpr char kUsage[] = R"(usage: quasar-sim [options]

Runs one quasar client and server over a simulated network and prints one JSON object.

Transfer:
  --size BYTES           bytes per stream (default 1000000)
  --streams N            concurrent streams (default 1)
  --direction D          download (server sends, default) or upload
  --sequential N         N connections one after another, each with its own handshake
Path (both directions):
  --rtt MS               round-trip propagation delay in ms (default 40)
  --bandwidth MBPS       bottleneck rate in Mbit/s, 0 for unlimited (default 100)
  --queue PACKETS        bottleneck queue limit (default: one bandwidth-delay product)
  --loss P               random loss probability
  --loss-burst N         at most N consecutive random drops
  --reorder P            probability that a datagram is delayed behind the next ones
  --dup P                duplication probability
  --corrupt P            probability that a datagram has one bit flipped
Endpoints:
  --cc NAME              congestion control: newreno or cubic (default cubic)
  --cipher NAME          restrict TLS to aes128, aes256 or chacha20
  --null-crypto          null cipher and deterministic fake TLS (byte-identical runs)
  --trace                report a digest of every datagram (trace_digest)
Run:
  --seed N               seed of every random choice (default 1)
  --qlog-dir DIR         write a qlog file per connection into DIR
  --time-limit-ms N      give up after N ms of virtual time (default 300000)
  --help                 show this text
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "quasar-sim: %s\n(see quasar-sim --help)\n", message.c_str());
  std::exit(2);
}

template <typename T>
T parse_number(std::string_view flag, std::string_view text) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    usage_error("bad value for " + std::string(flag) + ": '" + std::string(text) + "'");
  }
  return value;
}

double parse_probability(std::string_view flag, std::string_view text) {
  const double p = parse_number<double>(flag, text);
  if (!(p >= 0 && p < 1)) usage_error(std::string(flag) + " must be in [0, 1)");
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  ScenarioConfig config;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (flag == "--null-crypto") {
      config.null_crypto = true;
      continue;
    }
    if (flag == "--trace") {
      config.trace = true;
      continue;
    }
    if (i + 1 >= argc) usage_error("missing value for " + std::string(flag));
    const std::string_view value = argv[++i];
    if (flag == "--size") {
      config.size = parse_number<uint64_t>(flag, value);
    } else if (flag == "--streams") {
      config.streams = parse_number<size_t>(flag, value);
    } else if (flag == "--direction") {
      if (value != "download" && value != "upload") {
        usage_error("--direction must be download or upload");
      }
      config.download = value == "download";
    } else if (flag == "--sequential") {
      config.sequential_connections = parse_number<size_t>(flag, value);
    } else if (flag == "--rtt") {
      config.rtt =
          Duration::from_micros(static_cast<int64_t>(parse_number<double>(flag, value) * 1000));
    } else if (flag == "--bandwidth") {
      config.bandwidth_mbps = parse_number<double>(flag, value);
    } else if (flag == "--queue") {
      config.queue_packets = parse_number<size_t>(flag, value);
    } else if (flag == "--loss") {
      config.loss = parse_probability(flag, value);
    } else if (flag == "--loss-burst") {
      config.loss_burst = parse_number<size_t>(flag, value);
    } else if (flag == "--reorder") {
      config.reorder = parse_probability(flag, value);
    } else if (flag == "--dup") {
      config.duplicate = parse_probability(flag, value);
    } else if (flag == "--corrupt") {
      config.corrupt = parse_probability(flag, value);
    } else if (flag == "--cc") {
      if (!quasar::make_congestion_controller(value)) {
        usage_error("unknown congestion control '" + std::string(value) + "'");
      }
      config.transport.congestion_control = std::string(value);
    } else if (flag == "--cipher") {
      if (value == "aes128") {
        config.cipher = quasar::CipherSuite::kAes128GcmSha256;
      } else if (value == "aes256") {
        config.cipher = quasar::CipherSuite::kAes256GcmSha384;
      } else if (value == "chacha20") {
        config.cipher = quasar::CipherSuite::kChaCha20Poly1305Sha256;
      } else {
        usage_error("--cipher must be aes128, aes256 or chacha20");
      }
    } else if (flag == "--seed") {
      config.seed = parse_number<uint64_t>(flag, value);
    } else if (flag == "--qlog-dir") {
      config.qlog_dir = std::string(value);
    } else if (flag == "--time-limit-ms") {
      config.time_limit = Duration::from_millis(parse_number<int64_t>(flag, value));
    } else {
      usage_error("unknown option " + std::string(flag));
    }
  }
  if (auto error = quasar::sim::validate(config)) usage_error(*error);
  const auto result = quasar::sim::run_scenario(config);
  std::printf("%s\n", result.to_json().c_str());
  return result.ok ? 0 : 1;
}
