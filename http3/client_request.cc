// ClientRequest: a request's stream, its response, and its 425 retry.
#include "http3/client_request.h"

#include <algorithm>

#include "http3/frame_type.h"
#include "http3/frames.h"
#include "http3/message_checker.h"
#include "http3/varint.h"

namespace quasar::http3 {

namespace {

constexpr uint64_t code(Http3ErrorCode c) { return wire_code(c); }

}  // namespace

ClientRequest::ClientRequest(Http3Client& client, RequestId id, RequestHead head,
                             const Priority& priority, bool end_stream)
    : client_(client),
      id_(id),
      head_(std::move(head)),
      priority_(priority),
      queued_end_(end_stream),
      request_ended_(end_stream) {}

ClientRequest::~ClientRequest() = default;

bool ClientRequest::may_send_now() const {
  if (client_.transport().handshake_complete()) return true;
  // RFC 8470 §5.2: a retry never goes in early data; §4: unsafe methods only when allowed.
  if (retried_) return false;
  return is_safe_method(head_.method) || client_.client_config_.unsafe_methods_in_early_data;
}

void ClientRequest::start(uint64_t stream_id) {
  stream_id_ = stream_id;
  sent_early_ = !client_.transport().handshake_complete();
  if (sent_early_) {
    ++client_.stats_.sent_in_early_data;
    retained_ok_ = client_.client_config_.retry_too_early && !retried_;
  }
  reader_ = std::make_unique<MessageReader>(
      stream_id, MessageReader::Kind::kResponse, client_.decoder(),
      client_.config().max_field_section_size, client_.config().max_blocked_stream_bytes, *this);
  client_.transport().set_priority(stream_id, priority_);

  const bool has_body = !queued_body_.empty();
  const bool has_trailers = queued_trailers_.has_value();
  request_field_lines(head_, lines_);
  write_section(lines_, queued_end_ && !has_body && !has_trailers);
  send_state_ = SendState::kOpen;
  if (has_body) {
    std::vector<uint8_t> body = std::move(queued_body_);
    queued_body_.clear();
    retain(body);
    write_data(body, queued_end_ && !has_trailers);
  }
  if (has_trailers) {
    if (retained_ok_) retained_trailers_ = queued_trailers_;
    trailer_field_lines(*queued_trailers_, lines_);
    write_section(lines_, true);
    queued_trailers_.reset();
  }
  if (queued_end_) send_state_ = SendState::kFinished;
  // Room for content the queue could not take.
  on_writable();
}

Result<size_t, ApiError> ClientRequest::send_body(std::span<const uint8_t> data, bool end_stream) {
  switch (send_state_) {
    case SendState::kFinished:
      return ApiError::kInvalidState;
    case SendState::kReset:
      return ApiError::kStreamReset;
    case SendState::kWaiting: {
      if (queued_end_) return ApiError::kInvalidState;
      const uint64_t room =
          client_.client_config_.max_queued_body -
          std::min<uint64_t>(client_.client_config_.max_queued_body, queued_body_.size());
      const size_t take = static_cast<size_t>(std::min<uint64_t>(room, data.size()));
      queued_body_.insert(queued_body_.end(), data.begin(), data.begin() + take);
      if (end_stream && take == data.size()) {
        queued_end_ = true;
        request_ended_ = true;
      }
      if (take == 0 && !data.empty()) writable_wanted_ = true;
      return take;
    }
    case SendState::kOpen:
      break;
  }
  if (!data.empty() && client_.write_blocked(*stream_id_)) {
    writable_wanted_ = true;
    return size_t{0};
  }
  const size_t n = std::min(data.size(), Http3Client::kMaxBodyChunk);
  const bool fin = end_stream && n == data.size();
  retain(data.first(n));
  write_data(data.first(n), fin);
  if (fin) {
    send_state_ = SendState::kFinished;
    request_ended_ = true;
  }
  return n;
}

Result<void, ApiError> ClientRequest::send_trailers(const Fields& trailers) {
  switch (send_state_) {
    case SendState::kFinished:
      return ApiError::kInvalidState;
    case SendState::kReset:
      return ApiError::kStreamReset;
    case SendState::kWaiting:
      if (queued_end_) return ApiError::kInvalidState;
      queued_trailers_ = trailers;
      queued_end_ = true;
      request_ended_ = true;
      return {};
    case SendState::kOpen:
      break;
  }
  if (retained_ok_) retained_trailers_ = trailers;
  trailer_field_lines(trailers, lines_);
  write_section(lines_, true);
  send_state_ = SendState::kFinished;
  request_ended_ = true;
  return {};
}

void ClientRequest::cancel() {
  // RFC 9114 §4.1.1: abort every direction still open, with H3_REQUEST_CANCELLED.
  if (!response_over_) abandon_stream(code(Http3ErrorCode::kRequestCancelled));
  if (stream_id_ && send_state_ == SendState::kOpen && !client_.is_closed()) {
    client_.reset_stream(*stream_id_, code(Http3ErrorCode::kRequestCancelled));
  }
  send_state_ = SendState::kReset;
  response_over_ = true;
  terminal_polled_ = true;
}

void ClientRequest::update_priority(const Priority& priority) {
  priority_ = priority;
  if (!stream_id_) {
    // Not sent yet: the Priority field carries it (RFC 9218 §5).
    std::erase_if(head_.headers, [](const Field& f) { return f.name == "priority"; });
    const std::string value = format_priority(priority);
    if (!value.empty()) head_.headers.push_back({"priority", value});
    return;
  }
  // RFC 9218 §7.2: PRIORITY_UPDATE on the control stream; omitted parameters mean defaults.
  std::vector<uint8_t> frame;
  const std::string value = format_priority(priority);
  append_priority_update_frame(frame, PriorityUpdateFrame{false, *stream_id_, value});
  client_.send_control_frame(frame);
  client_.transport().set_priority(*stream_id_, priority_);
}

// --- From the transport ---

Status ClientRequest::on_data(std::span<const uint8_t> data, bool fin) {
  if (!reader_) return {};
  return reader_->on_data(data, fin);
}

Status ClientRequest::on_unblocked() {
  if (!reader_) return {};
  return reader_->on_unblocked();
}

void ClientRequest::on_peer_reset(uint64_t error_code) {
  // A complete response stays usable whatever happens to the stream (RFC 9114 §4.1).
  if (response_over_) return;
  if (reader_) reader_->abandon();
  if (send_state_ == SendState::kOpen && !client_.is_closed()) {
    client_.reset_stream(*stream_id_, code(Http3ErrorCode::kRequestCancelled));
    send_state_ = SendState::kReset;
  }
  // RFC 9114 §4.1.1: H3_REQUEST_REJECTED means nothing was processed: safe to retry.
  const bool rejected = error_code == code(Http3ErrorCode::kRequestRejected);
  response_over_ = true;
  client_.push(client_event::Failed{id_, error_code, "stream reset by the server", rejected});
}

void ClientRequest::on_peer_stop_sending() {
  // The transport reset our sending part; the response may still come.
  if (send_state_ == SendState::kOpen) send_state_ = SendState::kReset;
}

void ClientRequest::on_writable() {
  if (!writable_wanted_ || send_state_ != SendState::kOpen) return;
  if (stream_id_ && client_.write_blocked(*stream_id_)) return;
  writable_wanted_ = false;
  client_.push(client_event::Writable{id_});
}

void ClientRequest::fail(uint64_t error_code, const std::string& reason, bool retryable) {
  if (response_over_) return;
  abandon_stream(code(Http3ErrorCode::kRequestCancelled));
  if (send_state_ == SendState::kWaiting) send_state_ = SendState::kReset;
  response_over_ = true;
  client_.push(client_event::Failed{id_, error_code, reason, retryable});
}

// --- MessageSink ---

MessageSink::HeadOutcome ClientRequest::on_head(Fields& fields) {
  auto head = response_head_from_fields(std::move(fields));
  if (!head.ok()) {
    on_message_error(head.error());
    return HeadOutcome::kStop;
  }
  if (head->status < 200) {
    client_.push(client_event::Headers{id_, std::move(*head), true});
    return HeadOutcome::kInterim;
  }
  // RFC 8470 §5.2: a request sent in early data that the server found too early is sent
  // again once the handshake is complete; the application sees only the retry's response.
  if (head->status == 425 && sent_early_ && retained_ok_) {
    retry_after_too_early();
    return HeadOutcome::kStop;
  }
  const auto length = content_length_of(head->headers);
  if (!length.ok()) {
    on_message_error(length.error());
    return HeadOutcome::kStop;
  }
  // RFC 9114 §4.1.2: responses to HEAD, and 204 and 304, have no content whatever their
  // Content-Length says.
  no_content_ = head_.method == "HEAD" || head->status == 204 || head->status == 304;
  reader_->expect_content_length(no_content_ ? std::nullopt : *length);
  if (head_.method == "CONNECT" && head->status / 100 == 2) reader_->set_tunnel();
  final_head_ = true;
  retained_ok_ = false;
  retained_body_ = {};
  client_.push(client_event::Headers{id_, std::move(*head), false});
  return HeadOutcome::kFinal;
}

void ClientRequest::on_body(std::span<const uint8_t> data) {
  if (no_content_ && !data.empty()) {
    on_message_error(
        Http3Error::of(Http3ErrorCode::kMessageError, "content in a response that has none"));
    return;
  }
  if (data.empty()) return;
  // What the last Body event handed out is no longer needed.
  if (delivered_ > 0) {
    body_.erase(body_.begin(), body_.begin() + static_cast<std::ptrdiff_t>(delivered_));
    delivered_ = 0;
    if (client_.delivered_body_ == id_) client_.delivered_body_.reset();
  }
  body_.insert(body_.end(), data.begin(), data.end());
  if (!body_marker_queued_) {
    body_marker_queued_ = true;
    client_.push_body_marker(id_);
  }
}

void ClientRequest::on_trailers(Fields& fields) {
  if (const Status checked = check_trailer_fields(fields); !checked.ok()) {
    on_message_error(checked.error());
    return;
  }
  client_.push(client_event::Trailers{id_, std::move(fields)});
}

void ClientRequest::on_end() {
  response_over_ = true;
  client_.push(client_event::Complete{id_});
}

void ClientRequest::on_section_too_large(bool trailers) {
  // RFC 9114 §4.2.2: a client may discard a response it cannot process.
  abandon_stream(code(Http3ErrorCode::kExcessiveLoad));
  response_over_ = true;
  client_.push(client_event::Failed{id_, code(Http3ErrorCode::kExcessiveLoad),
                                    trailers ? "response trailers over our field section limit"
                                             : "response head over our field section limit",
                                    false});
}

void ClientRequest::on_incomplete() {
  abandon_stream(code(Http3ErrorCode::kMessageError));
  response_over_ = true;
  client_.push(client_event::Failed{id_, code(Http3ErrorCode::kMessageError),
                                    "stream ended before a final response", false});
}

void ClientRequest::on_message_error(const Http3Error& error) {
  // RFC 9114 §4.1.2: clients must not accept a malformed response; a stream error.
  abandon_stream(error.code);
  response_over_ = true;
  client_.push(client_event::Failed{id_, error.code, error.reason, false});
}

// --- Helpers ---

void ClientRequest::write_data(std::span<const uint8_t> data, bool fin) {
  if (data.empty()) {
    if (fin) client_.write_stream(*stream_id_, {}, {}, true);
    return;
  }
  while (!data.empty()) {
    const size_t n = std::min(data.size(), Http3Client::kMaxBodyChunk);
    uint8_t header[16];
    const size_t header_size = write_data_frame_header(n, header);
    client_.write_stream(*stream_id_, std::span<const uint8_t>(header, header_size), data.first(n),
                         fin && n == data.size());
    data = data.subspan(n);
  }
}

void ClientRequest::write_section(const std::vector<qpack::FieldLine>& lines, bool fin) {
  client_.encode_section(*stream_id_, lines, encoded_);
  uint8_t header[16];
  size_t header_size = encode_varint(frame_type::kHeaders, header);
  header_size += encode_varint(encoded_.size(), header + header_size);
  client_.write_stream(*stream_id_, std::span<const uint8_t>(header, header_size), encoded_, fin);
}

void ClientRequest::retain(std::span<const uint8_t> data) {
  if (!retained_ok_ || data.empty()) return;
  if (retained_body_.size() + data.size() > client_.client_config_.max_retained_early_body) {
    retained_ok_ = false;  // too much to send again: a 425 will reach the application
    retained_body_ = {};
    return;
  }
  retained_body_.insert(retained_body_.end(), data.begin(), data.end());
}

void ClientRequest::abandon_stream(uint64_t error_code) {
  if (!stream_id_) return;
  if (reader_) reader_->abandon();
  if (client_.is_closed()) return;
  if (send_state_ == SendState::kOpen) {
    client_.reset_stream(*stream_id_, error_code);
    send_state_ = SendState::kReset;
  }
  if (!response_over_) client_.transport().stop_sending(*stream_id_, error_code);
}

void ClientRequest::retry_after_too_early() {
  ++client_.stats_.too_early_retries;
  const uint64_t old_stream = *stream_id_;
  if (send_state_ == SendState::kOpen) {
    client_.reset_stream(old_stream, code(Http3ErrorCode::kRequestCancelled));
  }
  client_.transport().stop_sending(old_stream, code(Http3ErrorCode::kRequestCancelled));
  client_.by_stream_.erase(old_stream);
  // The reader is in the middle of a call: keep it alive until the client's call returns.
  retired_reader_ = std::move(reader_);
  stream_id_.reset();
  send_state_ = SendState::kWaiting;
  queued_body_ = std::move(retained_body_);
  retained_body_ = {};
  queued_end_ = request_ended_;
  queued_trailers_ = std::move(retained_trailers_);
  retained_trailers_.reset();
  retained_ok_ = false;
  sent_early_ = false;
  retried_ = true;
  client_.open_waiting_requests();
}

}  // namespace quasar::http3
