// ServerStream: a request read, checked and handed to its handler; the response written.
#include "http3/server_stream.h"

#include <algorithm>

#include "http3/early_data_policy.h"
#include "http3/frame_type.h"
#include "http3/frames.h"
#include "http3/message_checker.h"
#include "http3/server.h"
#include "http3/varint.h"

namespace quasar::http3 {

namespace {

constexpr uint64_t code(Http3ErrorCode c) { return wire_code(c); }

}  // namespace

ServerStream::ServerStream(Http3Server& server, uint64_t stream_id)
    : server_(server),
      stream_id_(stream_id),
      reader_(stream_id, MessageReader::Kind::kRequest, server.decoder(),
              server.config().max_field_section_size, server.config().max_blocked_stream_bytes,
              *this) {}

ServerStream::~ServerStream() = default;

// --- MessageSink ---

MessageSink::HeadOutcome ServerStream::on_head(Fields& fields) {
  auto head = request_head_from_fields(std::move(fields));
  std::optional<uint64_t> content_length;
  if (head.ok()) {
    const auto length = content_length_of(head->headers);
    if (length.ok()) {
      content_length = *length;
    } else {
      head = length.error();
    }
  }
  if (!head.ok()) {
    // RFC 9114 §4.1.2: a malformed request is a stream error of type H3_MESSAGE_ERROR; the
    // server may answer it first.
    ++server_.stats_.malformed;
    respond_and_stop(400, code(Http3ErrorCode::kMessageError));
    return HeadOutcome::kStop;
  }
  request_ = std::move(*head);
  reader_.expect_content_length(content_length);
  if (request_.method == "CONNECT") reader_.set_tunnel();

  // RFC 9218 §5, §7: the Priority field, overridden by a PRIORITY_UPDATE that came first.
  if (const std::string* value = find_field(request_.headers, "priority")) {
    if (const auto parsed = parse_priority(*value)) priority_ = *parsed;
  }
  auto& updates = server_.early_priority_updates_;
  if (const auto it = updates.find(stream_id_); it != updates.end()) {
    if (const auto parsed = parse_priority(it->second)) priority_ = *parsed;
    updates.erase(it);
  }
  apply_priority();

  // RFC 8470: before the handshake completes the request may be a replay of 0-RTT data.
  const bool handshake_complete = server_.transport().handshake_complete();
  early_data_ = !handshake_complete || server_.transport().stream_has_early_data(stream_id_) ||
                has_early_data_header(request_);
  if (!may_process_request(server_.server_config_.early_data, request_, handshake_complete)) {
    ++server_.stats_.too_early;
    respond_and_stop(425, code(Http3ErrorCode::kNoError));
    return HeadOutcome::kStop;
  }

  handler_ = server_.handlers_.make_handler(*this);
  if (!handler_) {
    respond_and_stop(404, code(Http3ErrorCode::kNoError));
    return HeadOutcome::kStop;
  }
  ++server_.stats_.requests;
  handler_->on_request_headers(*this);
  return HeadOutcome::kFinal;
}

void ServerStream::on_body(std::span<const uint8_t> data) {
  if (handler_ && !notified_reset_) handler_->on_request_body(*this, data);
}

void ServerStream::on_trailers(Fields& fields) {
  if (!check_trailer_fields(fields).ok()) {
    ++server_.stats_.malformed;
    abort(code(Http3ErrorCode::kMessageError));
    return;
  }
  if (handler_ && !notified_reset_) handler_->on_request_trailers(*this, fields);
}

void ServerStream::on_end() {
  reading_done_ = true;
  if (handler_ && !notified_reset_) handler_->on_request_end(*this);
}

void ServerStream::on_section_too_large(bool trailers) {
  if (!trailers && !handler_ && response_state_ == ResponseState::kNone) {
    // RFC 9114 §4.2.2: 431 (Request Header Fields Too Large).
    ++server_.stats_.too_large;
    respond_and_stop(431, code(Http3ErrorCode::kNoError));
    return;
  }
  abort(code(Http3ErrorCode::kExcessiveLoad));
}

void ServerStream::on_incomplete() {
  // RFC 9114 §4.1: the stream ended without a complete request.
  ++server_.stats_.incomplete;
  reading_done_ = true;
  if (!response_done_) {
    server_.reset_stream(stream_id_, code(Http3ErrorCode::kRequestIncomplete));
    response_done_ = true;
  }
  notify_reset(code(Http3ErrorCode::kRequestIncomplete));
}

void ServerStream::on_message_error(const Http3Error& error) {
  if (error.is(Http3ErrorCode::kExcessiveLoad)) {
    // Not malformed, but more than we keep: a stream error (RFC 9114 §10.5).
    abort(error.code);
    return;
  }
  ++server_.stats_.malformed;
  if (!handler_ && response_state_ == ResponseState::kNone) {
    respond_and_stop(400, error.code);
  } else {
    abort(error.code);
  }
}

// --- From the transport ---

void ServerStream::on_peer_reset(uint64_t error_code) {
  ++server_.stats_.cancelled_by_peer;
  reading_done_ = true;
  reader_.abandon();
  if (!response_done_) {
    // RFC 9114 §4.1.1: rejected if nothing was processed, cancelled otherwise.
    server_.reset_stream(stream_id_, handler_ ? code(Http3ErrorCode::kRequestCancelled)
                                              : code(Http3ErrorCode::kRequestRejected));
    response_done_ = true;
  }
  notify_reset(error_code);
}

void ServerStream::on_peer_stop_sending(uint64_t error_code) {
  ++server_.stats_.cancelled_by_peer;
  response_done_ = true;  // the transport reset our sending part
  stop_reading_with(code(Http3ErrorCode::kRequestCancelled));
  notify_reset(error_code);
}

void ServerStream::on_writable() {
  if (handler_ && !notified_reset_ && response_state_ == ResponseState::kBody && !response_done_) {
    handler_->on_writable(*this);
  }
}

void ServerStream::on_connection_closed(uint64_t error_code) {
  reading_done_ = true;
  response_done_ = true;
  notify_reset(error_code);
}

void ServerStream::on_priority_update(std::string_view field_value) {
  // RFC 9218 §7: omitted parameters take their defaults.
  if (const auto parsed = parse_priority(field_value)) {
    priority_ = *parsed;
    apply_priority();
  }
}

// --- ServerExchange ---

Result<void, ApiError> ServerStream::send_headers(const ResponseHead& head, bool end_stream) {
  if (server_.is_closed()) return ApiError::kConnectionClosed;
  if (response_done_) return notified_reset_ ? ApiError::kStreamReset : ApiError::kInvalidState;
  if (response_state_ == ResponseState::kBody) return ApiError::kInvalidState;
  // RFC 9114 §4.5: no 101 in HTTP/3.
  if (head.status < 100 || head.status > 599 || head.status == 101) {
    return ApiError::kInvalidMessage;
  }
  const bool interim = head.status < 200;
  if (interim && end_stream) return ApiError::kInvalidState;  // §4.1: a final response follows
  ResponseHead normalized{head.status, head.headers};
  if (!normalize_outgoing_fields(normalized.headers, false)) return ApiError::kInvalidMessage;
  response_field_lines(normalized, status_text_, lines_);
  if (auto written = write_section(lines_, end_stream); !written.ok()) return written;
  response_state_ = interim ? ResponseState::kInterim : ResponseState::kBody;
  if (end_stream) response_done_ = true;
  return {};
}

Result<size_t, ApiError> ServerStream::send_body(std::span<const uint8_t> data, bool end_stream) {
  if (server_.is_closed()) return ApiError::kConnectionClosed;
  if (response_done_) return notified_reset_ ? ApiError::kStreamReset : ApiError::kInvalidState;
  if (response_state_ != ResponseState::kBody) return ApiError::kInvalidState;
  // RFC 9110 §9.3.2: a response to HEAD carries no content. The handler may write the content
  // it would send for GET: it is dropped, so one handler serves both.
  if (request_.method == "HEAD" && !data.empty()) {
    if (end_stream) (void)send_body({}, true);
    return data.size();
  }
  if (server_.write_blocked(stream_id_) && !data.empty()) return size_t{0};
  const size_t n = std::min(data.size(), kMaxBodyChunk);
  const bool fin = end_stream && n == data.size();
  if (n > 0) {
    uint8_t header[16];
    const size_t header_size = write_data_frame_header(n, header);
    server_.write_stream(stream_id_, std::span<const uint8_t>(header, header_size), data.first(n),
                         fin);
  } else if (fin) {
    server_.write_stream(stream_id_, {}, {}, true);
  }
  if (fin) response_done_ = true;
  return n;
}

Result<void, ApiError> ServerStream::send_trailers(const Fields& trailers) {
  if (server_.is_closed()) return ApiError::kConnectionClosed;
  if (response_done_) return notified_reset_ ? ApiError::kStreamReset : ApiError::kInvalidState;
  if (response_state_ != ResponseState::kBody) return ApiError::kInvalidState;
  Fields normalized = trailers;
  if (!normalize_outgoing_fields(normalized, false)) return ApiError::kInvalidMessage;
  trailer_field_lines(normalized, lines_);
  if (auto written = write_section(lines_, true); !written.ok()) return written;
  response_done_ = true;
  return {};
}

void ServerStream::cancel(uint64_t error_code) {
  notified_reset_ = true;  // the handler asked: no callback follows
  stop_reading_with(error_code);
  if (!response_done_) {
    server_.reset_stream(stream_id_, error_code);
    response_done_ = true;
  }
}

void ServerStream::stop_reading(uint64_t error_code) { stop_reading_with(error_code); }

void ServerStream::set_priority(const Priority& priority) {
  priority_ = priority;
  apply_priority();
}

// --- Helpers ---

void ServerStream::respond_and_stop(uint16_t status, uint64_t stop_code) {
  ResponseHead head;
  head.status = status;
  head.headers.push_back({"content-length", "0"});
  (void)send_headers(head, true);
  stop_reading_with(stop_code);
}

void ServerStream::abort(uint64_t error_code) {
  stop_reading_with(error_code);
  if (!response_done_) {
    server_.reset_stream(stream_id_, error_code);
    response_done_ = true;
  }
  notify_reset(error_code);
}

void ServerStream::stop_reading_with(uint64_t error_code) {
  if (reading_done_) return;
  reading_done_ = true;
  reader_.abandon();
  if (!server_.is_closed()) server_.transport().stop_sending(stream_id_, error_code);
}

Result<void, ApiError> ServerStream::write_section(const std::vector<qpack::FieldLine>& lines,
                                                   bool fin) {
  // RFC 9114 §4.2.2: the peer's limit on field section size.
  const auto& limit = server_.effective_peer_settings().max_field_section_size;
  if (limit && field_section_size(lines) > *limit) return ApiError::kFieldSectionTooLarge;
  server_.encode_section(stream_id_, lines, encoded_);
  uint8_t header[16];
  size_t header_size = encode_varint(frame_type::kHeaders, header);
  header_size += encode_varint(encoded_.size(), header + header_size);
  server_.write_stream(stream_id_, std::span<const uint8_t>(header, header_size), encoded_, fin);
  return {};
}

void ServerStream::notify_reset(uint64_t error_code) {
  if (!handler_ || notified_reset_) return;
  notified_reset_ = true;
  handler_->on_reset(*this, error_code);
}

void ServerStream::apply_priority() {
  if (!server_.is_closed()) server_.transport().set_priority(stream_id_, priority_);
}

}  // namespace quasar::http3
