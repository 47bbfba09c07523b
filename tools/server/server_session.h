// ServerSession: the application protocol of one server connection, chosen by the ALPN its
// handshake negotiated (hq-interop or h3), and what it is given.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "quic/base/socket_address.h"
#include "quic/base/time.h"
#include "quic/conn/connection.h"
#include "quic/conn/connection_event.h"
#include "tools/server/document_root.h"

namespace quasar::tools {

// One line of the request log: peer, method, path, status, bytes, duration.
struct RequestLogEntry {
  SocketAddress peer;
  std::string method;
  std::string path;
  int status = 0;
  uint64_t bytes = 0;
  Duration duration;
  std::string note;  // e.g. "aborted by peer", "connection closed"
};

struct ServerSessionContext {
  const DocumentRoot* root = nullptr;
  SocketAddress peer;
  std::function<void(const RequestLogEntry&)> log_request;
  // A buffer shared by every session for reading files; valid during each call.
  std::span<uint8_t> scratch;
};

class ServerSession {
 public:
  virtual ~ServerSession() = default;
  // Every event of the connection other than ConnectionClosed, in order.
  virtual void on_event(Instant now, Connection& connection, const ConnectionEvent& event) = 0;
  // The connection closed: requests still in progress end here. The connection is gone.
  virtual void on_close(Instant now, const event::ConnectionClosed& closed) = 0;
};

// A protocol the server speaks: its ALPN, how to make a session, and the application error
// code it closes connections with when the server shuts down.
struct ServerProtocol {
  std::string alpn;
  std::function<std::unique_ptr<ServerSession>(const ServerSessionContext&, Connection&)> create;
  uint64_t shutdown_error_code = 0;
};

}  // namespace quasar::tools
