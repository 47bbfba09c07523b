// H3ServerSession: HTTP/3 (ALPN h3, RFC 9114) on one server connection. http3's Http3Server
// runs over the connection through QuicHttp3Binding and serves the document root with the
// static file handler; each exchange is logged once the client acknowledged the whole
// response (or when it is reset, or the connection closes).
#pragma once

#include <map>
#include <memory>

#include "http3/quic_binding.h"
#include "http3/server.h"
#include "http3/static_file_handler.h"
#include "tools/server/recording_exchange.h"
#include "tools/server/server_session.h"

namespace quasar::tools {

class H3ServerSession final : public ServerSession {
 public:
  H3ServerSession(const ServerSessionContext& context, Connection& connection);
  ~H3ServerSession() override;

  void on_event(Instant now, Connection& connection, const ConnectionEvent& event) override;
  void on_close(Instant now, const event::ConnectionClosed& closed) override;

  static ServerProtocol protocol();

 private:
  std::shared_ptr<ExchangeRecord> open_record(const http3::ServerExchange& exchange);
  void on_reset(uint64_t stream_id, uint64_t error_code);
  void log(const ExchangeRecord& record, std::string note);

  ServerSessionContext context_;
  Instant now_;
  http3::StaticFileHandlerFactory files_;
  RecordingHandlerFactory handlers_;
  http3::QuicHttp3Binding binding_;
  std::unique_ptr<http3::Http3Server> server_;
  // Exchanges not logged yet, by stream.
  std::map<uint64_t, std::shared_ptr<ExchangeRecord>> records_;
};

}  // namespace quasar::tools
