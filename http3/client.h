// Http3Client: the client side of an HTTP/3 connection (RFC 9114). Requests are made with
// send_request and their content streamed with send_body; responses come back as events from
// poll_event (headers, content, trailers, completion or failure). Many requests share the
// connection; each has a RequestId that stays the same if the request is retried. With 0-RTT,
// unsafe requests wait for the handshake unless allowed, and a request answered 425 (Too
// Early) is retried after the handshake (RFC 8470 §5.2).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "http3/api_error.h"
#include "http3/connection.h"
#include "http3/message_head.h"
#include "http3/priority.h"

namespace quasar::http3 {

class ClientRequest;

using RequestId = uint64_t;

struct ClientConfig {
  ConnectionConfig connection;
  // RFC 8470 §4: requests with unsafe methods made before the handshake completes wait for it,
  // unless the application knows they may be replayed safely.
  bool unsafe_methods_in_early_data = false;
  // RFC 8470 §5.2: retry a request sent in early data that got 425 (Too Early), after the
  // handshake completes, instead of returning the 425.
  bool retry_too_early = true;
  // Request content kept for such a retry; a request that sent more gets its 425 delivered.
  uint64_t max_retained_early_body = 1 << 20;
  // Request content buffered while a request waits for a stream.
  uint64_t max_queued_body = 1 << 20;
  // RFC 9114 §7.2.4.2: the server's SETTINGS remembered with the session resumed for 0-RTT.
  std::optional<Settings> remembered_server_settings;
};

namespace client_event {

// A response head: informational (1xx, any number) or the final one.
struct Headers {
  RequestId request = 0;
  ResponseHead head;
  bool interim = false;
};
// Response content, valid until the next call into the client.
struct Body {
  RequestId request = 0;
  std::span<const uint8_t> data;
};
struct Trailers {
  RequestId request = 0;
  Fields trailers;
};
// The response is complete.
struct Complete {
  RequestId request = 0;
};
// The request failed. `retryable`: the server did not process it (rejected, refused by GOAWAY,
// or never sent), so it may be sent again, on a new connection if this one is going away.
struct Failed {
  RequestId request = 0;
  uint64_t error_code = 0;
  std::string reason;
  bool retryable = false;
};
// send_body returned 0 (or took less than offered) and more can be sent now.
struct Writable {
  RequestId request = 0;
};
// The server is shutting down (RFC 9114 §5.2); no new requests on this connection.
struct GoawayReceived {
  uint64_t stream_id = 0;
};
struct ConnectionClosed {
  uint64_t error_code = 0;
  std::string reason;
};

}  // namespace client_event

using ClientEvent =
    std::variant<client_event::Headers, client_event::Body, client_event::Trailers,
                 client_event::Complete, client_event::Failed, client_event::Writable,
                 client_event::GoawayReceived, client_event::ConnectionClosed>;

struct ClientStats {
  uint64_t requests = 0;
  uint64_t too_early_retries = 0;  // 425 answered by a retry
  uint64_t sent_in_early_data = 0;
};

class Http3Client final : public Http3Connection {
 public:
  // Largest DATA frame send_body writes per call.
  static constexpr size_t kMaxBodyChunk = 64 * 1024;

  explicit Http3Client(Transport& transport, const ClientConfig& config = {});
  ~Http3Client() override;

  // Starts a request. `head` gives :method, :scheme, :authority and :path (only :method and
  // :authority for CONNECT) and the header fields; `end_stream` when it has no content.
  // A non-default priority is sent as the Priority field (RFC 9218 §5).
  Result<RequestId, ApiError> send_request(const RequestHead& head, bool end_stream = true,
                                           const Priority& priority = {});
  // Sends request content; returns how many bytes were taken (0 while flow control holds
  // earlier bytes: a Writable event follows). `end_stream` ends the request once all of
  // `data` was taken.
  Result<size_t, ApiError> send_body(RequestId request, std::span<const uint8_t> data,
                                     bool end_stream);
  // Sends a trailer section, which ends the request.
  Result<void, ApiError> send_trailers(RequestId request, const Fields& trailers);
  // Cancels a request (H3_REQUEST_CANCELLED, RFC 9114 §4.1.1); no event follows for it.
  Result<void, ApiError> cancel(RequestId request);
  // Reprioritizes the response with PRIORITY_UPDATE (RFC 9218 §7.2).
  Result<void, ApiError> update_priority(RequestId request, const Priority& priority);
  // Graceful shutdown: sends GOAWAY, makes no new requests and closes the connection with
  // H3_NO_ERROR once the requests in flight are over.
  void shutdown();

  std::optional<ClientEvent> poll_event();

  // The stream a request is on now (none while it waits for one).
  std::optional<uint64_t> stream_id(RequestId request) const;
  size_t active_requests() const { return requests_.size(); }
  // GOAWAY received or sent: new requests are refused.
  bool going_away() const { return peer_goaway_id().has_value() || local_goaway_id().has_value(); }
  const ClientStats& stats() const { return stats_; }

 protected:
  Status on_request_stream_data(uint64_t stream_id, std::span<const uint8_t> data,
                                bool fin) override;
  void on_request_stream_reset(uint64_t stream_id, uint64_t error_code) override;
  void on_request_stop_sending(uint64_t stream_id, uint64_t error_code) override;
  void on_request_stream_writable(uint64_t stream_id) override;
  Status on_section_unblocked(uint64_t stream_id) override;
  Status on_goaway(uint64_t id) override;
  void on_handshake_completed() override;
  void on_more_streams() override;
  void on_closed() override;
  void after_event() override;

 private:
  friend class ClientRequest;

  // What the event queue holds: events as delivered, except content, which stays in its
  // request's buffer until polled.
  struct QueuedEvent {
    ClientEvent event;
    bool body_marker = false;
  };

  ClientRequest* find(RequestId id);
  ClientRequest* find_by_stream(uint64_t stream_id);
  // Opens streams for the requests waiting for one, oldest first, as far as allowed.
  void open_waiting_requests();
  void push(ClientEvent event);
  void push_body_marker(RequestId id);
  void release_delivered_body();

  ClientConfig client_config_;
  std::map<RequestId, std::unique_ptr<ClientRequest>> requests_;
  std::map<uint64_t, RequestId> by_stream_;
  RequestId next_request_id_ = 1;
  std::deque<QueuedEvent> events_;
  // The request whose buffered content the last Body event handed out.
  std::optional<RequestId> delivered_body_;
  ClientStats stats_;
};

}  // namespace quasar::http3
