// Request handlers and a response collector shared by the HTTP/3 tests: a router whose paths
// echo the request, produce a given number of pattern bytes, send informational responses or
// trailers, hold a response until released, or answer a given status; and a helper that
// drains an Http3Client's events into per-request results.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http3/client.h"
#include "http3/request_handler.h"

namespace quasar::http3::test {

// Byte `index` of the content /bytes/N produces.
uint8_t pattern_byte(uint64_t index);
std::vector<uint8_t> pattern(uint64_t size, uint64_t offset = 0);
// FNV-1a, to compare large bodies cheaply.
uint64_t fnv1a(std::span<const uint8_t> data, uint64_t hash = 0xcbf29ce484222325ull);

// What the router saw of one request.
struct SeenRequest {
  RequestHead head;
  bool early_data = false;
  Priority priority;
  uint64_t body_bytes = 0;
  std::optional<Fields> trailers;
  bool ended = false;
  std::optional<uint64_t> reset_code;
  uint64_t stream_id = 0;
};

// Paths:
//   /echo              200 with the request's content (and its trailers as response trailers)
//   /bytes/N           200 with N pattern bytes, streamed as flow control allows
//   /interim           103 then 200 "done"
//   /trailers          200 "body" then trailers x-checksum and x-count
//   /hold              answers 200 "released" when release_held() is called
//   /status/NNN        answers NNN with no content
//   /cancel            the handler cancels the exchange (H3_REQUEST_CANCELLED)
//   /big-header/N      200 with a header field of N bytes
//   CONNECT            a tunnel echoing what it receives
// anything else: 404.
class RouterHandler;

class TestRouter final : public RequestHandlerFactory {
 public:
  std::unique_ptr<RequestHandler> make_handler(ServerExchange& exchange) override;

  // Answers every /hold request received so far.
  void release_held();
  size_t held() const { return held_.size(); }

  std::vector<SeenRequest> seen;
  // Order in which responses finished, by stream ID.
  std::vector<uint64_t> finished_streams;

 private:
  friend class RouterHandler;
  std::vector<ServerExchange*> held_;
  std::map<ServerExchange*, RouterHandler*> handlers_by_exchange_;
};

// One request's outcome as seen through client events.
struct CollectedResponse {
  std::vector<uint16_t> interim;
  std::optional<ResponseHead> head;
  std::vector<uint8_t> body;
  size_t body_events = 0;
  std::optional<Fields> trailers;
  bool complete = false;
  std::optional<client_event::Failed> failed;
  uint64_t order = 0;  // when it completed or failed, counting from 1
};

struct ResponseCollector {
  std::map<RequestId, CollectedResponse> responses;
  std::vector<uint64_t> goaways;
  std::vector<RequestId> writable;
  std::optional<client_event::ConnectionClosed> closed;
  uint64_t finished = 0;
  // Called for each Writable event (e.g. to send more content).
  std::function<void(RequestId)> on_writable;
  // Called for each response head, as it is taken from the client.
  std::function<void(RequestId)> on_headers;

  // Takes every pending event from the client.
  void drain(Http3Client& client);
  const CollectedResponse& at(RequestId id) const { return responses.at(id); }
};

}  // namespace quasar::http3::test
