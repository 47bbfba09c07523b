// ClientOptions: quasar-client's command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/client/url.h"
#include "tools/common/logger.h"

namespace quasar::tools {

// --key-update: often enough that even a short download sees several updates (a client may send
// only one packet, mostly ACKs, for every hundred it receives).
inline constexpr uint64_t kDefaultKeyUpdateInterval = 10;

struct ClientOptions {
  std::vector<Url> urls;
  std::string out = ".";  // a directory, or "-" for standard output
  uint64_t parallel = 8;
  std::string alpn = "h3";
  bool chacha20 = false;
  // Resumption (RFC 8446 §2.2): read a session from FILE if it holds one; save the newest.
  std::string session_file;
  // With a session, send the requests in 0-RTT (RFC 9001 §4.6).
  bool zero_rtt = false;
  // Initiate a 1-RTT key update every this many packets (0: only at the AEAD limit).
  uint64_t key_update_interval_packets = 0;
  // RFC 9368 / RFC 9369: prefer QUIC v2; the first flight stays v1 and offers v2 in its
  // version_information, so a server that prefers v2 moves the connection there.
  bool v2 = false;
  // The first flight's QUIC version when set: v1, v2, or a reserved version (0x?a?a?a?a) that
  // elicits Version Negotiation (RFC 9000 §6.3) before the client goes on in one both speak.
  std::optional<uint32_t> first_version;
  // RFC 9000 §9.2: this many milliseconds after the start (once the handshake is confirmed),
  // move the connection to a new local port.
  std::optional<uint64_t> migrate_after_ms;
  // -X: GET, or POST (HTTP/3 only) with the content of data_file (empty without --data).
  std::string method = "GET";
  std::string data_file;
  std::string congestion_control = "cubic";
  std::string qlog_dir;
  std::optional<std::string> key_log_file;
  bool insecure = false;
  std::string ca_file;
  uint64_t timeout_ms = 10000;
  Verbosity verbosity = Verbosity::kNormal;
  bool progress = true;
  bool gso = true;
  bool gro = true;
};

struct ClientOptionsParse {
  ClientOptions options;
  std::string error;  // non-empty: bad usage
  bool help = false;
  std::string help_text;
};

ClientOptionsParse parse_client_options(int argc, const char* const* argv);

}  // namespace quasar::tools
