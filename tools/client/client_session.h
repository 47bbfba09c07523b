// ClientSession: the application protocol of the client's connection, chosen by the ALPN the
// handshake negotiated (hq-interop today; h3 slots in next to it).
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
};

struct ClientProtocol {
  std::string alpn;
  // `scratch` is a read buffer the session may use during each call.
  std::function<std::unique_ptr<ClientSession>(std::span<uint8_t> scratch)> create;
};

}  // namespace quasar::tools
