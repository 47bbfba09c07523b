// The server API: ServerExchange (one request and the response being written to it),
// RequestHandler (what the application does with a request, called as its parts arrive) and
// RequestHandlerFactory (a handler for each request).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "http3/api_error.h"
#include "http3/fields.h"
#include "http3/http3_error.h"
#include "http3/message_head.h"
#include "http3/priority.h"
#include "http3/result.h"

namespace quasar::http3 {

// One request-response exchange on a request stream. Valid until the handler's on_reset, or
// until both the request has ended and the response is finished.
class ServerExchange {
 public:
  // Largest DATA frame send_body writes per call.
  static constexpr size_t kMaxBodyChunk = 64 * 1024;

  virtual ~ServerExchange() = default;

  virtual uint64_t stream_id() const = 0;
  virtual const RequestHead& request() const = 0;
  // The request came in early data: it was processed before the handshake completed, the
  // transport says some of it arrived in 0-RTT, or an intermediary marked it Early-Data
  // (RFC 8470 §5.1). Only the first and the last make the server answer 425.
  virtual bool early_data() const = 0;
  // The response's priority: the client's Priority field or PRIORITY_UPDATE (RFC 9218), or
  // what the handler set.
  virtual Priority priority() const = 0;

  // Sends a response head. Informational (1xx) heads may come any number of times before the
  // final one (RFC 9114 §4.1); `end_stream` ends the response with the final head.
  virtual Result<void, ApiError> send_headers(const ResponseHead& head, bool end_stream) = 0;
  // Sends content after the final head, at most kMaxBodyChunk bytes per call. Returns how many
  // bytes were taken: 0 while earlier data waits for flow control (RequestHandler::on_writable
  // follows); fewer than offered otherwise means "call again with the rest". `end_stream` ends
  // the response once all of `data` was taken. For a HEAD request the content is dropped.
  virtual Result<size_t, ApiError> send_body(std::span<const uint8_t> data, bool end_stream) = 0;
  // Sends a trailer section, which ends the response.
  virtual Result<void, ApiError> send_trailers(const Fields& trailers) = 0;
  // Abandons the exchange: resets the response and stops reading the request (RFC 9114 §4.1.1).
  virtual void cancel(uint64_t error_code = wire_code(Http3ErrorCode::kRequestCancelled)) = 0;
  // The rest of the request is not needed (e.g. the response is complete already): STOP_SENDING
  // with H3_NO_ERROR by default (RFC 9114 §4.1).
  virtual void stop_reading(uint64_t error_code = wire_code(Http3ErrorCode::kNoError)) = 0;
  // The server's view of the response's priority (RFC 9218 §8), applied by the transport.
  virtual void set_priority(const Priority& priority) = 0;
  virtual bool response_finished() const = 0;
};

// Called as a request arrives. The exchange may be used inside and outside the callbacks.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // The request's head is complete and valid.
  virtual void on_request_headers(ServerExchange& exchange) = 0;
  // The next bytes of the request's content; the span is valid during the call.
  virtual void on_request_body(ServerExchange& exchange, std::span<const uint8_t> data) {
    (void)exchange;
    (void)data;
  }
  virtual void on_request_trailers(ServerExchange& exchange, const Fields& trailers) {
    (void)exchange;
    (void)trailers;
  }
  // The request ended cleanly.
  virtual void on_request_end(ServerExchange& exchange) { (void)exchange; }
  // send_body returned 0 earlier and the stream can take more.
  virtual void on_writable(ServerExchange& exchange) { (void)exchange; }
  // The exchange ended abnormally: the client cancelled it, the request was malformed, or the
  // connection closed. No callback follows.
  virtual void on_reset(ServerExchange& exchange, uint64_t error_code) {
    (void)exchange;
    (void)error_code;
  }
};

class RequestHandlerFactory {
 public:
  virtual ~RequestHandlerFactory() = default;
  // A handler for a request whose head just arrived (exchange.request()).
  virtual std::unique_ptr<RequestHandler> make_handler(ServerExchange& exchange) = 0;
};

}  // namespace quasar::http3
