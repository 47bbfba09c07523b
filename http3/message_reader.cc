// MessageReader: frames to message events.
#include "http3/message_reader.h"

#include "http3/frame_type.h"

namespace quasar::http3 {

namespace {

Http3Error unexpected(uint64_t type, const char* reason) {
  return Http3Error::in_frame(Http3ErrorCode::kFrameUnexpected, type, reason);
}

// QPACK's error codes share the HTTP/3 code space (RFC 9204 §6).
Http3Error from_qpack(const qpack::QpackError& error) {
  return Http3Error{error.wire_code(), error.reason, frame_type::kHeaders, true};
}

}  // namespace

MessageReader::MessageReader(uint64_t stream_id, Kind kind, qpack::Decoder& decoder,
                             uint64_t max_field_section_size, uint64_t max_held_bytes,
                             MessageSink& sink)
    : stream_id_(stream_id),
      kind_(kind),
      decoder_(decoder),
      max_field_section_size_(max_field_section_size),
      max_held_bytes_(max_held_bytes),
      sink_(sink) {}

Status MessageReader::on_data(std::span<const uint8_t> data, bool fin) {
  if (state_ == State::kDone) return {};
  if (blocked_) {
    // RFC 9204 §2.2.1: nothing after a blocked section is processed until it is decoded.
    hold(data, fin);
    return {};
  }
  HTTP3_TRY(process(data));
  if (blocked_) {
    held_.clear();
    hold(data, fin);
    return {};
  }
  if (fin && state_ != State::kDone) {
    if (!parser_.at_frame_boundary()) {
      // RFC 9114 §7.1: a stream ending cleanly inside a frame.
      return Http3Error::in_frame(Http3ErrorCode::kFrameError, parser_.current_type(),
                                  "stream ended inside a frame");
    }
    on_stream_end();
  }
  return {};
}

Status MessageReader::on_unblocked() {
  if (!blocked_ || state_ == State::kDone) return {};
  collector_.reset(max_field_section_size_);
  const qpack::Status decoded = decoder_.decode_next_unblocked(collector_);
  if (!decoded.ok()) return from_qpack(decoded.error());
  blocked_ = false;
  deliver_section();
  // What arrived meanwhile, which may block again on a later section.
  std::vector<uint8_t> held = std::move(held_);
  held_.clear();
  const bool fin = held_fin_;
  held_fin_ = false;
  return on_data(held, fin);
}

void MessageReader::hold(std::span<const uint8_t> data, bool fin) {
  if (held_.size() + data.size() > max_held_bytes_) {
    fail(Http3Error::of(Http3ErrorCode::kExcessiveLoad,
                        "too much data behind a blocked field section"));
    return;
  }
  held_.insert(held_.end(), data.begin(), data.end());
  held_fin_ = held_fin_ || fin;
}

void MessageReader::abandon() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  held_.clear();
  blocked_ = false;
  if (!end_reached_) decoder_.cancel_stream(stream_id_);
}

Status MessageReader::process(std::span<const uint8_t>& input) {
  while (state_ != State::kDone && !blocked_) {
    const FrameParser::Event event = parser_.next(input);
    switch (event.kind) {
      case FrameParser::EventKind::kNeedMore:
        return {};
      case FrameParser::EventKind::kHeader:
        HTTP3_TRY(on_frame_header(event.type, event.length));
        break;
      case FrameParser::EventKind::kPayload:
        HTTP3_TRY(on_section(event.data));
        break;
      case FrameParser::EventKind::kChunk:
        body_bytes_ += event.data.size();
        if (expected_length_ && body_bytes_ > *expected_length_) {
          fail(Http3Error::of(Http3ErrorCode::kMessageError, "more content than content-length"));
          return {};
        }
        sink_.on_body(event.data);
        break;
    }
  }
  return {};
}

Status MessageReader::on_frame_header(uint64_t type, uint64_t length) {
  if (is_http2_only_frame_type(type)) return unexpected(type, "HTTP/2 frame type");
  switch (type) {
    case frame_type::kData:
      // RFC 9114 §4.1: DATA before HEADERS, or after the trailers, is an invalid sequence.
      if (state_ != State::kBody) return unexpected(type, "DATA outside a message's content");
      parser_.take_payload(FrameParser::PayloadMode::kPieces);
      return {};
    case frame_type::kHeaders:
      if (state_ == State::kTrailers) return unexpected(type, "HEADERS after the trailers");
      if (state_ == State::kBody && tunnel_) return unexpected(type, "HEADERS in a CONNECT tunnel");
      section_is_trailers_ = state_ == State::kBody;
      if (length > max_field_section_size_) {
        // Encoded sections are never larger than what they decode to, so this one is over the
        // limit we advertised: skip it without decoding (RFC 9114 §4.2.2).
        parser_.take_payload(FrameParser::PayloadMode::kSkip);
        const bool trailers = section_is_trailers_;
        abandon();
        sink_.on_section_too_large(trailers);
        return {};
      }
      parser_.take_payload(FrameParser::PayloadMode::kWhole);
      return {};
    case frame_type::kPushPromise:
      // RFC 9114 §7.2.5: a client never sends PUSH_PROMISE; a server may promise only push IDs
      // up to our MAX_PUSH_ID, which we never send (§4.6).
      if (kind_ == Kind::kRequest) return unexpected(type, "PUSH_PROMISE from a client");
      return Http3Error::in_frame(Http3ErrorCode::kIdError, type,
                                  "PUSH_PROMISE without MAX_PUSH_ID");
    case frame_type::kCancelPush:
    case frame_type::kSettings:
    case frame_type::kGoaway:
    case frame_type::kMaxPushId:
    case frame_type::kPriorityUpdateRequest:
    case frame_type::kPriorityUpdatePush:
      return unexpected(type, "control frame on a request stream");
    default:
      return {};  // RFC 9114 §9: unknown and reserved frames are skipped
  }
}

Status MessageReader::on_section(std::span<const uint8_t> section) {
  collector_.reset(max_field_section_size_);
  const auto result = decoder_.decode_section(stream_id_, section, collector_);
  if (!result.ok()) return from_qpack(result.error());
  if (*result == qpack::SectionState::kBlocked) {
    blocked_ = true;
    return {};
  }
  deliver_section();
  return {};
}

void MessageReader::deliver_section() {
  if (collector_.too_large()) {
    const bool trailers = section_is_trailers_;
    abandon();
    sink_.on_section_too_large(trailers);
    return;
  }
  if (section_is_trailers_) {
    state_ = State::kTrailers;
    sink_.on_trailers(collector_.fields());
    return;
  }
  switch (sink_.on_head(collector_.fields())) {
    case MessageSink::HeadOutcome::kFinal:
      if (state_ == State::kHead) state_ = State::kBody;
      break;
    case MessageSink::HeadOutcome::kInterim:
      break;
    case MessageSink::HeadOutcome::kStop:
      abandon();
      break;
  }
}

void MessageReader::on_stream_end() {
  end_reached_ = true;
  if (state_ == State::kHead) {
    state_ = State::kDone;
    sink_.on_incomplete();
    return;
  }
  if (expected_length_ && body_bytes_ != *expected_length_) {
    fail(Http3Error::of(Http3ErrorCode::kMessageError, "less content than content-length"));
    return;
  }
  state_ = State::kDone;
  sink_.on_end();
}

void MessageReader::fail(const Http3Error& error) {
  abandon();
  sink_.on_message_error(error);
}

}  // namespace quasar::http3
