// ClientRequest: one request made by Http3Client — queued until it has a stream, written to
// its stream, its response read through a MessageReader and turned into client events, and the
// copy of its content kept while a 425 (Too Early) retry is possible (RFC 8470 §5.2).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http3/client.h"
#include "http3/message_reader.h"

namespace quasar::http3 {

class ClientRequest final : public MessageSink {
 public:
  ClientRequest(Http3Client& client, RequestId id, RequestHead head, const Priority& priority,
                bool end_stream);
  ~ClientRequest() override;

  RequestId id() const { return id_; }
  const RequestHead& head() const { return head_; }
  std::optional<uint64_t> stream_id() const { return stream_id_; }
  bool waiting_for_stream() const { return send_state_ == SendState::kWaiting; }
  // Whether it may go out now: a retry, or an unsafe request not allowed in early data, waits
  // for the handshake (RFC 8470 §4, §5.2).
  bool may_send_now() const;
  // Its response ended (completed or failed) and the terminal event was queued.
  bool response_over() const { return response_over_; }
  // Both directions are over, whether or not the application has seen the last event.
  bool over() const {
    return response_over_ && send_state_ != SendState::kOpen && send_state_ != SendState::kWaiting;
  }
  // Frees the reader of a stream given up for a retry, once no call is using it.
  void drop_retired_reader() { retired_reader_.reset(); }
  // Nothing more will happen: the terminal event was polled and the request side is over.
  bool finished() const {
    return terminal_polled_ && (send_state_ != SendState::kOpen || stream_id_ == std::nullopt);
  }
  void on_terminal_event_polled() { terminal_polled_ = true; }

  // Opens its stream: writes the head and whatever content was queued.
  void start(uint64_t stream_id);
  Result<size_t, ApiError> send_body(std::span<const uint8_t> data, bool end_stream);
  Result<void, ApiError> send_trailers(const Fields& trailers);
  // The application cancelled: abort both directions.
  void cancel();
  void update_priority(const Priority& priority);
  // Body bytes waiting to be handed out with a Body event; `delivered` of them were.
  std::vector<uint8_t>& body_buffer() { return body_; }
  size_t& delivered() { return delivered_; }
  void clear_body_marker() { body_marker_queued_ = false; }

  // From the transport.
  Status on_data(std::span<const uint8_t> data, bool fin);
  Status on_unblocked();
  void on_peer_reset(uint64_t error_code);
  void on_peer_stop_sending();
  void on_writable();
  // GOAWAY or a closed connection: fails the request unless it is over.
  void fail(uint64_t error_code, const std::string& reason, bool retryable);

  // --- MessageSink ---
  HeadOutcome on_head(Fields& fields) override;
  void on_body(std::span<const uint8_t> data) override;
  void on_trailers(Fields& fields) override;
  void on_end() override;
  void on_section_too_large(bool trailers) override;
  void on_incomplete() override;
  void on_message_error(const Http3Error& error) override;

 private:
  enum class SendState : uint8_t {
    kWaiting,   // no stream yet; content and the end are queued
    kOpen,      // the head is sent; content may follow
    kFinished,  // the request ended (FIN written)
    kReset,     // our sending part was reset
  };

  void write_data(std::span<const uint8_t> data, bool fin);
  void write_section(const std::vector<qpack::FieldLine>& lines, bool fin);
  void retain(std::span<const uint8_t> data);
  // Gives up the stream (a stream error, or a 425 about to be retried).
  void abandon_stream(uint64_t error_code);
  void retry_after_too_early();

  Http3Client& client_;
  RequestId id_;
  RequestHead head_;
  Priority priority_;
  std::optional<uint64_t> stream_id_;
  std::unique_ptr<MessageReader> reader_;
  std::unique_ptr<MessageReader> retired_reader_;
  SendState send_state_ = SendState::kWaiting;

  // Waiting for a stream.
  std::vector<uint8_t> queued_body_;
  bool queued_end_ = false;
  std::optional<Fields> queued_trailers_;

  // RFC 8470: the request went out before the handshake completed; what it sent is kept so
  // that a 425 can be retried.
  bool sent_early_ = false;
  bool retried_ = false;
  bool retained_ok_ = false;
  std::vector<uint8_t> retained_body_;
  std::optional<Fields> retained_trailers_;
  bool request_ended_ = false;

  // The response.
  bool final_head_ = false;
  bool no_content_ = false;
  bool response_over_ = false;
  bool terminal_polled_ = false;
  std::vector<uint8_t> body_;
  size_t delivered_ = 0;
  bool body_marker_queued_ = false;
  bool writable_wanted_ = false;

  std::vector<qpack::FieldLine> lines_;
  std::vector<uint8_t> encoded_;
};

}  // namespace quasar::http3
