// DownloadClient: connection lifecycle and download scheduling.
#include "tools/client/download_client.h"

#include <algorithm>

#include "tools/common/units.h"

namespace quasar::tools {

DownloadClient::DownloadClient(DownloadClientConfig config, std::vector<Download>& downloads,
                               const Logger& logger, ProgressDisplay& progress, QlogDirectory* qlog)
    : config_(std::move(config)),
      downloads_(downloads),
      logger_(logger),
      progress_(progress),
      qlog_(qlog) {}

void DownloadClient::on_turn(Instant now, Endpoint& endpoint) {
  if (finished_) return;
  if (!handle_) {
    started_ = now;
    ConnectOptions options;
    options.server_name = config_.server_name;
    options.session = config_.session;
    snapshot_.resumption_attempted = !config_.session.empty();
    snapshot_.zero_rtt_attempted = snapshot_.resumption_attempted && config_.zero_rtt;
    auto handle = endpoint.connect(now, config_.local, config_.server, options);
    if (!handle.ok()) {
      fail_remaining(now, "cannot connect: " + handle.error().message);
      ended_ = now;
      finished_ = true;
      return;
    }
    handle_ = *handle;
    if (Connection* connection = endpoint.connection(*handle_)) {
      session_ = config_.protocol.create(*connection, scratch_);
    }
    logger_.debug("connecting to " + config_.server.to_string() + " from " +
                  config_.local.to_string());
  }
  while (auto e = endpoint.poll_event()) {
    if (e->connection == *handle_) on_event(now, endpoint, e->event);
    if (finished_) return;
  }
  Connection* connection = endpoint.connection(*handle_);
  if (connection == nullptr) return;
  maybe_migrate(now, *connection);
  // Requests wait for the handshake, when the server's stream limits are known, unless they
  // go out in 0-RTT under the limits remembered with the session (RFC 9001 §4.6.1).
  if (session_ && (snapshot_.handshake_completed || snapshot_.zero_rtt_attempted)) {
    start_downloads(now, *connection);
  }
  bool all_ended = true;
  for (const Download& d : downloads_) all_ended = all_ended && d.ended();
  if (all_ended) {
    end(now, endpoint, "done");
    return;
  }
  progress_.update(now, downloads_);
}

void DownloadClient::on_event(Instant now, Endpoint& endpoint, const ConnectionEvent& event) {
  Connection* connection = endpoint.connection(*handle_);
  if (const auto* closed = std::get_if<event::ConnectionClosed>(&event)) {
    if (connection != nullptr) take_snapshot(*connection);
    if (session_) session_->on_close(now, *closed);
    snapshot_.close_reason = closed->reason;
    fail_remaining(now, closed->reason.to_string());
    ended_ = now;
    finished_ = true;
    return;
  }
  if (connection == nullptr) return;
  if (std::holds_alternative<event::HandshakeCompleted>(event)) {
    snapshot_.handshake_completed = true;
    snapshot_.handshake_time = now - started_;
    snapshot_.quic_version = connection->version();
    snapshot_.alpn = connection->tls().alpn();
    snapshot_.cipher_suite = connection->tls().cipher_suite();
    snapshot_.resumed = connection->tls().resumed();
    snapshot_.zero_rtt_accepted = connection->early_data_state() == EarlyDataState::kAccepted;
    logger_.debug("handshake complete in " + format_duration(snapshot_.handshake_time) + ": " +
                  snapshot_.alpn + ", " +
                  (snapshot_.cipher_suite ? cipher_suite_name(*snapshot_.cipher_suite) : "?"));
    if (snapshot_.alpn != config_.protocol.alpn) {
      // RFC 9001 §8.1: a server that cannot agree must fail the handshake instead.
      fail_remaining(now, "the server chose another protocol '" + snapshot_.alpn + "'");
      end(now, endpoint, "unsupported protocol");
      return;
    }
  }
  if (const auto* ticket = std::get_if<event::SessionTicket>(&event)) {
    if (config_.on_session_ticket) config_.on_session_ticket(ticket->ticket);
  }
  if (std::holds_alternative<event::StreamsAvailable>(event)) streams_blocked_ = false;
  if (const auto* path = std::get_if<event::PathChanged>(&event)) {
    ++snapshot_.path_changes;
    snapshot_.last_peer_address = path->peer;
    logger_.info("path changed: now " + path->local.to_string() + " -> " + path->peer.to_string());
  }
  if (session_) session_->on_event(now, *connection, event);
}

void DownloadClient::start_downloads(Instant now, Connection& connection) {
  size_t active = 0;
  for (const Download& d : downloads_) active += d.state == DownloadState::kActive ? 1 : 0;
  while (!streams_blocked_ && active < config_.parallel && next_download_ < downloads_.size()) {
    Download& d = downloads_[next_download_];
    if (!session_->start(now, connection, d)) {
      streams_blocked_ = true;  // until StreamsAvailable
      return;
    }
    ++next_download_;
    if (d.state == DownloadState::kActive) ++active;
  }
}

void DownloadClient::maybe_migrate(Instant now, Connection& connection) {
  if (migration_done_ || !config_.migrate_after || !config_.open_migration_path) return;
  // RFC 9000 §9: no migration before the handshake is confirmed.
  if (now < started_ + *config_.migrate_after || !connection.is_handshake_confirmed()) return;
  migration_done_ = true;
  std::string error;
  std::optional<SocketAddress> local = config_.open_migration_path(&error);
  if (!local) {
    snapshot_.migration_error = "no new local address: " + error;
  } else if (Status moved = connection.migrate(now, *local); !moved.ok()) {
    snapshot_.migration_error = moved.error().reason;
  } else {
    logger_.info("migrating to local address " + local->to_string());
    return;
  }
  logger_.warning("migration failed: " + snapshot_.migration_error);
}

void DownloadClient::take_snapshot(const Connection& connection) {
  snapshot_.stats = connection.stats();
  snapshot_.quic_version = connection.version();
  snapshot_.recovery = connection.recovery_stats();
  snapshot_.smoothed_rtt = connection.rtt().smoothed();
  snapshot_.min_rtt = connection.rtt().min();
}

void DownloadClient::fail_remaining(Instant now, const std::string& reason) {
  for (Download& d : downloads_) d.fail(now, reason);
}

void DownloadClient::end(Instant now, Endpoint& endpoint, const std::string& close_reason) {
  if (Connection* connection = endpoint.connection(*handle_)) {
    take_snapshot(*connection);
    connection->close(now, config_.protocol.close_error_code, close_reason);
    if (qlog_ != nullptr) qlog_->retire(*handle_, connection->original_dcid());
  }
  progress_.update(now, downloads_, true);
  progress_.clear();
  ended_ = now;
  finished_ = true;
}

Instant DownloadClient::next_wakeup() const {
  if (finished_) return Instant::infinite_future();
  Instant next = progress_.next_redraw();
  if (config_.migrate_after && !migration_done_ && handle_) {
    next = std::min(next, started_ + *config_.migrate_after);
  }
  return next;
}

void DownloadClient::on_stop(Instant now, Endpoint& endpoint) {
  if (finished_ || !handle_) {
    finished_ = true;
    return;
  }
  fail_remaining(now, "interrupted");
  end(now, endpoint, "interrupted");
}

}  // namespace quasar::tools
