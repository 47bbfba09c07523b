// Http3Connection: critical streams, SETTINGS, QPACK streams, GOAWAY and stream output.
#include "http3/connection.h"

#include <algorithm>

#include "http3/frame_type.h"
#include "http3/priority.h"
#include "http3/stream_type.h"
#include "http3/varint.h"

namespace quasar::http3 {

namespace {

// The QPACK decoder itself never refuses a large section: we enforce our advertised
// SETTINGS_MAX_FIELD_SECTION_SIZE per message (431 or H3_EXCESSIVE_LOAD, a stream error)
// rather than as QPACK_DECOMPRESSION_FAILED, which would close the connection.
constexpr uint64_t kQpackSectionLimit = uint64_t{1} << 30;

// GOAWAY, CANCEL_PUSH and MAX_PUSH_ID hold a single varint of at most 8 bytes.
constexpr uint64_t kMaxSingleVarintPayload = 8;

Http3Error conn_error(Http3ErrorCode code, const char* reason) {
  return Http3Error::of(code, reason);
}

Http3Error frame_error(Http3ErrorCode code, uint64_t type, const char* reason) {
  return Http3Error::in_frame(code, type, reason);
}

Http3Error from_qpack(const qpack::QpackError& e) {
  return Http3Error{e.wire_code(), e.reason, 0, false};
}

qpack::EncoderConfig encoder_config(const Settings& peer, const ConnectionConfig& config) {
  qpack::EncoderConfig c;
  c.max_table_capacity = peer.qpack_max_table_capacity;
  c.max_blocked_streams = peer.qpack_blocked_streams;
  c.table_capacity = std::min(peer.qpack_max_table_capacity, config.qpack_encoder_table_capacity);
  return c;
}

// A reserved identifier 0x1f * N + 0x21 (RFC 9114 §7.2.4.1, §7.2.8), N picked by `seed`.
uint64_t grease_value(uint64_t seed) { return 0x1f * (seed % 0x10000) + 0x21; }

}  // namespace

Http3Connection::Http3Connection(Role role, Transport& transport, const ConnectionConfig& config,
                                 const std::optional<Settings>& remembered_peer_settings)
    : role_(role),
      transport_(transport),
      config_(config),
      remembered_peer_settings_(remembered_peer_settings),
      decoder_(qpack::DecoderConfig{config.qpack_max_table_capacity, config.qpack_blocked_streams,
                                    kQpackSectionLimit}) {
  local_settings_.qpack_max_table_capacity = config.qpack_max_table_capacity;
  local_settings_.qpack_blocked_streams = config.qpack_blocked_streams;
  local_settings_.max_field_section_size = config.max_field_section_size;
  // RFC 9114 §7.2.4.2: until SETTINGS arrive, the defaults apply, or for 0-RTT the settings
  // remembered from the connection the session came from.
  effective_peer_settings_ = remembered_peer_settings.value_or(Settings{});
  // The encoder leaves the dynamic table alone until the peer's SETTINGS arrive, even with
  // remembered ones. RFC 9001 §4.6.2: if the server rejects 0-RTT, what the client assumed may
  // be wrong, and the transport sends our 0-RTT bytes again as they were; sections encoded
  // against the static table stay valid whatever the server's table turns out to be.
  encoder_ = std::make_unique<qpack::Encoder>(encoder_config(Settings{}, config_));
}

Http3Connection::~Http3Connection() = default;

void Http3Connection::start() {
  CallScope scope(*this);
  if (started_ || closed_) return;
  started_ = true;
  open_local_streams();
}

void Http3Connection::open_local_streams() {
  std::vector<uint8_t> out;
  if (!control_stream_) {
    const auto id = transport_.open_stream(false);
    if (!id) return;
    control_stream_ = *id;
    append_varint(out, stream_type::kControl);
    // RFC 9114 §6.2.1: SETTINGS first, with a reserved setting (§7.2.4.1) and, after it, a
    // reserved frame (§7.2.8) so that the peer's tolerance of both is exercised.
    std::vector<ExtraSetting> extra;
    if (config_.send_grease) extra.push_back({grease_value(config_.grease_seed), 0x2a});
    append_settings_frame(out, local_settings_, extra);
    if (config_.send_grease) {
      const uint8_t padding[3] = {0, 0, 0};
      append_frame(out, grease_value(config_.grease_seed * 31 + 5), padding);
    }
    write_stream(*control_stream_, out);
    if (local_goaway_id_) {
      out.clear();
      append_goaway_frame(out, GoawayFrame{*local_goaway_id_});
      write_stream(*control_stream_, out);
    }
  }
  if (!encoder_stream_) {
    const auto id = transport_.open_stream(false);
    if (!id) return;
    encoder_stream_ = *id;
    out.clear();
    append_varint(out, stream_type::kQpackEncoder);
    write_stream(*encoder_stream_, out);
    flush_encoder_stream();
  }
  if (!decoder_stream_) {
    const auto id = transport_.open_stream(false);
    if (!id) return;
    decoder_stream_ = *id;
    out.clear();
    append_varint(out, stream_type::kQpackDecoder);
    write_stream(*decoder_stream_, out);
    flush_decoder_stream();
  }
}

// --- TransportListener ---

void Http3Connection::on_stream_data(uint64_t stream_id, std::span<const uint8_t> data, bool fin) {
  CallScope scope(*this);
  if (closed_) return;
  Status status;
  if (is_bidirectional(stream_id)) {
    if (!is_client_initiated(stream_id)) {
      // RFC 9114 §6.1: HTTP/3 does not use server-initiated bidirectional streams.
      status =
          conn_error(Http3ErrorCode::kStreamCreationError, "server-initiated bidirectional stream");
    } else {
      status = on_request_stream_data(stream_id, data, fin);
    }
  } else {
    status = on_uni_stream_data(stream_id, data, fin);
  }
  if (check(status)) flush_decoder_stream();
}

void Http3Connection::on_stream_reset(uint64_t stream_id, uint64_t error_code) {
  CallScope scope(*this);
  if (closed_) return;
  if (is_peer_critical_stream(stream_id)) {
    // RFC 9114 §6.2.1, RFC 9204 §4.2: closing a critical stream is a connection error.
    connection_error(conn_error(Http3ErrorCode::kClosedCriticalStream, "critical stream reset"));
  } else if (is_bidirectional(stream_id)) {
    on_request_stream_reset(stream_id, error_code);
    if (!closed_) flush_decoder_stream();
  } else {
    uni_streams_.erase(stream_id);  // §6.2: tolerated before and after the stream type
  }
}

void Http3Connection::on_stop_sending(uint64_t stream_id, uint64_t error_code) {
  CallScope scope(*this);
  if (closed_) return;
  pending_.erase(stream_id);  // the transport reset our sending part
  if (is_local_critical_stream(stream_id)) {
    // RFC 9114 §6.2.1: the receiver must not ask to close the control stream (nor, RFC 9204
    // §4.2, a QPACK stream).
    connection_error(
        conn_error(Http3ErrorCode::kClosedCriticalStream, "peer asked to stop a critical stream"));
  } else if (is_bidirectional(stream_id)) {
    on_request_stop_sending(stream_id, error_code);
  }
}

void Http3Connection::on_stream_writable(uint64_t stream_id) {
  CallScope scope(*this);
  if (closed_) return;
  flush_pending(stream_id);
  if (is_bidirectional(stream_id) && !write_blocked(stream_id)) {
    on_request_stream_writable(stream_id);
  }
}

void Http3Connection::on_streams_available() {
  CallScope scope(*this);
  if (closed_) return;
  if (started_) open_local_streams();
  on_more_streams();
}

void Http3Connection::on_handshake_complete() {
  CallScope scope(*this);
  if (closed_) return;
  on_handshake_completed();
}

void Http3Connection::on_transport_closed(uint64_t error_code, std::string_view reason) {
  CallScope scope(*this);
  if (closed_) return;
  closed_ = true;
  close_code_ = error_code;
  close_reason_ = reason;
  pending_.clear();
  on_closed();
}

// --- Unidirectional streams (RFC 9114 §6.2) ---

Status Http3Connection::on_uni_stream_data(uint64_t stream_id, std::span<const uint8_t> data,
                                           bool fin) {
  IncomingUniStream& stream = uni_streams_[stream_id];
  if (stream.kind == IncomingUniStream::Kind::kTypeUnknown) {
    if (!stream.type.feed(data)) {
      // §6.2: a stream may close before its type arrives.
      if (fin) uni_streams_.erase(stream_id);
      return {};
    }
    HTTP3_TRY(on_stream_type(stream_id, stream));
  }
  const bool critical = stream.kind != IncomingUniStream::Kind::kIgnored;
  switch (stream.kind) {
    case IncomingUniStream::Kind::kControl:
      HTTP3_TRY(on_control_stream_data(stream, data));
      break;
    case IncomingUniStream::Kind::kQpackEncoder:
      HTTP3_TRY(on_encoder_stream_data(data));
      break;
    case IncomingUniStream::Kind::kQpackDecoder:
      HTTP3_TRY(on_decoder_stream_data(data));
      break;
    case IncomingUniStream::Kind::kIgnored:
    case IncomingUniStream::Kind::kTypeUnknown:
      break;
  }
  if (fin) {
    if (critical) {
      return conn_error(Http3ErrorCode::kClosedCriticalStream, "critical stream closed");
    }
    uni_streams_.erase(stream_id);
  }
  return {};
}

Status Http3Connection::on_stream_type(uint64_t stream_id, IncomingUniStream& stream) {
  using Kind = IncomingUniStream::Kind;
  const uint64_t type = stream.type.value();
  const auto claim = [&](std::optional<uint64_t>& slot, Kind kind, const char* reason) -> Status {
    // RFC 9114 §6.2.1, RFC 9204 §4.2: one stream of each of these types per peer.
    if (slot) return conn_error(Http3ErrorCode::kStreamCreationError, reason);
    slot = stream_id;
    stream.kind = kind;
    return {};
  };
  switch (type) {
    case stream_type::kControl:
      return claim(peer_control_stream_, Kind::kControl, "second control stream");
    case stream_type::kQpackEncoder:
      return claim(peer_encoder_stream_, Kind::kQpackEncoder, "second QPACK encoder stream");
    case stream_type::kQpackDecoder:
      return claim(peer_decoder_stream_, Kind::kQpackDecoder, "second QPACK decoder stream");
    case stream_type::kPush:
      // RFC 9114 §6.2.2: only servers push; §4.6: a client that sent no MAX_PUSH_ID (we never
      // offer push) treats a push stream as H3_ID_ERROR.
      if (role_ == Role::kServer) {
        return conn_error(Http3ErrorCode::kStreamCreationError, "push stream from a client");
      }
      return conn_error(Http3ErrorCode::kIdError, "push stream without MAX_PUSH_ID");
    default:
      // RFC 9114 §6.2: unknown (and reserved) types are not an error; stop reading them.
      stream.kind = Kind::kIgnored;
      transport_.stop_sending(stream_id, wire_code(Http3ErrorCode::kStreamCreationError));
      return {};
  }
}

// --- Control stream (RFC 9114 §6.2.1, §7.2) ---

Status Http3Connection::on_control_stream_data(IncomingUniStream& stream,
                                               std::span<const uint8_t> data) {
  while (!closed_) {
    const FrameParser::Event event = stream.parser.next(data);
    switch (event.kind) {
      case FrameParser::EventKind::kNeedMore:
        return {};
      case FrameParser::EventKind::kHeader: {
        HTTP3_TRY(check_control_frame_header(event.type, event.length));
        const bool known = is_known_frame_type(event.type);
        stream.parser.take_payload(known ? FrameParser::PayloadMode::kWhole
                                         : FrameParser::PayloadMode::kSkip);
        break;
      }
      case FrameParser::EventKind::kPayload:
        HTTP3_TRY(on_control_frame(event.type, event.data));
        break;
      case FrameParser::EventKind::kChunk:
        break;  // never asked for
    }
  }
  return {};
}

Status Http3Connection::check_control_frame_header(uint64_t type, uint64_t length) {
  // RFC 9114 §6.2.1: the first frame must be SETTINGS, and an unknown frame does not count.
  if (!peer_settings_seen_ && type != frame_type::kSettings) {
    return frame_error(Http3ErrorCode::kMissingSettings, type,
                       "first frame on the control stream is not SETTINGS");
  }
  if (is_http2_only_frame_type(type)) {
    return frame_error(Http3ErrorCode::kFrameUnexpected, type, "HTTP/2 frame type");
  }
  switch (type) {
    case frame_type::kSettings:
      // §7.2.4: exactly once.
      if (peer_settings_seen_) {
        return frame_error(Http3ErrorCode::kFrameUnexpected, type, "second SETTINGS frame");
      }
      peer_settings_seen_ = true;
      break;
    case frame_type::kData:
    case frame_type::kHeaders:
    case frame_type::kPushPromise:
      return frame_error(Http3ErrorCode::kFrameUnexpected, type,
                         "message frame on the control stream");
    case frame_type::kMaxPushId:
      // §7.2.7: only clients send MAX_PUSH_ID.
      if (role_ == Role::kClient) {
        return frame_error(Http3ErrorCode::kFrameUnexpected, type, "MAX_PUSH_ID from a server");
      }
      [[fallthrough]];
    case frame_type::kGoaway:
    case frame_type::kCancelPush:
      if (length > kMaxSingleVarintPayload) {
        return frame_error(Http3ErrorCode::kFrameError, type,
                           "frame payload longer than its fields");
      }
      return {};
    case frame_type::kPriorityUpdateRequest:
    case frame_type::kPriorityUpdatePush:
      // RFC 9218 §7.2: sent by clients only.
      if (role_ == Role::kClient) {
        return frame_error(Http3ErrorCode::kFrameUnexpected, type, "PRIORITY_UPDATE from a server");
      }
      break;
    default:
      return {};  // unknown frames are skipped, whatever their size
  }
  if (length > config_.max_control_frame_size) {
    return frame_error(Http3ErrorCode::kExcessiveLoad, type, "control frame too large");
  }
  return {};
}

Status Http3Connection::on_control_frame(uint64_t type, std::span<const uint8_t> payload) {
  switch (type) {
    case frame_type::kSettings:
      return on_settings(payload);
    case frame_type::kGoaway: {
      HTTP3_ASSIGN_OR_RETURN(const GoawayFrame goaway, decode_goaway_frame(payload));
      // §7.2.6: from a server, a client-initiated bidirectional stream ID.
      if (role_ == Role::kClient && !is_request_stream(goaway.id)) {
        return frame_error(Http3ErrorCode::kIdError, type, "GOAWAY ID is not a request stream");
      }
      // §5.2: identifiers never grow.
      if (peer_goaway_id_ && goaway.id > *peer_goaway_id_) {
        return frame_error(Http3ErrorCode::kIdError, type, "GOAWAY ID larger than before");
      }
      peer_goaway_id_ = goaway.id;
      return on_goaway(goaway.id);
    }
    case frame_type::kMaxPushId: {
      HTTP3_ASSIGN_OR_RETURN(const MaxPushIdFrame frame, decode_max_push_id_frame(payload));
      // §7.2.7: it cannot lower the maximum.
      if (peer_max_push_id_ && frame.push_id < *peer_max_push_id_) {
        return frame_error(Http3ErrorCode::kIdError, type, "MAX_PUSH_ID reduced");
      }
      peer_max_push_id_ = frame.push_id;  // we never push, so it only has to be valid
      return {};
    }
    case frame_type::kCancelPush: {
      HTTP3_ASSIGN_OR_RETURN(const CancelPushFrame frame, decode_cancel_push_frame(payload));
      (void)frame;
      // §7.2.3: a client sent no MAX_PUSH_ID, so every push ID is above the maximum; a server
      // promised nothing, so every push ID is unknown.
      return frame_error(Http3ErrorCode::kIdError, type,
                         role_ == Role::kClient ? "CANCEL_PUSH without MAX_PUSH_ID"
                                                : "CANCEL_PUSH for a push never promised");
    }
    case frame_type::kPriorityUpdateRequest:
    case frame_type::kPriorityUpdatePush: {
      HTTP3_ASSIGN_OR_RETURN(const PriorityUpdateFrame frame,
                             decode_priority_update_frame(type, payload));
      // RFC 9218 §7.2: a push ID must have been promised (we promise none); a stream ID must
      // be a request stream.
      if (frame.for_push) {
        return frame_error(Http3ErrorCode::kIdError, type,
                           "PRIORITY_UPDATE for a push never promised");
      }
      if (!is_request_stream(frame.element_id)) {
        return frame_error(Http3ErrorCode::kIdError, type,
                           "PRIORITY_UPDATE for a stream that is not a request stream");
      }
      // RFC 9218 §7: a Priority Field Value that does not parse may close the connection.
      if (!parse_priority(frame.field_value)) {
        return frame_error(Http3ErrorCode::kGeneralProtocolError, type,
                           "PRIORITY_UPDATE with an invalid Priority Field Value");
      }
      return on_priority_update(frame.element_id, frame.field_value);
    }
    default:
      return {};
  }
}

Status Http3Connection::on_settings(std::span<const uint8_t> payload) {
  HTTP3_ASSIGN_OR_RETURN(const Settings settings, decode_settings_payload(payload));
  // RFC 9114 §7.2.4.2: a server that accepted 0-RTT must not lower what the client relied on.
  if (role_ == Role::kClient && remembered_peer_settings_ && transport_.early_data_accepted() &&
      !settings_compatible_with_remembered(settings, *remembered_peer_settings_)) {
    return frame_error(Http3ErrorCode::kSettingsError, frame_type::kSettings,
                       "SETTINGS incompatible with those 0-RTT relied on");
  }
  peer_settings_ = settings;
  effective_peer_settings_ = settings;
  // The encoder has not touched its table (see the constructor): it starts again with the
  // table the peer allows. Sections encoded so far reference no entry, so nothing is lost.
  encoder_ = std::make_unique<qpack::Encoder>(encoder_config(settings, config_));
  on_peer_settings();
  return {};
}

// --- QPACK streams (RFC 9204 §4.2) ---

Status Http3Connection::on_encoder_stream_data(std::span<const uint8_t> data) {
  if (data.empty()) return {};
  const qpack::Status status = decoder_.on_encoder_stream_data(data);
  if (!status.ok()) return from_qpack(status.error());
  // Sections waiting for these insertions can now be decoded.
  while (const auto stream_id = decoder_.next_unblocked_stream()) {
    HTTP3_TRY(on_section_unblocked(*stream_id));
    if (closed_) return {};
    // A stream the role no longer reads: drop its section so the loop ends.
    if (decoder_.next_unblocked_stream() == stream_id) decoder_.cancel_stream(*stream_id);
  }
  return {};
}

Status Http3Connection::on_decoder_stream_data(std::span<const uint8_t> data) {
  if (data.empty()) return {};
  const qpack::Status status = encoder_->on_decoder_stream_data(data);
  if (!status.ok()) return from_qpack(status.error());
  return {};
}

void Http3Connection::flush_encoder_stream() {
  if (!encoder_stream_ || closed_) return;
  scratch_.clear();
  encoder_->flush_encoder_stream(scratch_);
  if (!scratch_.empty()) write_stream(*encoder_stream_, scratch_);
}

void Http3Connection::flush_decoder_stream() {
  if (!decoder_stream_ || closed_) return;
  scratch_.clear();
  decoder_.flush_decoder_stream(scratch_);
  if (!scratch_.empty()) write_stream(*decoder_stream_, scratch_);
}

// --- Helpers for the role layers ---

void Http3Connection::encode_section(uint64_t stream_id, std::span<const qpack::FieldLine> lines,
                                     std::vector<uint8_t>& out) {
  out.clear();
  encoder_->encode_section(stream_id, lines, out);
  flush_encoder_stream();
}

void Http3Connection::write_stream(uint64_t stream_id, std::span<const uint8_t> first,
                                   std::span<const uint8_t> second, bool fin) {
  if (closed_) return;
  auto it = pending_.find(stream_id);
  if (it == pending_.end()) {
    const size_t n = transport_.write(stream_id, first);
    if (n == first.size()) {
      const size_t m = transport_.write(stream_id, second);
      if (m == second.size()) {
        if (fin) transport_.finish(stream_id);
        return;
      }
      it = pending_.try_emplace(stream_id).first;
      it->second.bytes.assign(second.begin() + m, second.end());
      it->second.fin = fin;
      return;
    }
    it = pending_.try_emplace(stream_id).first;
    it->second.bytes.assign(first.begin() + n, first.end());
  } else {
    it->second.bytes.insert(it->second.bytes.end(), first.begin(), first.end());
  }
  it->second.bytes.insert(it->second.bytes.end(), second.begin(), second.end());
  it->second.fin = it->second.fin || fin;
}

bool Http3Connection::write_blocked(uint64_t stream_id) const {
  return pending_.find(stream_id) != pending_.end();
}

void Http3Connection::flush_pending(uint64_t stream_id) {
  const auto it = pending_.find(stream_id);
  if (it == pending_.end()) return;
  PendingOutput& p = it->second;
  const size_t n = transport_.write(stream_id, p.bytes);
  p.bytes.erase(p.bytes.begin(), p.bytes.begin() + static_cast<std::ptrdiff_t>(n));
  if (!p.bytes.empty()) return;
  if (p.fin) transport_.finish(stream_id);
  pending_.erase(it);
}

void Http3Connection::reset_stream(uint64_t stream_id, uint64_t error_code) {
  pending_.erase(stream_id);
  if (!closed_) transport_.reset_stream(stream_id, error_code);
}

void Http3Connection::send_control_frame(std::span<const uint8_t> frame) {
  if (control_stream_) write_stream(*control_stream_, frame);
}

void Http3Connection::send_goaway(uint64_t id) {
  // RFC 9114 §5.2: never larger than an identifier sent before.
  if (local_goaway_id_ && id > *local_goaway_id_) id = *local_goaway_id_;
  local_goaway_id_ = id;
  if (!control_stream_) return;  // sent right after SETTINGS once the stream opens
  std::vector<uint8_t> frame;
  append_goaway_frame(frame, GoawayFrame{id});
  send_control_frame(frame);
}

void Http3Connection::connection_error(const Http3Error& e) {
  if (closed_) return;
  closed_ = true;
  error_ = e;
  close_code_ = e.code;
  close_reason_ = e.reason;
  pending_.clear();
  transport_.close(e.code, e.reason);
  on_closed();
}

void Http3Connection::close_gracefully(const char* reason) {
  if (closed_) return;
  closed_ = true;
  close_code_ = wire_code(Http3ErrorCode::kNoError);
  close_reason_ = reason;
  pending_.clear();
  transport_.close(close_code_, reason);
  on_closed();
}

bool Http3Connection::check(const Status& status) {
  if (!status.ok()) connection_error(status.error());
  return !closed_;
}

Status Http3Connection::on_priority_update(uint64_t, std::string_view) { return {}; }

bool Http3Connection::is_local_critical_stream(uint64_t stream_id) const {
  return stream_id == control_stream_ || stream_id == encoder_stream_ ||
         stream_id == decoder_stream_;
}

bool Http3Connection::is_peer_critical_stream(uint64_t stream_id) const {
  return stream_id == peer_control_stream_ || stream_id == peer_encoder_stream_ ||
         stream_id == peer_decoder_stream_;
}

}  // namespace quasar::http3
