// HqClientSession: HTTP/0.9 over QUIC (ALPN hq-interop) on the client: one bidirectional
// stream per download carrying "GET /path\r\n" and FIN; the response is the stream's bytes.
// A reset response stream is a failure; its error code is the HTTP status when the server is
// quasar (e.g. 0x194 -> "404 not found").
#pragma once

#include <map>

#include "tools/client/client_session.h"

namespace quasar::tools {

class HqClientSession final : public ClientSession {
 public:
  explicit HqClientSession(std::span<uint8_t> scratch) : scratch_(scratch) {}

  bool start(Instant now, Connection& connection, Download& download) override;
  void on_event(Instant now, Connection& connection, const ConnectionEvent& event) override;

  static ClientProtocol protocol();

 private:
  void read(Instant now, Connection& connection, uint64_t stream_id, Download& download);

  std::span<uint8_t> scratch_;
  std::map<uint64_t, Download*> streams_;
};

// "404 not found (RESET_STREAM 0x194)" or "stream reset by the server (error 0x7)".
std::string describe_hq_reset(uint64_t error_code);

}  // namespace quasar::tools
