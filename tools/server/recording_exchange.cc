// RecordingExchange and the handler that hands it to the wrapped handler.
#include "tools/server/recording_exchange.h"

namespace quasar::tools {

namespace {

// Owns the wrapped handler and the exchange it sees; forwards every callback.
class RecordingHandler final : public http3::RequestHandler {
 public:
  RecordingHandler(http3::ServerExchange& exchange, std::shared_ptr<ExchangeRecord> record,
                   http3::RequestHandlerFactory& inner,
                   const std::function<void(uint64_t, uint64_t)>& reset)
      : exchange_(exchange, std::move(record)), reset_(reset) {
    inner_ = inner.make_handler(exchange_);
  }

  void on_request_headers(http3::ServerExchange&) override {
    if (inner_) inner_->on_request_headers(exchange_);
  }
  void on_request_body(http3::ServerExchange&, std::span<const uint8_t> data) override {
    if (inner_) inner_->on_request_body(exchange_, data);
  }
  void on_request_trailers(http3::ServerExchange&, const http3::Fields& trailers) override {
    if (inner_) inner_->on_request_trailers(exchange_, trailers);
  }
  void on_request_end(http3::ServerExchange&) override {
    if (inner_) inner_->on_request_end(exchange_);
  }
  void on_writable(http3::ServerExchange&) override {
    if (inner_) inner_->on_writable(exchange_);
  }
  void on_reset(http3::ServerExchange&, uint64_t error_code) override {
    if (inner_) inner_->on_reset(exchange_, error_code);
    if (reset_) reset_(exchange_.stream_id(), error_code);
  }

 private:
  RecordingExchange exchange_;
  const std::function<void(uint64_t, uint64_t)>& reset_;
  std::unique_ptr<http3::RequestHandler> inner_;
};

}  // namespace

http3::Result<void, http3::ApiError> RecordingExchange::send_headers(
    const http3::ResponseHead& head, bool end_stream) {
  auto result = inner_.send_headers(head, end_stream);
  if (result.ok() && head.status >= 200) {
    record_->status = head.status;
    if (end_stream) record_->response_ended = true;
  }
  return result;
}

http3::Result<size_t, http3::ApiError> RecordingExchange::send_body(std::span<const uint8_t> data,
                                                                    bool end_stream) {
  auto result = inner_.send_body(data, end_stream);
  if (result.ok()) {
    // A HEAD response drops its content: count only what the request can carry.
    if (request().method != "HEAD") record_->bytes += *result;
    if (end_stream && *result == data.size()) record_->response_ended = true;
  }
  return result;
}

http3::Result<void, http3::ApiError> RecordingExchange::send_trailers(
    const http3::Fields& trailers) {
  auto result = inner_.send_trailers(trailers);
  if (result.ok()) record_->response_ended = true;
  return result;
}

std::unique_ptr<http3::RequestHandler> RecordingHandlerFactory::make_handler(
    http3::ServerExchange& exchange) {
  return std::make_unique<RecordingHandler>(exchange, open_(exchange), inner_, reset_);
}

}  // namespace quasar::tools
