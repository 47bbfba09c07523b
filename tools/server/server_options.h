// ServerOptions: quasar-server's command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "quic/base/socket_address.h"
#include "tools/common/logger.h"

namespace quasar::tools {

struct ServerOptions {
  SocketAddress listen = *SocketAddress::parse("[::]:4433");
  bool listen_given = false;
  std::string root = ".";
  std::string certificate_file;
  std::string key_file;
  std::string congestion_control = "cubic";
  std::string qlog_dir;
  std::optional<std::string> key_log_file;
  uint64_t max_streams = 100;
  uint64_t idle_timeout_ms = 30000;
  // Unacknowledged bytes each response stream may hold: what one download can have in flight.
  uint64_t send_buffer = 4 << 20;
  Verbosity verbosity = Verbosity::kNormal;
  bool gso = true;
  bool gro = true;
  // RFC 9000 §8.1.2: validate every client address with a Retry first.
  bool retry = false;
  // RFC 9001 §4.6: issue tickets that allow 0-RTT, and accept 0-RTT with them.
  bool early_data = true;
  // RFC 9369 / RFC 9368: speak QUIC v2 first and move v1 clients that offer it to v2.
  bool v2 = false;
  // RFC 9000 §9.6: addresses offered in the preferred_address transport parameter (one per
  // address family), each served by a socket of its own.
  std::optional<SocketAddress> preferred_address_ipv4;
  std::optional<SocketAddress> preferred_address_ipv6;
};

struct ServerOptionsParse {
  ServerOptions options;
  std::string error;  // non-empty: bad usage
  bool help = false;  // --help was given
  std::string help_text;
};

ServerOptionsParse parse_server_options(int argc, const char* const* argv);

}  // namespace quasar::tools
