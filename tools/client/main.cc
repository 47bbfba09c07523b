// quasar-client: downloads URLs over one QUIC connection (HTTP/3 or HTTP/0.9, by --alpn) and
// prints a summary. Exit status: 0 when every download completed, 1 otherwise, 2 for bad usage.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "crypto/system_rng.h"
#include "crypto/tls_client_context.h"
#include "quic/endpoint/endpoint.h"
#include "quic/io/address_resolver.h"
#include "quic/io/endpoint_loop.h"
#include "quic/io/monotonic_clock.h"
#include "quic/io/udp_socket.h"
#include "quic/wire/version.h"
#include "tools/client/client_options.h"
#include "tools/client/download_client.h"
#include "tools/client/h3_client_session.h"
#include "tools/client/hq_client_session.h"
#include "tools/client/request_body_file.h"
#include "tools/client/session_file.h"
#include "tools/client/transfer_summary.h"
#include "tools/common/alpn.h"
#include "tools/common/key_log_file.h"
#include "tools/common/logger.h"
#include "tools/common/qlog_directory.h"

namespace quasar::tools {
namespace {

// One Download per URL, each with its output file opened; an error message on failure.
std::string prepare_downloads(const ClientOptions& o, std::vector<Download>& downloads) {
  std::set<std::string> names;
  for (const Url& url : o.urls) {
    Download d;
    d.url = url;
    std::string path = "-";
    if (o.out != "-") {
      const std::string name = output_name_for(url.path);
      if (!names.insert(name).second) return "two URLs would both be saved as " + name;
      path = o.out + "/" + name;
    }
    d.output = std::make_unique<OutputFile>(path);
    downloads.push_back(std::move(d));
  }
  for (Download& d : downloads) {
    if (std::string error = d.output->open(); !error.empty()) return error;
  }
  return "";
}

int run(int argc, char** argv) {
  ClientOptionsParse parsed = parse_client_options(argc, argv);
  if (parsed.help) {
    std::fputs(parsed.help_text.c_str(), stdout);
    return 0;
  }
  Logger logger("quasar-client");
  if (!parsed.error.empty()) {
    logger.error(parsed.error + " (see quasar-client --help)");
    return 2;
  }
  const ClientOptions& o = parsed.options;
  logger.set_verbosity(o.verbosity);
  const Url& first = o.urls.front();

  auto addresses = resolve_udp(first.host, first.port);
  if (!addresses.ok()) {
    logger.error(addresses.error().message);
    return 1;
  }
  const SocketAddress server = addresses->front();

  TlsClientConfig tls;
  tls.alpn = {o.alpn};
  tls.verify_peer = !o.insecure;
  // Offer early data (RFC 8446 §4.2.10) only when requests are meant to go in it.
  tls.enable_early_data = o.zero_rtt;
  tls.ca_file = o.ca_file;
  if (o.chacha20) tls.cipher_suites = CipherSuiteSet::only(CipherSuite::kChaCha20Poly1305Sha256);
  if (auto path = key_log_path(o.key_log_file)) {
    KeyLogOpenResult key_log = open_key_log(*path);
    if (!key_log.error.empty()) {
      logger.error("key log: " + key_log.error);
      return 1;
    }
    tls.key_log = std::move(key_log.callback);
  }
  auto tls_context = TlsClientContext::create(tls);
  if (!tls_context.ok()) {
    logger.error("TLS: " + tls_context.error().message);
    return 1;
  }

  std::unique_ptr<QlogDirectory> qlog;
  EndpointConfig config;
  config.client_tls = client_tls_factory(*tls_context);
  config.transport.congestion_control = o.congestion_control;
  config.transport.max_idle_timeout = Duration::from_millis(static_cast<int64_t>(o.timeout_ms));
  config.transport.key_update_interval_packets = o.key_update_interval_packets;
  // RFC 9368 §4: v1 in the first flight, v2 offered in it either way; --v2 only moves it
  // first in our preference.
  config.version = kQuicVersion1;
  config.versions = o.v2 ? std::vector<uint32_t>{kQuicVersion2, kQuicVersion1}
                         : std::vector<uint32_t>{kQuicVersion1, kQuicVersion2};
  if (o.first_version) config.version = *o.first_version;
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

  UdpSocketOptions socket_options;
  socket_options.bind_address =
      server.is_ipv4() ? SocketAddress::ipv4({0, 0, 0, 0}, 0) : SocketAddress::ipv6({}, 0);
  socket_options.ipv6_only = true;
  socket_options.enable_gso = o.gso;
  socket_options.enable_gro = o.gro;
  auto socket = UdpSocket::open(socket_options);
  if (!socket.ok()) {
    logger.error(socket.error().message);
    return 1;
  }
  for (const std::string& warning : socket->features().warnings) logger.warning(warning);
  // The address the server will see us at, so that replies match the connection's path.
  auto local = local_address_towards(server);
  if (!local.ok()) {
    logger.error(local.error().message);
    return 1;
  }
  local->set_port(socket->local_address().port());

  std::vector<Download> downloads;
  if (std::string error = prepare_downloads(o, downloads); !error.empty()) {
    logger.error(error);
    return 1;
  }

  DownloadClientConfig client_config;
  if (!o.session_file.empty()) {
    // A missing or empty file means no session yet: a full handshake that saves one.
    client_config.session = read_session_file(o.session_file);
    client_config.zero_rtt = o.zero_rtt;
    client_config.on_session_ticket = [&](const std::vector<uint8_t>& ticket) {
      if (std::string error = write_session_file(o.session_file, ticket); !error.empty()) {
        logger.warning("session file: " + error);
      }
    };
  }
  // Sockets opened for migration; each is read by the loop from the moment it exists.
  std::vector<std::unique_ptr<UdpSocket>> migration_sockets;
  EndpointLoop* event_loop = nullptr;
  if (o.migrate_after_ms) {
    client_config.migrate_after = Duration::from_millis(static_cast<int64_t>(*o.migrate_after_ms));
    client_config.open_migration_path =
        [&, base = *local](std::string* error) -> std::optional<SocketAddress> {
      auto opened = UdpSocket::open(socket_options);
      if (!opened.ok()) {
        *error = opened.error().message;
        return std::nullopt;
      }
      auto owned = std::make_unique<UdpSocket>(std::move(*opened));
      if (auto added = event_loop->add_socket(*owned); !added.ok()) {
        *error = added.error().message;
        return std::nullopt;
      }
      SocketAddress moved = base;
      moved.set_port(owned->local_address().port());
      migration_sockets.push_back(std::move(owned));
      return moved;
    };
  }
  client_config.local = *local;
  client_config.server = server;
  client_config.server_name = first.host;
  client_config.parallel = static_cast<size_t>(o.parallel);
  RequestBody body;
  if (o.method == "POST") {
    auto content = std::make_shared<std::vector<uint8_t>>();
    if (!o.data_file.empty()) {
      if (std::string error = read_whole_file(o.data_file, *content); !error.empty()) {
        logger.error("--data: " + error);
        return 1;
      }
    }
    body = std::move(content);
  }
  client_config.protocol =
      o.alpn == kAlpnH3 ? H3ClientSession::protocol(body) : HqClientSession::protocol();
  const bool terminal = isatty(STDERR_FILENO) == 1;
  ProgressDisplay progress(stderr, o.progress && terminal && o.verbosity != Verbosity::kQuiet);
  DownloadClient client(client_config, downloads, logger, progress, qlog.get());

  auto loop = EndpointLoop::create(**endpoint);
  if (!loop.ok()) {
    logger.error(loop.error().message);
    return 1;
  }
  event_loop = loop->get();
  (*loop)->set_application(&client);
  auto added = (*loop)->add_socket(*socket);
  auto signals = (*loop)->stop_on_signals();
  if (!added.ok() || !signals.ok()) {
    logger.error(!added.ok() ? added.error().message : signals.error().message);
    return 1;
  }
  auto result = (*loop)->run();
  if (qlog) qlog->flush_all();
  if (!result.ok()) {
    logger.error(result.error().message);
    return 1;
  }
  const EndpointLoopStats& s = (*loop)->stats();
  const TransmitQueueStats& t = (*loop)->transmit_stats();
  logger.debug(
      "event loop: " + std::to_string(s.turns) + " turns, " + std::to_string(s.datagrams_received) +
      " datagrams in " + std::to_string(s.receive_calls) + " receive calls (" +
      std::to_string(s.gro_messages) + " GRO messages), " + std::to_string(t.datagrams_sent) +
      " datagrams out in " + std::to_string(t.send_calls) + " send calls");

  std::fputs(
      format_summary(downloads, client.snapshot(), client.ended_at() - client.started_at()).c_str(),
      stderr);
  for (const Download& d : downloads) {
    if (d.state != DownloadState::kDone) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace quasar::tools

int main(int argc, char** argv) { return quasar::tools::run(argc, argv); }
