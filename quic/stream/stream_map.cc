// StreamMap: frame handling, stream lifetime, scheduling and control-frame bookkeeping.
#include "quic/stream/stream_map.h"

#include <algorithm>
#include <cassert>
#include <memory>
#include <utility>

#include "quic/stream/stream_frame_rules.h"
#include "quic/stream/stream_frame_types.h"
#include "quic/stream/stream_id.h"

namespace quasar {
namespace {

constexpr StreamDirection kDirections[] = {StreamDirection::kBidirectional,
                                           StreamDirection::kUnidirectional};

StreamDirection direction_of(StreamControlFrameType type) {
  switch (type) {
    case StreamControlFrameType::kMaxStreamsUni:
    case StreamControlFrameType::kStreamsBlockedUni:
      return StreamDirection::kUnidirectional;
    default:
      return StreamDirection::kBidirectional;
  }
}

}  // namespace

StreamMap::StreamMap(const StreamMapConfig& config)
    : config_(config),
      pool_(config.chunk_size, config.max_idle_chunks),
      outgoing_{OutgoingStreamLimit(0), OutgoingStreamLimit(0)},
      incoming_{IncomingStreamLimit(config.initial_max_streams_bidi),
                IncomingStreamLimit(config.initial_max_streams_uni)},
      connection_send_(0),
      connection_receive_(config.initial_max_data, config.max_connection_receive_window),
      scheduler_(config.scheduler_quantum) {}

StreamMap::~StreamMap() = default;

void StreamMap::apply_peer_limits(const PeerStreamLimits& limits) {
  peer_limits_.initial_max_data = std::max(peer_limits_.initial_max_data, limits.initial_max_data);
  peer_limits_.initial_max_stream_data_bidi_local = std::max(
      peer_limits_.initial_max_stream_data_bidi_local, limits.initial_max_stream_data_bidi_local);
  peer_limits_.initial_max_stream_data_bidi_remote = std::max(
      peer_limits_.initial_max_stream_data_bidi_remote, limits.initial_max_stream_data_bidi_remote);
  peer_limits_.initial_max_stream_data_uni =
      std::max(peer_limits_.initial_max_stream_data_uni, limits.initial_max_stream_data_uni);
  peer_limits_.initial_max_streams_bidi =
      std::max(peer_limits_.initial_max_streams_bidi, limits.initial_max_streams_bidi);
  peer_limits_.initial_max_streams_uni =
      std::max(peer_limits_.initial_max_streams_uni, limits.initial_max_streams_uni);

  on_max_data(peer_limits_.initial_max_data);
  on_max_streams(StreamDirection::kBidirectional, peer_limits_.initial_max_streams_bidi);
  on_max_streams(StreamDirection::kUnidirectional, peer_limits_.initial_max_streams_uni);
  // Streams opened early (0-RTT) get the credit the parameters now give them.
  streams_.for_each([this](Stream& stream) {
    SendStream* send = stream.send();
    if (send == nullptr) return;
    send->on_max_stream_data(limits_for(stream.id()).send_initial_max_data);
    update_scheduling(stream);
    raise_writable_if_unblocked(stream);
  });
}

// --- Stream creation and lookup ---

Stream::Limits StreamMap::limits_for(uint64_t stream_id) const {
  Stream::Limits limits;
  limits.send_buffer_limit = config_.send_buffer_limit;
  limits.receive_max_window = config_.max_stream_receive_window;
  const bool local = is_locally_initiated(stream_id, config_.role);
  // RFC 9000 §18.2: "local" and "remote" are from the point of view of whoever sent the
  // parameter.
  if (is_bidirectional(stream_id)) {
    limits.send_initial_max_data = local ? peer_limits_.initial_max_stream_data_bidi_remote
                                         : peer_limits_.initial_max_stream_data_bidi_local;
    limits.receive_window = local ? config_.initial_max_stream_data_bidi_local
                                  : config_.initial_max_stream_data_bidi_remote;
  } else if (local) {
    limits.send_initial_max_data = peer_limits_.initial_max_stream_data_uni;
  } else {
    limits.receive_window = config_.initial_max_stream_data_uni;
  }
  return limits;
}

Stream& StreamMap::create_stream(uint64_t stream_id) {
  Stream& stream = streams_.insert(
      stream_id, std::make_unique<Stream>(stream_id, config_.role, pool_, limits_for(stream_id)));
  ++counts_[stream_id & 0x03];
  return stream;
}

Result<Stream*> StreamMap::stream_for_frame(uint64_t stream_id, uint64_t frame_type) {
  QUASAR_TRY(check_stream_frame_direction(stream_id, frame_type, config_.role));
  if (Stream* stream = streams_.find(stream_id)) return stream;
  const StreamDirection direction = stream_direction(stream_id);
  const uint64_t stream_number = stream_index(stream_id);
  if (is_locally_initiated(stream_id, config_.role)) {
    // Ours and gone: closed and forgotten, so the frame is late and harmless.
    if (stream_number < outgoing_[index(direction)].opened()) return nullptr;
    // RFC 9000 §19.5, §19.8, §19.10: the peer names a stream of ours we never opened.
    return QuicError::transport(TransportError::kStreamStateError, frame_type,
                                "frame for a locally initiated stream not yet created");
  }
  IncomingStreamLimit& limit = incoming_[index(direction)];
  // RFC 9000 §3.2: already closed and forgotten; its frames are ignored.
  if (stream_number < limit.opened()) return nullptr;
  QUASAR_TRY(limit.check_index(stream_number, frame_type));
  // RFC 9000 §2.1, §3.2: opening a stream opens every lower-numbered one of its type.
  const Role peer = peer_of(config_.role);
  for (uint64_t n = limit.opened(); n <= stream_number; ++n) {
    Stream& opened = create_stream(nth_stream_id(peer, direction, n));
    raise(opened, StreamEventType::kOpened);
  }
  limit.on_opened_through(stream_number);
  return streams_.find(stream_id);
}

size_t StreamMap::stream_count(Role initiator, StreamDirection direction) const {
  return counts_[stream_type_bits(initiator, direction)];
}

// --- Frames received ---

Status StreamMap::on_stream_frame(uint64_t stream_id, uint64_t frame_type, uint64_t offset,
                                  std::span<const uint8_t> data, bool fin) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream, stream_for_frame(stream_id, frame_type));
  if (stream == nullptr) return ok_status();
  ReceiveStream& receive = *stream->receive();
  const uint64_t readable_before = receive.buffer().readable_bytes();
  const ReceiveState state_before = receive.state();
  QUASAR_TRY(receive.on_stream_frame(offset, data, fin, frame_type, connection_receive_));
  const bool more_to_read =
      receive.buffer().readable_bytes() > readable_before || receive.state() != state_before;
  if (more_to_read && receive.is_readable()) raise(*stream, StreamEventType::kReadable);
  release_if_done(*stream);
  return ok_status();
}

Status StreamMap::on_reset_stream(uint64_t stream_id, uint64_t error_code, uint64_t final_size) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream,
                          stream_for_frame(stream_id, stream_frame_type::kResetStream));
  if (stream == nullptr) return ok_status();
  ReceiveStream& receive = *stream->receive();
  const ReceiveState state_before = receive.state();
  QUASAR_TRY(receive.on_reset_stream(error_code, final_size, connection_receive_));
  if (state_before != ReceiveState::kResetRecvd && receive.state() == ReceiveState::kResetRecvd) {
    StreamEventQueue::clear(stream->pending_events, StreamEventType::kReadable);
    raise(*stream, StreamEventType::kResetReceived);
  }
  return ok_status();
}

Status StreamMap::on_stop_sending(uint64_t stream_id, uint64_t error_code) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream,
                          stream_for_frame(stream_id, stream_frame_type::kStopSending));
  if (stream == nullptr) return ok_status();
  // RFC 9000 §3.5: answer with RESET_STREAM carrying the peer's error code.
  if (stream->send()->on_stop_sending(error_code)) {
    scheduler_.unschedule(stream->scheduler_entry());
    raise(*stream, StreamEventType::kStopSendingReceived);
    queue_control(*stream);
  }
  return ok_status();
}

Status StreamMap::on_max_stream_data(uint64_t stream_id, uint64_t max_stream_data) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream,
                          stream_for_frame(stream_id, stream_frame_type::kMaxStreamData));
  if (stream == nullptr) return ok_status();
  stream->send()->on_max_stream_data(max_stream_data);
  update_scheduling(*stream);
  raise_writable_if_unblocked(*stream);
  return ok_status();
}

Status StreamMap::on_stream_data_blocked(uint64_t stream_id, uint64_t /*limit*/) {
  // RFC 9000 §19.13: informational, but it can open the stream (§3.2). Credit is not held
  // back waiting for it (§4.2), so there is nothing more to do.
  QUASAR_ASSIGN_OR_RETURN(Stream * stream,
                          stream_for_frame(stream_id, stream_frame_type::kStreamDataBlocked));
  if (stream != nullptr) queue_control(*stream);
  return ok_status();
}

void StreamMap::on_max_data(uint64_t max_data) {
  if (connection_send_.update_limit(max_data) == SendFlowControl::LimitUpdate::kIgnored) return;
  // Streams that had data waiting only for connection credit can send again.
  std::vector<uint64_t> blocked;
  blocked.swap(connection_blocked_);
  for (uint64_t id : blocked) {
    if (Stream* stream = streams_.find(id)) {
      stream->in_connection_blocked_list = false;
      update_scheduling(*stream);
    }
  }
  blocked.clear();
  if (connection_blocked_.empty()) connection_blocked_.swap(blocked);  // keep the capacity
}

void StreamMap::on_max_streams(StreamDirection direction, uint64_t max_streams) {
  if (outgoing_[index(direction)].update_max_streams(max_streams)) {
    streams_available_event_[index(direction)] = true;
  }
}

// --- Packet builder: STREAM frames ---

Stream* StreamMap::next_stream_to_send() {
  while (SchedulerEntry* entry = scheduler_.peek()) {
    Stream* stream = streams_.find(entry->stream_id());
    assert(stream != nullptr);
    if (stream->send()->has_data_to_send(connection_send_.available())) return stream;
    // Connection credit ran out since it was scheduled: set it aside until MAX_DATA.
    update_scheduling(*stream);
  }
  return nullptr;
}

std::optional<StreamChunk> StreamMap::next_stream_chunk(const Stream& stream,
                                                        uint64_t max_bytes) const {
  const SendStream* send = stream.send();
  if (send == nullptr) return std::nullopt;
  return send->next_send(max_bytes, connection_send_.available());
}

void StreamMap::copy_stream_data(const Stream& stream, const StreamChunk& chunk,
                                 uint8_t* out) const {
  stream.send()->copy(chunk, out);
}

void StreamMap::on_stream_chunk_sent(Stream& stream, const StreamChunk& chunk) {
  connection_send_.add_sent(stream.send()->on_sent(chunk));
  scheduler_.on_sent(stream.scheduler_entry(), chunk.length);
  update_scheduling(stream);
  queue_control(stream);
}

void StreamMap::on_stream_chunk_acked(uint64_t stream_id, const StreamChunk& chunk) {
  Stream* stream = streams_.find(stream_id);
  if (stream == nullptr || stream->send() == nullptr) return;
  if (stream->send()->on_acked(chunk)) raise(*stream, StreamEventType::kFinished);
  raise_writable_if_unblocked(*stream);
  release_if_done(*stream);
}

void StreamMap::on_stream_chunk_lost(uint64_t stream_id, const StreamChunk& chunk) {
  Stream* stream = streams_.find(stream_id);
  if (stream == nullptr || stream->send() == nullptr) return;
  stream->send()->on_lost(chunk);
  update_scheduling(*stream);
}

void StreamMap::update_scheduling(Stream& stream) {
  SendStream* send = stream.send();
  if (send == nullptr) return;
  const uint64_t credit = connection_send_.available();
  if (send->has_data_to_send(credit)) {
    scheduler_.schedule(stream.scheduler_entry());
    return;
  }
  scheduler_.unschedule(stream.scheduler_entry());
  if (send->is_blocked_by_connection(credit) && !stream.in_connection_blocked_list) {
    stream.in_connection_blocked_list = true;
    connection_blocked_.push_back(stream.id());
  }
}

// --- Packet builder: control frames ---

std::optional<StreamControlFrame> StreamMap::control_frame_of(const Stream& stream) const {
  using Type = StreamControlFrameType;
  const SendStream* send = stream.send();
  const ReceiveStream* receive = stream.receive();
  if (send != nullptr && send->has_reset_to_send()) {
    const ResetStreamFields reset = send->reset_fields();
    return StreamControlFrame{Type::kResetStream, stream.id(), reset.error_code, reset.final_size};
  }
  if (receive != nullptr && receive->has_stop_sending_to_send()) {
    return StreamControlFrame{Type::kStopSending, stream.id(), receive->stop_sending_error_code()};
  }
  if (receive != nullptr && receive->should_send_max_stream_data()) {
    return StreamControlFrame{Type::kMaxStreamData, stream.id(), receive->next_max_stream_data()};
  }
  if (send != nullptr && send->should_send_blocked()) {
    return StreamControlFrame{Type::kStreamDataBlocked, stream.id(), send->blocked_at()};
  }
  return std::nullopt;
}

bool StreamMap::has_control_frame(const Stream& stream) const {
  return control_frame_of(stream).has_value();
}

void StreamMap::queue_control(Stream& stream) {
  if (stream.in_control_queue || !has_control_frame(stream)) return;
  stream.in_control_queue = true;
  control_queue_.push_back(stream.id());
}

std::optional<StreamControlFrame> StreamMap::next_control_frame() {
  using Type = StreamControlFrameType;
  if (connection_receive_.should_send_update()) {
    return StreamControlFrame{Type::kMaxData, 0, connection_receive_.next_limit()};
  }
  for (StreamDirection d : kDirections) {
    const IncomingStreamLimit& limit = incoming_[index(d)];
    if (limit.should_send_max_streams()) {
      const Type type =
          d == StreamDirection::kBidirectional ? Type::kMaxStreamsBidi : Type::kMaxStreamsUni;
      return StreamControlFrame{type, 0, limit.next_max_streams()};
    }
  }
  if (!connection_blocked_.empty() && connection_send_.should_send_blocked()) {
    return StreamControlFrame{Type::kDataBlocked, 0, connection_send_.blocked_at()};
  }
  for (StreamDirection d : kDirections) {
    const OutgoingStreamLimit& limit = outgoing_[index(d)];
    if (limit.should_send_blocked()) {
      const Type type = d == StreamDirection::kBidirectional ? Type::kStreamsBlockedBidi
                                                             : Type::kStreamsBlockedUni;
      return StreamControlFrame{type, 0, limit.max_streams()};
    }
  }
  while (!control_queue_.empty()) {
    if (Stream* stream = streams_.find(control_queue_.front())) {
      if (std::optional<StreamControlFrame> frame = control_frame_of(*stream)) return frame;
      stream->in_control_queue = false;
    }
    control_queue_.pop_front();
  }
  return std::nullopt;
}

void StreamMap::on_control_frame_sent(const StreamControlFrame& frame) {
  using Type = StreamControlFrameType;
  switch (frame.type) {
    case Type::kMaxData:
      connection_receive_.on_update_sent(frame.value);
      return;
    case Type::kDataBlocked:
      connection_send_.on_blocked_sent(frame.value);
      return;
    case Type::kMaxStreamsBidi:
    case Type::kMaxStreamsUni:
      incoming_[index(direction_of(frame.type))].on_max_streams_sent(frame.value);
      return;
    case Type::kStreamsBlockedBidi:
    case Type::kStreamsBlockedUni:
      outgoing_[index(direction_of(frame.type))].on_blocked_sent(frame.value);
      return;
    default:
      break;
  }
  Stream* stream = streams_.find(frame.stream_id);
  if (stream == nullptr) return;
  switch (frame.type) {
    case Type::kResetStream:
      stream->send()->on_reset_sent();
      break;
    case Type::kStopSending:
      stream->receive()->on_stop_sending_sent();
      break;
    case Type::kMaxStreamData:
      stream->receive()->on_max_stream_data_sent(frame.value);
      break;
    case Type::kStreamDataBlocked:
      stream->send()->on_blocked_sent(frame.value);
      break;
    default:
      break;
  }
}

void StreamMap::on_control_frame_acked(const StreamControlFrame& frame) {
  if (frame.type != StreamControlFrameType::kResetStream) return;
  Stream* stream = streams_.find(frame.stream_id);
  if (stream == nullptr) return;
  // RFC 9000 §3.1: "Reset Sent" -> "Reset Recvd".
  stream->send()->on_reset_acked();
  release_if_done(*stream);
}

void StreamMap::on_control_frame_lost(const StreamControlFrame& frame) {
  using Type = StreamControlFrameType;
  switch (frame.type) {
    case Type::kMaxData:
      connection_receive_.on_update_lost(frame.value);
      return;
    case Type::kDataBlocked:
      connection_send_.on_blocked_lost(frame.value);
      return;
    case Type::kMaxStreamsBidi:
    case Type::kMaxStreamsUni:
      incoming_[index(direction_of(frame.type))].on_max_streams_lost(frame.value);
      return;
    case Type::kStreamsBlockedBidi:
    case Type::kStreamsBlockedUni:
      outgoing_[index(direction_of(frame.type))].on_blocked_lost(frame.value);
      return;
    default:
      break;
  }
  Stream* stream = streams_.find(frame.stream_id);
  if (stream == nullptr) return;
  switch (frame.type) {
    case Type::kResetStream:
      stream->send()->on_reset_lost();
      break;
    case Type::kStopSending:
      stream->receive()->on_stop_sending_lost();
      break;
    case Type::kMaxStreamData:
      stream->receive()->on_max_stream_data_lost(frame.value);
      break;
    case Type::kStreamDataBlocked:
      stream->send()->on_blocked_lost(frame.value);
      break;
    default:
      break;
  }
  queue_control(*stream);
}

// --- Application ---

Result<Stream*, StreamApiError> StreamMap::app_stream(uint64_t stream_id) const {
  Stream* stream = streams_.find(stream_id);
  if (stream == nullptr) return StreamApiError::kUnknownStream;
  return stream;
}

Result<uint64_t, StreamApiError> StreamMap::open_stream(StreamDirection direction) {
  const std::optional<uint64_t> number = outgoing_[index(direction)].try_open();
  if (!number) return StreamApiError::kStreamsBlocked;
  const uint64_t id = nth_stream_id(config_.role, direction, *number);
  create_stream(id);
  return id;
}

Result<size_t, StreamApiError> StreamMap::write(uint64_t stream_id, std::span<const uint8_t> data) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream, app_stream(stream_id));
  SendStream* send = stream->send();
  if (send == nullptr) return StreamApiError::kWrongDirection;
  if (send->is_reset()) return StreamApiError::kReset;
  if (send->buffer().is_finished()) return StreamApiError::kFinished;
  const size_t written = send->write(data);
  if (written > 0) update_scheduling(*stream);
  queue_control(*stream);  // a write cut short at the peer's limit: STREAM_DATA_BLOCKED
  return written;
}

Result<void, StreamApiError> StreamMap::finish(uint64_t stream_id) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream, app_stream(stream_id));
  SendStream* send = stream->send();
  if (send == nullptr) return StreamApiError::kWrongDirection;
  if (!send->finish()) return StreamApiError::kReset;
  update_scheduling(*stream);
  return {};
}

Result<void, StreamApiError> StreamMap::reset_stream(uint64_t stream_id, uint64_t error_code) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream, app_stream(stream_id));
  SendStream* send = stream->send();
  if (send == nullptr) return StreamApiError::kWrongDirection;
  // Resetting a stream already reset or fully acknowledged changes nothing (RFC 9000 §3.1).
  if (send->reset(error_code)) {
    scheduler_.unschedule(stream->scheduler_entry());
    queue_control(*stream);
  }
  return {};
}

Result<void, StreamApiError> StreamMap::stop_sending(uint64_t stream_id, uint64_t error_code) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream, app_stream(stream_id));
  ReceiveStream* receive = stream->receive();
  if (receive == nullptr) return StreamApiError::kWrongDirection;
  if (receive->stop_sending(error_code, connection_receive_)) queue_control(*stream);
  StreamEventQueue::clear(stream->pending_events, StreamEventType::kReadable);
  release_if_done(*stream);
  return {};
}

Result<StreamReadResult, StreamApiError> StreamMap::read(uint64_t stream_id, uint8_t* out,
                                                         size_t max, Instant now,
                                                         Duration smoothed_rtt) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream, app_stream(stream_id));
  ReceiveStream* receive = stream->receive();
  if (receive == nullptr) return StreamApiError::kWrongDirection;
  const StreamReadResult result = receive->read(out, max, now, smoothed_rtt, connection_receive_);
  if (result.reset_error_code) {
    // The application has now seen the reset; no event needs to repeat it.
    StreamEventQueue::clear(stream->pending_events, StreamEventType::kResetReceived);
  }
  // Keep the connection window ahead of a stream window that grew.
  const uint64_t stream_window = receive->flow().window();
  connection_receive_.ensure_window_at_least(stream_window + stream_window / 2);
  queue_control(*stream);
  release_if_done(*stream);
  return result;
}

Result<void, StreamApiError> StreamMap::set_priority(uint64_t stream_id, StreamPriority priority) {
  QUASAR_ASSIGN_OR_RETURN(Stream * stream, app_stream(stream_id));
  scheduler_.set_priority(stream->scheduler_entry(), priority);
  return {};
}

std::optional<StreamEvent> StreamMap::poll_event() {
  for (StreamDirection d : kDirections) {
    if (streams_available_event_[index(d)]) {
      streams_available_event_[index(d)] = false;
      return StreamEvent{d == StreamDirection::kBidirectional
                             ? StreamEventType::kBidiStreamsAvailable
                             : StreamEventType::kUniStreamsAvailable,
                         0, 0};
    }
  }
  const std::optional<StreamEventQueue::Pending> pending = events_.pop([this](uint64_t id) {
    Stream* stream = streams_.find(id);
    return stream != nullptr ? &stream->pending_events : nullptr;
  });
  if (!pending) return std::nullopt;
  Stream& stream = *streams_.find(pending->stream_id);
  StreamEvent event{pending->type, pending->stream_id, 0};
  if (pending->type == StreamEventType::kResetReceived) {
    event.error_code = stream.receive()->reset_error_code().value_or(0);
    stream.receive()->on_reset_read();  // RFC 9000 §3.2: "Reset Recvd" -> "Reset Read"
  } else if (pending->type == StreamEventType::kStopSendingReceived) {
    event.error_code = stream.send()->stop_sending_error_code().value_or(0);
  }
  release_if_done(stream);
  return event;
}

void StreamMap::raise(Stream& stream, StreamEventType type) {
  events_.raise(stream.id(), stream.pending_events, type);
}

void StreamMap::raise_writable_if_unblocked(Stream& stream) {
  if (stream.send() != nullptr && stream.send()->take_writable()) {
    raise(stream, StreamEventType::kWritable);
  }
}

void StreamMap::release_if_done(Stream& stream) {
  if (!stream.is_closed() || StreamEventQueue::has_pending(stream.pending_events)) return;
  const uint64_t id = stream.id();
  scheduler_.unschedule(stream.scheduler_entry());
  if (!is_locally_initiated(id, config_.role)) {
    // Frees a place for the peer: MAX_STREAMS follows (RFC 9000 §4.6).
    incoming_[index(stream_direction(id))].on_released();
  }
  --counts_[id & 0x03];
  streams_.erase(id);
}

}  // namespace quasar
