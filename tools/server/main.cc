// quasar-server: serves a directory over QUIC — HTTP/3 (ALPN h3) or HTTP/0.9 (ALPN hq-interop),
// chosen per connection by ALPN — until SIGINT or SIGTERM. Exit status: 0 after a clean shutdown, 1
// on a start-up or I/O error, 2 for bad usage.
#include <cstdio>
#include <memory>
#include <string>

#include "crypto/system_rng.h"
#include "crypto/tls_server_context.h"
#include "quic/endpoint/endpoint.h"
#include "quic/io/endpoint_loop.h"
#include "quic/io/udp_socket.h"
#include "tools/common/key_log_file.h"
#include "tools/common/logger.h"
#include "tools/common/qlog_directory.h"
#include "tools/server/certificate_files.h"
#include "tools/server/document_root.h"
#include "tools/server/file_server.h"
#include "tools/server/h3_server_session.h"
#include "tools/server/hq_server_session.h"
#include "tools/server/server_options.h"

namespace quasar::tools {
namespace {

// Opens the listening socket; the default [::] falls back to 0.0.0.0 on hosts without IPv6.
Result<UdpSocket, IoError> open_listener(const ServerOptions& o, const Logger& logger) {
  UdpSocketOptions socket_options;
  socket_options.bind_address = o.listen;
  socket_options.enable_gso = o.gso;
  socket_options.enable_gro = o.gro;
  auto socket = UdpSocket::open(socket_options);
  if (!socket.ok() && !o.listen_given) {
    logger.warning(socket.error().message + "; listening on IPv4 only");
    socket_options.bind_address = SocketAddress::ipv4({0, 0, 0, 0}, o.listen.port());
    socket = UdpSocket::open(socket_options);
  }
  return socket;
}

// A socket of its own for each preferred address: the transport expects the datagrams that
// clients send there (RFC 9000 §9.6).
Result<UdpSocket, IoError> open_preferred(const ServerOptions& o, const SocketAddress& address) {
  UdpSocketOptions socket_options;
  socket_options.bind_address = address;
  socket_options.ipv6_only = true;
  socket_options.enable_gso = o.gso;
  socket_options.enable_gro = o.gro;
  return UdpSocket::open(socket_options);
}

std::string describe(const UdpSocket& socket) {
  const UdpSocketFeatures& f = socket.features();
  auto on_off = [](bool b) { return b ? "on" : "off"; };
  return "listening on " + socket.local_address().to_string() + " (GSO " + on_off(f.gso) +
         ", GRO " + on_off(f.gro) + ", ECN " + on_off(f.ecn) + ")";
}

int run(int argc, char** argv) {
  ServerOptionsParse parsed = parse_server_options(argc, argv);
  if (parsed.help) {
    std::fputs(parsed.help_text.c_str(), stdout);
    return 0;
  }
  Logger logger("quasar-server");
  if (!parsed.error.empty()) {
    logger.error(parsed.error + " (see quasar-server --help)");
    return 2;
  }
  const ServerOptions& o = parsed.options;
  logger.set_verbosity(o.verbosity);

  if (std::string error = DocumentRoot::check(o.root); !error.empty()) {
    logger.error(error);
    return 1;
  }
  DocumentRoot root(o.root);

  CertificateFiles certificate{o.certificate_file, o.key_file, false, ""};
  if (certificate.certificate_file.empty()) {
    certificate = generate_certificate_files();
    if (!certificate.error.empty()) {
      logger.error(certificate.error);
      return 1;
    }
    logger.always("generated a self-signed certificate for localhost: " +
                  certificate.certificate_file + " (key " + certificate.key_file + ")");
  }

  std::vector<ServerProtocol> protocols = {H3ServerSession::protocol(),
                                           HqServerSession::protocol()};
  TlsServerConfig tls;
  for (const ServerProtocol& p : protocols) tls.alpn.push_back(p.alpn);
  tls.certificate_chain_file = certificate.certificate_file;
  tls.private_key_file = certificate.key_file;
  tls.enable_early_data = o.early_data;
  if (auto path = key_log_path(o.key_log_file)) {
    KeyLogOpenResult key_log = open_key_log(*path);
    if (!key_log.error.empty()) {
      logger.error("key log: " + key_log.error);
      return 1;
    }
    tls.key_log = std::move(key_log.callback);
    logger.always("writing TLS secrets to " + *path);
  }
  auto tls_context = TlsServerContext::create(tls);
  if (!tls_context.ok()) {
    logger.error("TLS: " + tls_context.error().message);
    return 1;
  }

  std::unique_ptr<QlogDirectory> qlog;
  EndpointConfig config;
  config.server_tls = server_tls_factory(*tls_context);
  config.transport.congestion_control = o.congestion_control;
  config.transport.initial_max_streams_bidi = o.max_streams;
  config.transport.max_idle_timeout =
      Duration::from_millis(static_cast<int64_t>(o.idle_timeout_ms));
  if (o.retry) config.retry = RetryPolicy::kAlways;
  // RFC 9368 §4: the server's first version wins whenever the client's first flight offers it.
  if (o.v2) config.versions = {kQuicVersion2, kQuicVersion1};
  config.preferred_address_ipv4 = o.preferred_address_ipv4;
  config.preferred_address_ipv6 = o.preferred_address_ipv6;
  // A download's data in flight is bounded by its stream's send buffer: the transport's 1 MiB
  // default holds a single loopback download to about one buffer per ACK round.
  config.transport.stream_send_buffer = o.send_buffer;
  if (!o.qlog_dir.empty()) {
    if (std::string error = QlogDirectory::prepare(o.qlog_dir); !error.empty()) {
      logger.error("qlog: " + error);
      return 1;
    }
    qlog = std::make_unique<QlogDirectory>(o.qlog_dir);
    config.qlog_for = [&qlog](Role role, const ConnectionId& odcid) {
      return qlog->open(role, odcid);
    };
  }

  SystemRng rng;
  auto endpoint = Endpoint::create(std::move(config), rng);
  if (!endpoint.ok()) {
    logger.error(endpoint.error().message);
    return 1;
  }
  auto socket = open_listener(o, logger);
  if (!socket.ok()) {
    logger.error(socket.error().message);
    return 1;
  }
  for (const std::string& warning : socket->features().warnings) logger.warning(warning);

  auto loop = EndpointLoop::create(**endpoint);
  if (!loop.ok()) {
    logger.error(loop.error().message);
    return 1;
  }
  std::vector<UdpSocket> preferred_sockets;
  for (const auto& address : {o.preferred_address_ipv4, o.preferred_address_ipv6}) {
    if (!address) continue;
    auto preferred = open_preferred(o, *address);
    if (!preferred.ok()) {
      logger.error("preferred address " + address->to_string() + ": " + preferred.error().message);
      return 1;
    }
    preferred_sockets.push_back(std::move(*preferred));
  }

  FileServer server(root, std::move(protocols), logger, qlog.get());
  (*loop)->set_application(&server);
  auto added = (*loop)->add_socket(*socket);
  for (UdpSocket& preferred : preferred_sockets) {
    if (added.ok()) added = (*loop)->add_socket(preferred);
  }
  auto signals = (*loop)->stop_on_signals();
  if (!added.ok() || !signals.ok()) {
    logger.error(!added.ok() ? added.error().message : signals.error().message);
    return 1;
  }
  logger.always(describe(*socket) + ", serving " + o.root + (o.v2 ? ", QUIC v2 preferred" : ""));
  for (const UdpSocket& preferred : preferred_sockets) {
    logger.always("preferred address offered: " + describe(preferred));
  }
  std::fflush(stderr);

  auto result = (*loop)->run();
  if (qlog) qlog->flush_all();
  const EndpointLoopStats& s = (*loop)->stats();
  const TransmitQueueStats& t = (*loop)->transmit_stats();
  logger.debug("event loop: " + std::to_string(s.turns) + " turns, " +
               std::to_string(s.datagrams_received) + " datagrams in " +
               std::to_string(s.receive_calls) + " receive calls, " +
               std::to_string(t.datagrams_sent) + " datagrams out in " +
               std::to_string(t.send_calls) + " send calls (" + std::to_string(t.gso_batches) +
               " GSO batches), " + std::to_string(t.send_errors) + " send errors");
  if (!result.ok()) {
    logger.error(result.error().message);
    return 1;
  }
  logger.always("stopped after " + std::to_string(server.connections_accepted()) +
                " connections, " + std::to_string(server.requests_logged()) + " requests, " +
                std::to_string((*endpoint)->stats().retries_sent) + " Retry packets sent, " +
                std::to_string((*endpoint)->stats().version_negotiations_sent) +
                " Version Negotiation packets sent, " +
                std::to_string((*endpoint)->stats().datagrams_dropped) + " datagrams dropped, " +
                std::to_string((*endpoint)->stats().stateless_resets_sent) +
                " stateless resets sent");
  return 0;
}

}  // namespace
}  // namespace quasar::tools

int main(int argc, char** argv) { return quasar::tools::run(argc, argv); }
