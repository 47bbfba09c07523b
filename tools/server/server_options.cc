// quasar-server's options.
#include "tools/server/server_options.h"

#include "tools/common/congestion_control_option.h"
#include "tools/common/option_parser.h"

namespace quasar::tools {

namespace {

constexpr char kUsageHead[] = R"(usage: quasar-server [options]

Serves the files of a directory over QUIC, with HTTP/3 (ALPN h3) or HTTP/0.9 (ALPN
hq-interop), whichever the client asks for. HTTP/3 answers GET and HEAD with Content-Length
and Content-Type, byte ranges, 404, 400 and 405. HTTP/0.9: a request "GET /path\r\n" on a
bidirectional stream is answered with the file's bytes and FIN; a path that does not name a
readable file inside the root is answered with RESET_STREAM carrying the HTTP status as error
code (0x194 = 404 not found, 0x193 = 403 forbidden, 0x190 = 400).
SIGINT or SIGTERM closes every connection (CONNECTION_CLOSE) and exits.

options:
)";

}  // namespace

ServerOptionsParse parse_server_options(int argc, const char* const* argv) {
  ServerOptionsParse result;
  ServerOptions& o = result.options;
  OptionParser parser;
  parser.add_value("listen", 'l', "ADDR:PORT",
                   "address to listen on (default [::]:4433, IPv4 and IPv6)",
                   [&](std::string_view v) -> std::optional<std::string> {
                     auto address = SocketAddress::parse(v);
                     if (!address) return "expected 1.2.3.4:443 or [::1]:443";
                     o.listen = *address;
                     o.listen_given = true;
                     return std::nullopt;
                   });
  parser.add_value("root", 'r', "DIR", "directory to serve (default .)",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.root = v;
                     return std::nullopt;
                   });
  parser.add_value("cert", 0, "FILE",
                   "certificate chain (PEM); without --cert and --key a self-signed\n" +
                       std::string(28, ' ') + "ECDSA certificate for localhost is generated",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.certificate_file = v;
                     return std::nullopt;
                   });
  parser.add_value("key", 0, "FILE", "private key of the certificate (PEM)",
                   [&](std::string_view v) -> std::optional<std::string> {
                     o.key_file = v;
                     return std::nullopt;
                   });
  parser.add_value(
      "cc", 0, "ALGORITHM",
      "congestion control: " + congestion_control_choices() + " (default cubic)",
      [&](std::string_view v) { return parse_congestion_control(v, o.congestion_control); });
  parser.add_value("qlog-dir", 0, "DIR", "write one qlog file per connection into DIR",
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
  parser.add_value(
      "max-streams", 0, "N", "concurrent requests each client may open (default 100)",
      [&](std::string_view v) { return parse_unsigned(v, 1, uint64_t{1} << 60, o.max_streams); });
  parser.add_value("idle-timeout", 0, "MS", "close connections idle this long (default 30000)",
                   [&](std::string_view v) {
                     return parse_unsigned(v, 1, uint64_t{1} << 40, o.idle_timeout_ms);
                   });
  parser.add_value("send-buffer", 0, "BYTES",
                   "unacknowledged bytes per response stream (default 4194304)",
                   [&](std::string_view v) {
                     return parse_unsigned(v, 16 * 1024, uint64_t{1} << 32, o.send_buffer);
                   });
  parser.add_value("early-data", 0, "on|off", "accept 0-RTT from resumed sessions (default on)",
                   [&](std::string_view v) -> std::optional<std::string> {
                     if (v != "on" && v != "off") return "expected on or off";
                     o.early_data = v == "on";
                     return std::nullopt;
                   });
  parser.add_switch("retry", 0, "validate every client address with a Retry (RFC 9000 §8.1.2)",
                    [&] { o.retry = true; });
  parser.add_switch("v2", 0,
                    "prefer QUIC v2 (RFC 9369): v1 clients that offer v2 are moved to it "
                    "(RFC 9368); without it, v1 is preferred and v2 only answered",
                    [&] { o.v2 = true; });
  parser.add_value(
      "preferred-address", 0, "ADDR:PORT",
      "offer ADDR:PORT as the preferred address (RFC 9000 §9.6) and listen there too; clients "
      "move there after the handshake. Once per address family",
      [&](std::string_view v) -> std::optional<std::string> {
        auto address = SocketAddress::parse(v);
        if (!address) return "expected 1.2.3.4:443 or [::1]:443";
        if (address->is_unspecified() || address->port() == 0) {
          return "a preferred address names one address and port clients can reach, not " +
                 address->to_string();
        }
        auto& slot = address->is_ipv4() ? o.preferred_address_ipv4 : o.preferred_address_ipv6;
        if (slot) return std::string("one preferred address per address family");
        slot = *address;
        return std::nullopt;
      });
  parser.add_switch("no-gso", 0, "do not use UDP GSO (segmentation offload) when sending",
                    [&] { o.gso = false; });
  parser.add_switch("no-gro", 0, "do not use UDP GRO (receive coalescing)", [&] { o.gro = false; });
  parser.add_switch("quiet", 'q', "log only start-up, warnings and errors",
                    [&] { o.verbosity = Verbosity::kQuiet; });
  parser.add_switch("verbose", 'v', "log handshakes and event loop statistics too",
                    [&] { o.verbosity = Verbosity::kVerbose; });
  parser.add_switch("help", 'h', "show this text", [&] { result.help = true; });

  result.help_text = kUsageHead + parser.option_list();
  if (auto error = parser.parse(argc, argv)) {
    result.error = *error;
    return result;
  }
  if (!parser.positional().empty()) {
    result.error = "unexpected argument '" + parser.positional().front() + "'";
  } else if (o.certificate_file.empty() != o.key_file.empty()) {
    result.error = "--cert and --key go together";
  } else if (o.preferred_address_ipv4 == o.listen || o.preferred_address_ipv6 == o.listen) {
    result.error = "the preferred address must differ from --listen";
  }
  return result;
}

}  // namespace quasar::tools
