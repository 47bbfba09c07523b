// quasar-client's options.
#include "tools/client/client_options.h"

#include <charconv>

#include "quic/wire/version.h"
#include "tools/common/alpn.h"
#include "tools/common/congestion_control_option.h"
#include "tools/common/option_parser.h"

namespace quasar::tools {

namespace {

constexpr char kUsageHead[] = R"(usage: quasar-client [options] URL...

Downloads https://host:port/path URLs over one QUIC connection with HTTP/3 (ALPN h3, the
default) or HTTP/0.9 (--alpn hq-interop) and ends with a summary; with -X POST (HTTP/3) each
request carries the --data file as its body and the response is saved as a download. Exit status: 0 when every
download completed, 1 when any failed (the reason is printed, e.g. "H3 404 not found"), 2 for
bad usage.

options:
)";

}  // namespace

ClientOptionsParse parse_client_options(int argc, const char* const* argv) {
  ClientOptionsParse result;
  ClientOptions& o = result.options;
  OptionParser parser;
  parser.add_value("out", 'o', "DIR",
                   "save downloads into DIR (default .); - writes the one URL to stdout",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.out = v;
                     return std::nullopt;
                   });
  parser.add_value("parallel", 'p', "N", "concurrent downloads (default 8)",
                   [&](std::string_view v) { return parse_unsigned(v, 1, 100000, o.parallel); });
  parser.add_value("alpn", 0, "PROTOCOL", "application protocol: h3 (the default) or hq-interop",
                   [&](std::string_view v) -> std::optional<std::string> {
                     if (v != kAlpnH3 && v != kAlpnHqInterop) return "expected h3 or hq-interop";
                     o.alpn = v;
                     return std::nullopt;
                   });
  parser.add_value("method", 'X', "METHOD",
                   "request method: GET (the default) or POST (HTTP/3 only), for every URL",
                   [&](std::string_view v) -> std::optional<std::string> {
                     if (v != "GET" && v != "POST") return "expected GET or POST";
                     o.method = v;
                     return std::nullopt;
                   });
  parser.add_value("data", 'd', "FILE",
                   "with -X POST: send the content of FILE as each request's body",
                   [&](std::string_view v) -> std::optional<std::string> {
                     if (v.empty()) return "expected a file name";
                     o.data_file = v;
                     return std::nullopt;
                   });
  parser.add_switch("chacha20", 0, "accept only TLS_CHACHA20_POLY1305_SHA256",
                    [&] { o.chacha20 = true; });
  parser.add_value("session-file", 0, "FILE",
                   "resume the TLS session saved in FILE, and save the newest ticket there",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.session_file = v;
                     return std::nullopt;
                   });
  parser.add_switch("zero-rtt", 0, "with --session-file, send the requests in 0-RTT",
                    [&] { o.zero_rtt = true; });
  parser.add_switch("key-update", 0, "update the 1-RTT keys every 10 packets sent (RFC 9001 §6)",
                    [&] { o.key_update_interval_packets = kDefaultKeyUpdateInterval; });
  parser.add_value("key-update-every", 0, "N", "update the 1-RTT keys every N packets sent",
                   [&](std::string_view v) {
                     return parse_unsigned(v, 1, uint64_t{1} << 40, o.key_update_interval_packets);
                   });
  parser.add_switch("v2", 0,
                    "prefer QUIC v2 (RFC 9369): start in v1 offering v2, which a server that "
                    "prefers v2 switches to (RFC 9368)",
                    [&] { o.v2 = true; });
  parser.add_value(
      "first-version", 0, "HEX",
      "send the first flight in this QUIC version: 0x1, 0x6b3343cf (v2), or a reserved "
      "0x?a?a?a?a that elicits Version Negotiation (RFC 9000 §6.3) before v1 or v2 takes over",
      [&](std::string_view v) -> std::optional<std::string> {
        uint32_t version = 0;
        const bool hex = v.starts_with("0x") || v.starts_with("0X");
        if (hex) v.remove_prefix(2);
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version, 16);
        if (!hex || v.empty() || ec != std::errc() || end != v.data() + v.size()) {
          return "expected a hexadecimal version such as 0x1a2a3a4a";
        }
        if (!is_supported_version(version) && !is_reserved_version(version)) {
          return "neither a version quasar speaks nor a reserved one";
        }
        o.first_version = version;
        return std::nullopt;
      });
  parser.add_value("migrate-after", 0, "MS",
                   "MS milliseconds after the start, once the handshake is confirmed, move the "
                   "connection to a new local port (RFC 9000 §9.2)",
                   [&](std::string_view v) {
                     uint64_t ms = 0;
                     auto error = parse_unsigned(v, 0, uint64_t{1} << 32, ms);
                     if (!error) o.migrate_after_ms = ms;
                     return error;
                   });
  parser.add_value(
      "cc", 0, "ALGORITHM",
      "congestion control: " + congestion_control_choices() + " (default cubic)",
      [&](std::string_view v) { return parse_congestion_control(v, o.congestion_control); });
  parser.add_value("qlog-dir", 0, "DIR", "write the connection's qlog file into DIR",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.qlog_dir = v;
                     return std::nullopt;
                   });
  parser.add_value("keylog", 0, "FILE",
                   "append TLS secrets to FILE (NSS format; SSLKEYLOGFILE is honoured)",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.key_log_file = std::string(v);
                     return std::nullopt;
                   });
  parser.add_switch("insecure", 'k', "do not verify the server's certificate",
                    [&] { o.insecure = true; });
  parser.add_value("ca", 0, "FILE", "trust the certificates in FILE (PEM) instead of the system's",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.ca_file = v;
                     return std::nullopt;
                   });
  parser.add_value(
      "timeout", 't', "MS",
      "give up when the server is silent this long (idle timeout, default 10000)",
      [&](std::string_view v) { return parse_unsigned(v, 1, uint64_t{1} << 40, o.timeout_ms); });
  parser.add_switch("no-progress", 0, "no progress bars, even on a terminal",
                    [&] { o.progress = false; });
  parser.add_switch("no-gso", 0, "do not use UDP GSO (segmentation offload) when sending",
                    [&] { o.gso = false; });
  parser.add_switch("no-gro", 0, "do not use UDP GRO (receive coalescing)", [&] { o.gro = false; });
  parser.add_switch("quiet", 'q', "print only failures and the summary",
                    [&] { o.verbosity = Verbosity::kQuiet; });
  parser.add_switch("verbose", 'v', "print connection details and event loop statistics",
                    [&] { o.verbosity = Verbosity::kVerbose; });
  parser.add_switch("help", 'h', "show this text", [&] { result.help = true; });

  result.help_text = kUsageHead + parser.option_list();
  if (auto error = parser.parse(argc, argv)) {
    result.error = *error;
    return result;
  }
  for (const std::string& text : parser.positional()) {
    std::string error;
    auto url = parse_https_url(text, &error);
    if (!url) {
      result.error = error;
      return result;
    }
    if (!o.urls.empty() && url->authority() != o.urls.front().authority()) {
      result.error = "all URLs must name the same server (one connection): " + text;
      return result;
    }
    o.urls.push_back(std::move(*url));
  }
  if (o.urls.empty() && !result.help) {
    result.error = "no URL given";
  } else if (o.out == "-" && o.urls.size() != 1) {
    result.error = "-o - (standard output) takes exactly one URL";
  } else if (o.zero_rtt && o.session_file.empty()) {
    result.error = "--zero-rtt needs --session-file";
  } else if (!o.data_file.empty() && o.method != "POST") {
    result.error = "--data needs -X POST";
  } else if (o.method == "POST" && o.alpn != kAlpnH3) {
    result.error = "-X POST needs HTTP/3: HTTP/0.9 (hq-interop) has no other method than GET";
  } else if (o.insecure && !o.ca_file.empty()) {
    result.error = "--insecure and --ca exclude each other";
  }
  return result;
}

}  // namespace quasar::tools
