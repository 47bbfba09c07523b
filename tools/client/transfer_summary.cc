// format_summary().
#include "tools/client/transfer_summary.h"

#include <cinttypes>
#include <cstdio>

#include "tools/common/quic_version_name.h"
#include "tools/common/units.h"

namespace quasar::tools {

std::string format_summary(const std::vector<Download>& downloads,
                           const ConnectionSnapshot& connection, Duration elapsed) {
  std::string text;
  uint64_t bytes = 0;
  size_t done = 0;
  for (const Download& d : downloads) {
    bytes += d.bytes;
    if (d.state == DownloadState::kDone) {
      ++done;
      text += "ok     " + d.url.text + " -> " +
              (d.output->path() == "-" ? std::string("stdout") : d.output->path()) + ", " +
              format_bytes(d.bytes) + " in " + format_duration(d.finished - d.started) + "\n";
    } else {
      text += "FAILED " + d.url.text + ": " + (d.error.empty() ? "not started" : d.error) + "\n";
    }
  }
  char line[256];
  std::snprintf(line, sizeof line, "%zu of %zu downloads complete: ", done, downloads.size());
  text += line + format_bytes(bytes) + " (" + std::to_string(bytes) + " bytes) in " +
          format_duration(elapsed) + ", goodput " + format_rate(bytes, elapsed) + "\n";
  if (connection.handshake_completed) {
    text += "handshake " + format_duration(connection.handshake_time) + " (" + connection.alpn +
            ", " + (connection.cipher_suite ? cipher_suite_name(*connection.cipher_suite) : "?") +
            "), rtt smoothed " + format_duration(connection.smoothed_rtt) + ", min " +
            format_duration(connection.min_rtt) + ", key updates " +
            std::to_string(connection.stats.key_updates) + " (" +
            std::to_string(connection.stats.key_updates_initiated) + " ours)\n";
  } else {
    text += "handshake not completed\n";
  }
  std::snprintf(line, sizeof line,
                "packets lost %" PRIu64
                ", retransmitted %s (of what this client sent); "
                "received %" PRIu64 " datagrams, sent %" PRIu64 "\n",
                connection.recovery.packets_lost,
                format_bytes(connection.stats.stream_bytes_retransmitted).c_str(),
                connection.stats.datagrams_received, connection.stats.datagrams_sent);
  text += line;
  if (connection.resumption_attempted) {
    text +=
        std::string("resumption ") + (connection.resumed ? "accepted" : "refused (full handshake)");
    if (connection.zero_rtt_attempted) {
      text += std::string(", 0-RTT ") + (connection.zero_rtt_accepted ? "accepted" : "rejected");
    }
    text += "\n";
  }
  // After Version Negotiation, the version the client went on in, even if that attempt failed.
  if (connection.handshake_completed || connection.stats.version_negotiations_received > 0) {
    text += "QUIC version " + quic_version_name(connection.quic_version);
    if (connection.stats.version_negotiations_received > 0) text += " after Version Negotiation";
    text += "\n";
  }
  if (connection.path_changes > 0) {
    // RFC 9000 §9: migration, or the move to the server's preferred address (§9.6).
    text += "path changed " + std::to_string(connection.path_changes) + " times, last to " +
            connection.last_peer_address->to_string() + "\n";
  }
  if (!connection.migration_error.empty()) {
    text += "migration failed: " + connection.migration_error + "\n";
  }
  if (connection.stats.retries_received > 0) {
    // RFC 9000 §8.1.2: the server validated our address before the handshake.
    text += "address validated with a Retry\n";
  }
  if (connection.close_reason) {
    text += "connection ended: " + connection.close_reason->to_string() + "\n";
  }
  return text;
}

}  // namespace quasar::tools
