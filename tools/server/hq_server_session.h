// HqServerSession: HTTP/0.9 over QUIC (ALPN hq-interop) on one server connection. Each
// client-initiated bidirectional stream carries "GET /path\r\n"; the answer is the file's
// bytes and FIN, or RESET_STREAM with the HTTP status as error code when there is no file.
#pragma once

#include <map>

#include "tools/server/file_sender.h"
#include "tools/server/server_session.h"

namespace quasar::tools {

class HqServerSession final : public ServerSession {
 public:
  explicit HqServerSession(const ServerSessionContext& context) : context_(context) {}

  void on_event(Instant now, Connection& connection, const ConnectionEvent& event) override;
  void on_close(Instant now, const event::ConnectionClosed& closed) override;

  static ServerProtocol protocol();

 private:
  struct Request {
    Instant started;
    std::string head;  // the request line as read so far
    bool answered = false;
    std::string method;
    std::string path;
    FileSender file;
    bool fin_sent = false;
  };

  void read_request(Instant now, Connection& connection, uint64_t stream_id, Request& request);
  void answer(Instant now, Connection& connection, uint64_t stream_id, Request& request);
  // Writes file bytes until the connection pushes back; FIN at the end.
  void send_file(Connection& connection, uint64_t stream_id, Request& request);
  void refuse(Instant now, Connection& connection, uint64_t stream_id, Request& request,
              HqStatus status);
  void log(Instant now, const Request& request, int status, uint64_t bytes, std::string note);
  void forget(uint64_t stream_id);

  ServerSessionContext context_;
  std::map<uint64_t, Request> requests_;
};

}  // namespace quasar::tools
