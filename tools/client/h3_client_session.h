// H3ClientSession: HTTP/3 (ALPN h3, RFC 9114) on the client: http3's Http3Client over the
// connection through QuicHttp3Binding, one GET (or POST with a body) per download. A response
// other than 200 fails its download with the status ("H3 404 not found"); so does a stream or
// connection error.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "http3/client.h"
#include "http3/quic_binding.h"
#include "tools/client/client_session.h"

namespace quasar::tools {

// The content of every request when the client POSTs (RFC 9110 §9.3.3); null for GET.
using RequestBody = std::shared_ptr<const std::vector<uint8_t>>;

class H3ClientSession final : public ClientSession {
 public:
  H3ClientSession(Connection& connection, RequestBody body);
  ~H3ClientSession() override;

  bool start(Instant now, Connection& connection, Download& download) override;
  void on_event(Instant now, Connection& connection, const ConnectionEvent& event) override;
  void on_close(Instant now, const event::ConnectionClosed& closed) override;

  static ClientProtocol protocol(RequestBody body = nullptr);

 private:
  // Sends what flow control allows of the body of `id`, which ends the request once all sent.
  void send_body(Instant now, http3::RequestId id);
  // Takes the HTTP/3 client's events: response heads, content, ends and failures.
  void drain(Instant now);
  void fail(Instant now, http3::RequestId id, Download& download, std::string reason);

  http3::QuicHttp3Binding binding_;
  std::unique_ptr<http3::Http3Client> client_;
  std::map<http3::RequestId, Download*> requests_;
  RequestBody body_;
  std::map<http3::RequestId, size_t> body_sent_;  // requests whose body is not all sent yet
};

// "404 not found": the status code and its reason phrase (RFC 9110 §15).
std::string describe_http_status(int status);

}  // namespace quasar::tools
