// FileServer: connection lifecycle, protocol dispatch and logging.
#include "tools/server/file_server.h"

#include <cinttypes>
#include <cstdio>

#include "tools/common/quic_version_name.h"
#include "tools/common/units.h"

namespace quasar::tools {

FileServer::FileServer(const DocumentRoot& root, std::vector<ServerProtocol> protocols,
                       const Logger& logger, QlogDirectory* qlog)
    : root_(root), protocols_(std::move(protocols)), logger_(logger), qlog_(qlog) {}

void FileServer::on_turn(Instant now, Endpoint& endpoint) {
  while (auto e = endpoint.poll_event()) on_event(now, endpoint, e->connection, e->event);
  if (qlog_ != nullptr) {
    qlog_->release_retired([&](uint64_t handle) { return endpoint.connection(handle) == nullptr; });
  }
}

void FileServer::on_event(Instant now, Endpoint& endpoint, ConnectionHandle handle,
                          const ConnectionEvent& event) {
  if (const auto* incoming = std::get_if<event::IncomingConnection>(&event)) {
    if (stopped_) {
      endpoint.refuse(now, handle);
      return;
    }
    endpoint.accept(handle);
    ++accepted_;
    Peer& peer = peers_[handle];
    peer.address = incoming->peer;
    peer.started = now;
    logger_.debug("connection from " + peer.address.to_string());
    return;
  }
  auto it = peers_.find(handle);
  if (it == peers_.end()) return;
  Peer& peer = it->second;
  Connection* connection = endpoint.connection(handle);
  if (const auto* closed = std::get_if<event::ConnectionClosed>(&event)) {
    if (peer.session) peer.session->on_close(now, *closed);
    log_close(now, peer, connection, closed->reason);
    if (qlog_ != nullptr && connection != nullptr)
      qlog_->retire(handle, connection->original_dcid());
    peers_.erase(it);
    return;
  }
  if (connection == nullptr) return;
  if (std::holds_alternative<event::HandshakeCompleted>(event)) {
    const auto suite = connection->tls().cipher_suite();
    logger_.debug(
        peer.address.to_string() + " handshake complete: " + std::string(connection->tls().alpn()) +
        ", " + (suite ? cipher_suite_name(*suite) : "?") + " in " +
        format_duration(now - peer.started) + ", QUIC " + quic_version_name(connection->version()) +
        (connection->tls().resumed() ? ", resumed" : "") +
        (connection->early_data_state() == EarlyDataState::kAccepted ? ", 0-RTT accepted" : ""));
  }
  if (ServerSession* session = session_for(peer, *connection)) {
    session->on_event(now, *connection, event);
  }
}

ServerSession* FileServer::session_for(Peer& peer, Connection& connection) {
  if (peer.session) return peer.session.get();
  const std::string_view alpn = connection.tls().alpn();
  if (alpn.empty()) return nullptr;
  for (const ServerProtocol& protocol : protocols_) {
    if (protocol.alpn != alpn) continue;
    ServerSessionContext context;
    context.root = &root_;
    context.peer = peer.address;
    context.log_request = [this](const RequestLogEntry& entry) { log_request(entry); };
    context.scratch = scratch_;
    peer.session = protocol.create(context, connection);
    peer.protocol = &protocol;
    return peer.session.get();
  }
  return nullptr;
}

void FileServer::on_stop(Instant now, Endpoint& endpoint) {
  stopped_ = true;
  for (auto& [handle, peer] : peers_) {
    Connection* connection = endpoint.connection(handle);
    if (connection == nullptr) continue;
    const uint64_t code = peer.protocol ? peer.protocol->shutdown_error_code : 0;
    connection->close(now, code, "server shutting down");
  }
  // Take the ConnectionClosed events now, so each close is logged before run() returns.
  on_turn(now, endpoint);
}

void FileServer::log_request(const RequestLogEntry& entry) {
  ++requests_logged_;
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, " %d %" PRIu64 " bytes ", entry.status, entry.bytes);
  std::string line = entry.peer.to_string() + " " + entry.method + " " + entry.path + numbers +
                     format_duration(entry.duration);
  if (!entry.note.empty()) line += " (" + entry.note + ")";
  logger_.info(line);
}

void FileServer::log_close(Instant now, const Peer& peer, const Connection* connection,
                           const CloseReason& reason) {
  std::string line = peer.address.to_string() + " closed: " + reason.to_string() + "; " +
                     format_duration(now - peer.started);
  if (connection != nullptr) {
    const ConnectionStats& stats = connection->stats();
    line += ", rtt " + format_duration(connection->rtt().smoothed()) + " (min " +
            format_duration(connection->rtt().min()) + "), sent " + format_bytes(stats.bytes_sent) +
            ", received " + format_bytes(stats.bytes_received) + ", " +
            std::to_string(connection->recovery_stats().packets_lost) + " packets lost, " +
            format_bytes(stats.stream_bytes_retransmitted) + " retransmitted, " +
            std::to_string(stats.key_updates) + " key updates (" +
            std::to_string(stats.key_updates_initiated) + " ours)";
    // Undecryptable, duplicate or refused packets (e.g. from a new path too early, RFC 9000 §9).
    if (stats.packets_dropped > 0)
      line += ", " + std::to_string(stats.packets_dropped) + " dropped";
    // RFC 9000 §9: the client migrated, rebound, or moved to our preferred address.
    if (stats.path_changes > 0) {
      line += ", " + std::to_string(stats.path_changes) + " path changes (last from " +
              connection->path().peer.to_string() + " to " + connection->path().local.to_string() +
              ")";
    }
  }
  logger_.info(line);
}

}  // namespace quasar::tools
