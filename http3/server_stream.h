// ServerStream: one request stream on the server — reading the request through a
// MessageReader, the checks made before a handler sees it, and the ServerExchange through which
// the handler writes its response.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http3/message_reader.h"
#include "http3/request_handler.h"

namespace quasar::http3 {

class Http3Server;

class ServerStream final : public ServerExchange, public MessageSink {
 public:
  ServerStream(Http3Server& server, uint64_t stream_id);
  ~ServerStream() override;

  MessageReader& reader() { return reader_; }
  // Both directions are over: the server forgets the stream.
  bool done() const { return reading_done_ && response_done_; }

  // From the transport.
  void on_peer_reset(uint64_t error_code);
  void on_peer_stop_sending(uint64_t error_code);
  void on_writable();
  void on_connection_closed(uint64_t error_code);
  // A PRIORITY_UPDATE arrived (RFC 9218 §7.2): it replaces the client's earlier signals.
  void on_priority_update(std::string_view field_value);

  // --- ServerExchange ---
  uint64_t stream_id() const override { return stream_id_; }
  const RequestHead& request() const override { return request_; }
  bool early_data() const override { return early_data_; }
  Priority priority() const override { return priority_; }
  Result<void, ApiError> send_headers(const ResponseHead& head, bool end_stream) override;
  Result<size_t, ApiError> send_body(std::span<const uint8_t> data, bool end_stream) override;
  Result<void, ApiError> send_trailers(const Fields& trailers) override;
  void cancel(uint64_t error_code) override;
  void stop_reading(uint64_t error_code) override;
  void set_priority(const Priority& priority) override;
  bool response_finished() const override { return response_done_; }

  // --- MessageSink ---
  HeadOutcome on_head(Fields& fields) override;
  void on_body(std::span<const uint8_t> data) override;
  void on_trailers(Fields& fields) override;
  void on_end() override;
  void on_section_too_large(bool trailers) override;
  void on_incomplete() override;
  void on_message_error(const Http3Error& error) override;

 private:
  enum class ResponseState : uint8_t { kNone, kInterim, kBody };

  // Answers without a handler (400, 425, 431) and stops reading with `stop_code`.
  void respond_and_stop(uint16_t status, uint64_t stop_code);
  // A stream error: resets the response and stops reading, both with `code`, and tells the
  // handler.
  void abort(uint64_t code);
  void stop_reading_with(uint64_t code);
  Result<void, ApiError> write_section(const std::vector<qpack::FieldLine>& lines, bool fin);
  void notify_reset(uint64_t code);
  void apply_priority();

  Http3Server& server_;
  uint64_t stream_id_;
  MessageReader reader_;
  RequestHead request_;
  std::unique_ptr<RequestHandler> handler_;
  bool early_data_ = false;
  Priority priority_;
  bool reading_done_ = false;
  bool response_done_ = false;
  bool notified_reset_ = false;
  ResponseState response_state_ = ResponseState::kNone;
  // Reused when writing.
  std::vector<qpack::FieldLine> lines_;
  std::vector<uint8_t> encoded_;
  std::string status_text_;
};

}  // namespace quasar::http3
