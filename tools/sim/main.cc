// quasar-sim: runs one quasar client and server through the deterministic network simulator and
// prints exactly one JSON object with the outcome. Exit status: 0 when the transfer completed
// intact, 1 when it did not, 2 for bad usage.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

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
  --competing-flows N    N clients download at once through the same bottleneck; the JSON
                         adds "flows" (Mbit/s each) and "jain_index"
Path (both directions):
  --rtt MS               round-trip propagation delay in ms (default 40)
  --bandwidth MBPS       bottleneck rate in Mbit/s, 0 for unlimited (default 100)
  --queue PACKETS        bottleneck queue limit (default: one bandwidth-delay product)
  --loss P               random loss probability
  --loss-burst N         at most N consecutive random drops
  --reorder P            probability that a datagram is delayed behind the next ones
  --dup P                duplication probability
  --corrupt P            probability that a datagram has one bit flipped
  --jitter MS            random extra one-way delay, uniform in [0, MS]
  --rate-change AT:MBPS  from AT ms on the bottleneck runs at MBPS; repeatable
  --blackhole S:D[:P]    the path drops everything from S ms for D ms (every P ms if given);
                         repeatable
  --drop-client-packets LIST  client datagrams to drop, 1-based, e.g. 2-7 or 1,3,5-6
  --drop-server-packets LIST  the same for server datagrams
  --ecn                  endpoints mark ECT(0) and validate ECN
  --ce P                 the bottleneck marks ECT packets CE with probability P
  --bleach-ecn           the path clears every ECN codepoint
  --mtu BYTES            path MTU, IPv4 headers included: larger datagrams are dropped
                         (default unlimited); the JSON "pmtu" is the server's final max
                         datagram size found by path MTU discovery
  --mtu-change AT:BYTES  from AT ms on the path MTU is BYTES; repeatable
Endpoints:
  --cc NAME              congestion control: newreno, cubic (default) or bbr2
  --flow-cc A,B,...      congestion control of each competing flow, in order
  --app-rate MBPS        the sending application writes no faster than MBPS
  --datagrams N          the client also sends N 1000-byte datagrams (RFC 9221), one every
                         2 ms, which the server counts (JSON datagrams_sent, _received, _lost)
  --no-pmtud             no path MTU discovery: datagrams stay at 1200 bytes
  --cipher NAME          restrict TLS to aes128, aes256 or chacha20
  --key-update-every N   both endpoints update 1-RTT keys every N packets (JSON key_updates)
  --resume               a second connection resumes the first's session (JSON resumed)
  --zero-rtt             ... and sends its requests in 0-RTT (JSON zero_rtt_sent_bytes,
                         zero_rtt_accepted)
  --zero-rtt-reject      as --zero-rtt, but the server rejects 0-RTT
  --rebind-at MS          NAT rebinding of the client's port at MS (repeatable; JSON
                         path_changes, as the server saw them)
  --rebind-addr          rebindings change the client's IP address too
  --migrate-at MS        the client migrates to a new local address at MS
  --retry                the server validates the client's address with a Retry (JSON retries)
  --v2                   the client starts in QUIC v1 offering v2; the server, preferring v2,
                         upgrades it (compatible version negotiation; JSON version)
  --vn                   the client starts in QUIC v2, which the server does not speak, and
                         retries in v1 after Version Negotiation (JSON version_negotiations)
  --preferred-address    the server offers a second address in preferred_address; the client
                         moves there after the handshake (JSON on_preferred_address)
  --stateless-reset-at MS  the server forgets its connections at MS; the client should hear
                         a stateless reset (JSON stateless_resets_sent, error)
  --null-crypto          null cipher and deterministic fake TLS (byte-identical runs)
  --trace                report a digest of every datagram (trace_digest)
Run:
  --seed N               seed of every random choice (default 1)
  --qlog-dir DIR         write a qlog file per connection into DIR
  --time-limit-ms N      give up after N ms of virtual time (default 300000)
  --duration-ms N        run exactly N ms (transfers need not finish); flow goodput is
                         measured over the last --window-ms (default 10000)
  --window-ms N          see --duration-ms
  --samples-csv FILE     every --sample-interval-ms (default 100) write the first flow's
                         sender state (cwnd, pacing rate, bandwidth estimate, RTT, ...) to FILE
  --sample-interval-ms N
  --sample-flow I        sample competing flow I instead of the first
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

std::vector<quasar::sim::DropRange> parse_drop_list(std::string_view flag, std::string_view text) {
  std::vector<quasar::sim::DropRange> ranges;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const size_t dash = item.find('-');
    quasar::sim::DropRange range;
    range.first = parse_number<uint64_t>(flag, item.substr(0, dash));
    range.last = dash == std::string_view::npos
                     ? range.first
                     : parse_number<uint64_t>(flag, item.substr(dash + 1));
    ranges.push_back(range);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return ranges;
}

quasar::sim::BlackholeSpec parse_blackhole(std::string_view flag, std::string_view text) {
  quasar::sim::BlackholeSpec b;
  const size_t first = text.find(':');
  if (first == std::string_view::npos) usage_error("--blackhole needs START_MS:DURATION_MS");
  const size_t second = text.find(':', first + 1);
  b.start = Duration::from_millis(parse_number<int64_t>(flag, text.substr(0, first)));
  b.duration = Duration::from_millis(
      parse_number<int64_t>(flag, text.substr(first + 1, second - first - 1)));
  if (second != std::string_view::npos) {
    b.period = Duration::from_millis(parse_number<int64_t>(flag, text.substr(second + 1)));
  }
  return b;
}

double parse_probability(std::string_view flag, std::string_view text) {
  const double p = parse_number<double>(flag, text);
  if (!(p >= 0 && p < 1)) usage_error(std::string(flag) + " must be in [0, 1)");
  return p;
}

}  // namespace

bool write_samples(const std::string& path, const std::vector<quasar::sim::SenderSample>& samples) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  std::fprintf(f,
               "time_ms,cwnd,bytes_in_flight,pacing_rate_mbps,bandwidth_estimate_mbps,srtt_ms,"
               "min_rtt_ms,bytes_delivered,state\n");
  for (const auto& s : samples) {
    std::fprintf(f, "%.3f,%llu,%llu,%.3f,%.3f,%.3f,%.3f,%llu,%s\n", s.time_ms,
                 static_cast<unsigned long long>(s.congestion_window),
                 static_cast<unsigned long long>(s.bytes_in_flight), s.pacing_rate_mbps,
                 s.bandwidth_estimate_mbps, s.smoothed_rtt_ms, s.min_rtt_ms,
                 static_cast<unsigned long long>(s.bytes_delivered), s.cc_state.c_str());
  }
  return std::fclose(f) == 0;
}

int main(int argc, char** argv) {
  ScenarioConfig config;
  std::string samples_csv;
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
    if (flag == "--ecn") {
      config.ecn = true;
      continue;
    }
    if (flag == "--no-pmtud") {
      config.transport.pmtu_discovery = false;
      continue;
    }
    if (flag == "--bleach-ecn") {
      config.bleach_ecn = true;
      continue;
    }
    if (flag == "--retry") {
      config.retry = true;
      continue;
    }
    if (flag == "--v2") {
      config.v2 = true;
      continue;
    }
    if (flag == "--vn") {
      config.vn = true;
      continue;
    }
    if (flag == "--preferred-address") {
      config.preferred_address = true;
      continue;
    }
    if (flag == "--rebind-addr") {
      config.rebind_address = true;
      continue;
    }
    if (flag == "--resume") {
      config.resume = true;
      continue;
    }
    if (flag == "--zero-rtt") {
      config.zero_rtt = true;
      continue;
    }
    if (flag == "--zero-rtt-reject") {
      config.zero_rtt = config.zero_rtt_reject = true;
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
    } else if (flag == "--competing-flows") {
      config.competing_flows = parse_number<size_t>(flag, value);
    } else if (flag == "--jitter") {
      config.jitter =
          Duration::from_micros(static_cast<int64_t>(parse_number<double>(flag, value) * 1000));
    } else if (flag == "--blackhole") {
      config.blackholes.push_back(parse_blackhole(flag, value));
    } else if (flag == "--drop-client-packets") {
      config.drop_client_packets = parse_drop_list(flag, value);
    } else if (flag == "--drop-server-packets") {
      config.drop_server_packets = parse_drop_list(flag, value);
    } else if (flag == "--ce") {
      config.ce_probability = parse_probability(flag, value);
    } else if (flag == "--duration-ms") {
      config.duration = Duration::from_millis(parse_number<int64_t>(flag, value));
    } else if (flag == "--window-ms") {
      config.measure_window = Duration::from_millis(parse_number<int64_t>(flag, value));
    } else if (flag == "--rebind-at") {
      config.rebind_at.push_back(Duration::from_millis(parse_number<int64_t>(flag, value)));
    } else if (flag == "--migrate-at") {
      config.migrate_at = Duration::from_millis(parse_number<int64_t>(flag, value));
    } else if (flag == "--stateless-reset-at") {
      config.stateless_reset_at = Duration::from_millis(parse_number<int64_t>(flag, value));
    } else if (flag == "--key-update-every") {
      config.transport.key_update_interval_packets = parse_number<uint64_t>(flag, value);
    } else if (flag == "--rate-change") {
      const size_t colon = value.find(':');
      if (colon == std::string_view::npos) usage_error("--rate-change needs AT_MS:MBPS");
      config.rate_changes.push_back(
          {Duration::from_millis(parse_number<int64_t>(flag, value.substr(0, colon))),
           parse_number<double>(flag, value.substr(colon + 1))});
    } else if (flag == "--flow-cc") {
      config.flow_congestion_control.clear();
      for (std::string_view rest = value; !rest.empty();) {
        const size_t comma = rest.find(',');
        const std::string name(rest.substr(0, comma));
        if (!quasar::make_congestion_controller(name)) {
          usage_error("unknown congestion control '" + name + "'");
        }
        config.flow_congestion_control.push_back(name);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    } else if (flag == "--datagrams") {
      config.datagrams = parse_number<size_t>(flag, value);
    } else if (flag == "--mtu") {
      config.mtu = parse_number<size_t>(flag, value);
    } else if (flag == "--mtu-change") {
      const size_t colon = value.find(':');
      if (colon == std::string_view::npos) usage_error("--mtu-change needs AT_MS:BYTES");
      config.mtu_changes.push_back(
          {Duration::from_millis(parse_number<int64_t>(flag, value.substr(0, colon))),
           parse_number<size_t>(flag, value.substr(colon + 1))});
    } else if (flag == "--app-rate") {
      config.app_rate_mbps = parse_number<double>(flag, value);
    } else if (flag == "--samples-csv") {
      samples_csv = std::string(value);
      if (config.sample_interval == Duration::zero()) {
        config.sample_interval = Duration::from_millis(100);
      }
    } else if (flag == "--sample-flow") {
      config.sample_flow = parse_number<size_t>(flag, value);
    } else if (flag == "--sample-interval-ms") {
      config.sample_interval = Duration::from_millis(parse_number<int64_t>(flag, value));
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
  if (!samples_csv.empty() && !write_samples(samples_csv, result.samples)) {
    std::fprintf(stderr, "quasar-sim: cannot write %s\n", samples_csv.c_str());
  }
  std::printf("%s\n", result.to_json().c_str());
  return result.ok ? 0 : 1;
}
