// FileServer: quasar-server's application on the event loop. Accepts connections, hands each
// one's streams to the ServerSession of its negotiated protocol, and logs one line per request
// and one per closed connection.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "quic/endpoint/endpoint.h"
#include "quic/io/loop_application.h"
#include "tools/common/logger.h"
#include "tools/common/qlog_directory.h"
#include "tools/server/document_root.h"
#include "tools/server/server_session.h"

namespace quasar::tools {

class FileServer final : public LoopApplication {
 public:
  // `qlog` may be null. Everything passed in must outlive the server.
  FileServer(const DocumentRoot& root, std::vector<ServerProtocol> protocols, const Logger& logger,
             QlogDirectory* qlog);

  void on_turn(Instant now, Endpoint& endpoint) override;
  void on_stop(Instant now, Endpoint& endpoint) override;
  bool finished() const override { return stopped_; }

  uint64_t connections_accepted() const { return accepted_; }
  uint64_t requests_logged() const { return requests_logged_; }

 private:
  struct Peer {
    SocketAddress address;
    Instant started;
    std::unique_ptr<ServerSession> session;
    const ServerProtocol* protocol = nullptr;
  };

  void on_event(Instant now, Endpoint& endpoint, ConnectionHandle handle,
                const ConnectionEvent& event);
  // The session for the connection's ALPN, created when the ALPN is known.
  ServerSession* session_for(Peer& peer, Connection& connection);
  void log_close(Instant now, const Peer& peer, const Connection* connection,
                 const CloseReason& reason);
  void log_request(const RequestLogEntry& entry);

  const DocumentRoot& root_;
  std::vector<ServerProtocol> protocols_;
  const Logger& logger_;
  QlogDirectory* qlog_;
  std::map<ConnectionHandle, Peer> peers_;
  std::vector<uint8_t> scratch_ = std::vector<uint8_t>(64 * 1024);
  bool stopped_ = false;
  uint64_t accepted_ = 0;
  uint64_t requests_logged_ = 0;
};

}  // namespace quasar::tools
