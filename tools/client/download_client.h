// DownloadClient: quasar-client's application on the event loop. Opens one connection, starts
// up to `parallel` downloads at a time through the ClientSession of the protocol it offers,
// closes the connection when every download ended, and keeps what the summary reports.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/cipher_suite.h"
#include "quic/conn/connection_stats.h"
#include "quic/endpoint/endpoint.h"
#include "quic/io/loop_application.h"
#include "quic/recovery/loss_detection.h"
#include "tools/client/client_session.h"
#include "tools/client/download.h"
#include "tools/client/progress_display.h"
#include "tools/common/logger.h"
#include "tools/common/qlog_directory.h"

namespace quasar::tools {

struct DownloadClientConfig {
  SocketAddress local;
  SocketAddress server;
  std::string server_name;  // SNI and certificate check
  size_t parallel = 8;
  ClientProtocol protocol;  // the one ALPN offered
  // A session to resume (empty: full handshake), and whether requests go out in 0-RTT.
  std::vector<uint8_t> session;
  bool zero_rtt = false;
  // Called with each session ticket the server sends (e.g. to save it).
  std::function<void(const std::vector<uint8_t>&)> on_session_ticket;
  // Active migration (RFC 9000 §9.2): this long after the start, once the handshake is
  // confirmed, move to the local address open_migration_path() returns (a fresh socket the
  // loop already reads); it returns nullopt and fills `error` if none could be opened.
  std::optional<Duration> migrate_after;
  std::function<std::optional<SocketAddress>(std::string* error)> open_migration_path;
};

// The connection as it was when it ended, for the summary.
struct ConnectionSnapshot {
  bool handshake_completed = false;
  Duration handshake_time;
  uint32_t quic_version = 0;  // negotiated (RFC 9368), at the handshake's end
  std::string alpn;
  std::optional<CipherSuite> cipher_suite;
  ConnectionStats stats;
  LossDetectionStats recovery;
  Duration smoothed_rtt;
  Duration min_rtt;
  std::optional<CloseReason> close_reason;  // set when the connection ended before we closed it
  bool resumption_attempted = false;
  bool resumed = false;
  bool zero_rtt_attempted = false;
  bool zero_rtt_accepted = false;
  // Paths the connection moved to (migration, the server's preferred address, §9), the last
  // one, and why a requested migration did not happen.
  uint64_t path_changes = 0;
  std::optional<SocketAddress> last_peer_address;
  std::string migration_error;
};

class DownloadClient final : public LoopApplication {
 public:
  DownloadClient(DownloadClientConfig config, std::vector<Download>& downloads,
                 const Logger& logger, ProgressDisplay& progress, QlogDirectory* qlog);

  void on_turn(Instant now, Endpoint& endpoint) override;
  Instant next_wakeup() const override;
  void on_stop(Instant now, Endpoint& endpoint) override;
  bool finished() const override { return finished_; }

  Instant started_at() const { return started_; }
  Instant ended_at() const { return ended_; }
  const ConnectionSnapshot& snapshot() const { return snapshot_; }

 private:
  void on_event(Instant now, Endpoint& endpoint, const ConnectionEvent& event);
  void start_downloads(Instant now, Connection& connection);
  // Migrates once migrate_after has passed and the handshake is confirmed (RFC 9000 §9).
  void maybe_migrate(Instant now, Connection& connection);
  void take_snapshot(const Connection& connection);
  // Fails every download that has not ended, with `reason`.
  void fail_remaining(Instant now, const std::string& reason);
  void end(Instant now, Endpoint& endpoint, const std::string& close_reason);

  DownloadClientConfig config_;
  std::vector<Download>& downloads_;
  const Logger& logger_;
  ProgressDisplay& progress_;
  QlogDirectory* qlog_;
  std::optional<ConnectionHandle> handle_;
  std::unique_ptr<ClientSession> session_;
  std::vector<uint8_t> scratch_ = std::vector<uint8_t>(64 * 1024);
  size_t next_download_ = 0;
  bool streams_blocked_ = false;
  bool finished_ = false;
  bool migration_done_ = false;  // attempted, successfully or not
  Instant started_;
  Instant ended_;
  ConnectionSnapshot snapshot_;
};

}  // namespace quasar::tools
