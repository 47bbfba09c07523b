// RecordingHandlerFactory: wraps an HTTP/3 request handler factory so that what each response
// was (status, content bytes, whether it ended) is noted for the request log, without the
// handler knowing. The handler sees a RecordingExchange, which forwards every call.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http3/request_handler.h"
#include "quic/base/time.h"

namespace quasar::tools {

// One HTTP/3 exchange as the request log reports it.
struct ExchangeRecord {
  uint64_t stream_id = 0;
  Instant started;
  std::string method;
  std::string path;
  int status = 0;               // the final status sent, 0 before it
  uint64_t bytes = 0;           // response content taken by the transport
  bool response_ended = false;  // the response's last frame was written (FIN follows)
};

// Forwards to the server's exchange and keeps the record up to date.
class RecordingExchange final : public http3::ServerExchange {
 public:
  RecordingExchange(http3::ServerExchange& inner, std::shared_ptr<ExchangeRecord> record)
      : inner_(inner), record_(std::move(record)) {}

  uint64_t stream_id() const override { return inner_.stream_id(); }
  const http3::RequestHead& request() const override { return inner_.request(); }
  bool early_data() const override { return inner_.early_data(); }
  http3::Priority priority() const override { return inner_.priority(); }
  http3::Result<void, http3::ApiError> send_headers(const http3::ResponseHead& head,
                                                    bool end_stream) override;
  http3::Result<size_t, http3::ApiError> send_body(std::span<const uint8_t> data,
                                                   bool end_stream) override;
  http3::Result<void, http3::ApiError> send_trailers(const http3::Fields& trailers) override;
  void cancel(uint64_t error_code) override { inner_.cancel(error_code); }
  void stop_reading(uint64_t error_code) override { inner_.stop_reading(error_code); }
  void set_priority(const http3::Priority& priority) override { inner_.set_priority(priority); }
  bool response_finished() const override { return inner_.response_finished(); }

 private:
  http3::ServerExchange& inner_;
  std::shared_ptr<ExchangeRecord> record_;
};

class RecordingHandlerFactory final : public http3::RequestHandlerFactory {
 public:
  // `open` makes the record of a new exchange (the session keeps it until it logs it);
  // `reset` is told when an exchange ended abnormally (cancelled, malformed, closed).
  RecordingHandlerFactory(
      http3::RequestHandlerFactory& inner,
      std::function<std::shared_ptr<ExchangeRecord>(const http3::ServerExchange&)> open,
      std::function<void(uint64_t stream_id, uint64_t error_code)> reset)
      : inner_(inner), open_(std::move(open)), reset_(std::move(reset)) {}

  std::unique_ptr<http3::RequestHandler> make_handler(http3::ServerExchange& exchange) override;

 private:
  http3::RequestHandlerFactory& inner_;
  std::function<std::shared_ptr<ExchangeRecord>(const http3::ServerExchange&)> open_;
  std::function<void(uint64_t, uint64_t)> reset_;
};

}  // namespace quasar::tools
