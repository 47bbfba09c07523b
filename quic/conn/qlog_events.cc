// qlog event formatting (draft-ietf-quic-qlog-quic-events §5-§7 field names).
#include "quic/conn/qlog_events.h"

#include <string_view>
#include <type_traits>

namespace quasar {

namespace {

std::string_view as_text(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

double millis(Duration d) { return static_cast<double>(d.nanos()) / 1e6; }

}  // namespace

QlogPacketEvent::QlogPacketEvent(std::string& scratch) : frames_(scratch), json_(scratch) {
  frames_.clear();
  json_.begin_array();
}

void QlogPacketEvent::add(const Frame& frame) {
  std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        json_.begin_object();
        if constexpr (std::is_same_v<F, PaddingFrame>) {
          json_.member("frame_type", "padding").member("length", uint64_t{f.length});
        } else if constexpr (std::is_same_v<F, PingFrame>) {
          json_.member("frame_type", "ping");
        } else if constexpr (std::is_same_v<F, AckFrame>) {
          json_.member("frame_type", "ack").member("ack_delay", f.ack_delay).key("acked_ranges");
          json_.begin_array();
          for (const AckRange& r : f.ranges()) {
            json_.begin_array().value(r.smallest).value(r.largest).end_array();
          }
          json_.end_array();
          if (f.ecn) {
            json_.member("ect0", f.ecn->ect0).member("ect1", f.ecn->ect1).member("ce", f.ecn->ce);
          }
        } else if constexpr (std::is_same_v<F, ResetStreamFrame>) {
          json_.member("frame_type", "reset_stream")
              .member("stream_id", f.stream_id)
              .member("error_code", f.application_error_code)
              .member("final_size", f.final_size);
        } else if constexpr (std::is_same_v<F, StopSendingFrame>) {
          json_.member("frame_type", "stop_sending")
              .member("stream_id", f.stream_id)
              .member("error_code", f.application_error_code);
        } else if constexpr (std::is_same_v<F, CryptoFrame>) {
          json_.member("frame_type", "crypto")
              .member("offset", f.offset)
              .member("length", uint64_t{f.data.size()});
        } else if constexpr (std::is_same_v<F, NewTokenFrame>) {
          json_.member("frame_type", "new_token").member("length", uint64_t{f.token.size()});
        } else if constexpr (std::is_same_v<F, StreamFrame>) {
          json_.member("frame_type", "stream")
              .member("stream_id", f.stream_id)
              .member("offset", f.offset)
              .member("length", uint64_t{f.data.size()})
              .member("fin", f.fin);
        } else if constexpr (std::is_same_v<F, MaxDataFrame>) {
          json_.member("frame_type", "max_data").member("maximum", f.maximum_data);
        } else if constexpr (std::is_same_v<F, MaxStreamDataFrame>) {
          json_.member("frame_type", "max_stream_data")
              .member("stream_id", f.stream_id)
              .member("maximum", f.maximum_stream_data);
        } else if constexpr (std::is_same_v<F, MaxStreamsFrame>) {
          json_.member("frame_type", "max_streams")
              .member("stream_type", f.bidirectional ? "bidirectional" : "unidirectional")
              .member("maximum", f.maximum_streams);
        } else if constexpr (std::is_same_v<F, DataBlockedFrame>) {
          json_.member("frame_type", "data_blocked").member("limit", f.maximum_data);
        } else if constexpr (std::is_same_v<F, StreamDataBlockedFrame>) {
          json_.member("frame_type", "stream_data_blocked")
              .member("stream_id", f.stream_id)
              .member("limit", f.maximum_stream_data);
        } else if constexpr (std::is_same_v<F, StreamsBlockedFrame>) {
          json_.member("frame_type", "streams_blocked")
              .member("stream_type", f.bidirectional ? "bidirectional" : "unidirectional")
              .member("limit", f.maximum_streams);
        } else if constexpr (std::is_same_v<F, NewConnectionIdFrame>) {
          json_.member("frame_type", "new_connection_id")
              .member("sequence_number", f.sequence_number)
              .member("retire_prior_to", f.retire_prior_to)
              .key("connection_id")
              .hex(f.connection_id.span());
        } else if constexpr (std::is_same_v<F, RetireConnectionIdFrame>) {
          json_.member("frame_type", "retire_connection_id")
              .member("sequence_number", f.sequence_number);
        } else if constexpr (std::is_same_v<F, PathChallengeFrame>) {
          json_.member("frame_type", "path_challenge").key("data").hex(f.data);
        } else if constexpr (std::is_same_v<F, PathResponseFrame>) {
          json_.member("frame_type", "path_response").key("data").hex(f.data);
        } else if constexpr (std::is_same_v<F, ConnectionCloseFrame>) {
          json_.member("frame_type", "connection_close")
              .member("error_space", f.application ? "application" : "transport")
              .member("error_code", f.error_code)
              .member("reason", as_text(f.reason_phrase));
          if (!f.application) json_.member("trigger_frame_type", f.frame_type);
        } else if constexpr (std::is_same_v<F, HandshakeDoneFrame>) {
          json_.member("frame_type", "handshake_done");
        } else if constexpr (std::is_same_v<F, DatagramFrame>) {
          json_.member("frame_type", "datagram").member("length", uint64_t{f.data.size()});
        } else {
          json_.member("frame_type", "unknown").member("raw_frame_type", to_wire(f.type()));
        }
        json_.end_object();
      },
      frame);
}

void QlogPacketEvent::add(const SentFrame& f) {
  json_.begin_object();
  switch (f.type) {
    case SentFrameType::kStream:
      json_.member("frame_type", "stream")
          .member("stream_id", f.stream.stream_id)
          .member("offset", f.stream.offset)
          .member("length", f.stream.length)
          .member("fin", f.stream.fin);
      break;
    case SentFrameType::kCrypto:
      json_.member("frame_type", "crypto")
          .member("offset", f.crypto.offset)
          .member("length", f.crypto.length);
      break;
    case SentFrameType::kAck:
      json_.member("frame_type", "ack").member("largest_acknowledged", f.ack.largest_acknowledged);
      break;
    case SentFrameType::kResetStream:
      json_.member("frame_type", "reset_stream")
          .member("stream_id", f.reset_stream.stream_id)
          .member("error_code", f.reset_stream.error_code);
      break;
    case SentFrameType::kStopSending:
      json_.member("frame_type", "stop_sending").member("stream_id", f.stop_sending.stream_id);
      break;
    case SentFrameType::kMaxData:
      json_.member("frame_type", "max_data").member("maximum", f.max_data.limit);
      break;
    case SentFrameType::kMaxStreamData:
      json_.member("frame_type", "max_stream_data")
          .member("stream_id", f.max_stream_data.stream_id)
          .member("maximum", f.max_stream_data.limit);
      break;
    case SentFrameType::kMaxStreams:
      json_.member("frame_type", "max_streams").member("maximum", f.max_streams.limit);
      break;
    case SentFrameType::kDataBlocked:
      json_.member("frame_type", "data_blocked").member("limit", f.data_blocked.limit);
      break;
    case SentFrameType::kStreamDataBlocked:
      json_.member("frame_type", "stream_data_blocked")
          .member("stream_id", f.stream_data_blocked.stream_id);
      break;
    case SentFrameType::kStreamsBlocked:
      json_.member("frame_type", "streams_blocked").member("limit", f.streams_blocked.limit);
      break;
    case SentFrameType::kNewConnectionId:
      json_.member("frame_type", "new_connection_id")
          .member("sequence_number", f.new_connection_id.sequence);
      break;
    case SentFrameType::kRetireConnectionId:
      json_.member("frame_type", "retire_connection_id")
          .member("sequence_number", f.retire_connection_id.sequence);
      break;
    case SentFrameType::kNewToken:
      json_.member("frame_type", "new_token");
      break;
    case SentFrameType::kHandshakeDone:
      json_.member("frame_type", "handshake_done");
      break;
    case SentFrameType::kPing:
      json_.member("frame_type", "ping");
      break;
    case SentFrameType::kPathChallenge:
      json_.member("frame_type", "path_challenge");
      break;
    case SentFrameType::kPathResponse:
      json_.member("frame_type", "path_response");
      break;
    case SentFrameType::kDatagram:
      json_.member("frame_type", "datagram").member("length", f.datagram.length);
      break;
  }
  json_.end_object();
}

void QlogPacketEvent::emit(QlogSink& sink, Instant now, const char* name, PacketType type,
                           uint64_t packet_number, size_t size) {
  json_.end_array();
  std::string data;
  JsonBuilder json(data);
  json.begin_object()
      .key("header")
      .begin_object()
      .member("packet_type", packet_type_name(type))
      .member("packet_number", packet_number)
      .end_object()
      .key("raw")
      .begin_object()
      .member("length", uint64_t{size})
      .end_object()
      .key("frames");
  data += frames_;
  data += '}';
  sink.emit(now, name, data);
}

void qlog_metrics_updated(QlogSink& sink, Instant now, const QlogMetrics& m) {
  std::string data;
  JsonBuilder json(data);
  json.begin_object()
      .member("congestion_window", m.congestion_window)
      .member("bytes_in_flight", m.bytes_in_flight)
      .member("smoothed_rtt", millis(m.smoothed_rtt))
      .member("min_rtt", millis(m.min_rtt))
      .member("latest_rtt", millis(m.latest_rtt))
      .member("rtt_variance", millis(m.rtt_variance))
      .member("pacing_rate", m.pacing_rate_bps)
      .member("pto_count", uint64_t{m.pto_count});
  if (!m.cc_state.empty()) json.member("congestion_state", m.cc_state);
  if (m.bandwidth_estimate_bps > 0) json.member("bandwidth_estimate", m.bandwidth_estimate_bps);
  if (m.cc_min_rtt > Duration::zero()) json.member("cc_min_rtt", millis(m.cc_min_rtt));
  json.end_object();
  sink.emit(now, "quic:metrics_updated", data);
}

void qlog_packet_lost(QlogSink& sink, Instant now, PacketType type, uint64_t packet_number) {
  std::string data;
  JsonBuilder json(data);
  json.begin_object()
      .key("header")
      .begin_object()
      .member("packet_type", packet_type_name(type))
      .member("packet_number", packet_number)
      .end_object()
      .end_object();
  sink.emit(now, "quic:packet_lost", data);
}

void qlog_connection_state(QlogSink& sink, Instant now, const char* old_state,
                           const char* new_state) {
  std::string data;
  JsonBuilder json(data);
  json.begin_object().member("old", old_state).member("new", new_state).end_object();
  sink.emit(now, "quic:connection_state_updated", data);
}

}  // namespace quasar
