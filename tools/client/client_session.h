// ClientSession: the application protocol of the client's connection, chosen by the ALPN the
// client offers (h3 or hq-interop).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>

#include "quic/base/time.h"
#include "quic/conn/connection.h"
#include "quic/conn/connection_event.h"
#include "tools/client/download.h"

namespace quasar::tools {

class ClientSession {
 public:
  virtual ~ClientSession() = default;
  // Sends the request of `download` (which must stay alive until it ended). False when the
  // peer's stream limit allows no new stream now: try again after StreamsAvailable.
  virtual bool start(Instant now, Connection& connection, Download& download) = 0;
  // An event of the connection other than ConnectionClosed. Received data goes to the
  // downloads' outputs; they complete or fail here.
  virtual void on_event(Instant now, Connection& connection, const ConnectionEvent& event) = 0;
  // The connection closed (and is gone); the caller fails the downloads still open.
  virtual void on_close(Instant now, const event::ConnectionClosed& closed) {
    (void)now;
    (void)closed;
  }
};

struct ClientProtocol {
  std::string alpn;
  // Made as soon as the connection exists, so that it sees every event. `scratch` is a read
  // buffer the session may use during each call.
  std::function<std::unique_ptr<ClientSession>(Connection&, std::span<uint8_t> scratch)> create;
  // The application error code of the client's CONNECTION_CLOSE once every download ended.
  uint64_t close_error_code = 0;
};

}  // namespace quasar::tools
