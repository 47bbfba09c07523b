// TransportSettings validation: the ranges of RFC 9000 §18.2 and local sanity limits.
#include "quic/conn/transport_settings.h"

#include "quic/base/connection_id.h"
#include "quic/base/varint.h"
#include "quic/cc/congestion_controller_factory.h"

namespace quasar {

std::optional<std::string> TransportSettings::validate(bool is_server) const {
  auto varint = [](const char* name, uint64_t v) -> std::optional<std::string> {
    if (v > kMaxVarint) return std::string(name) + " must be at most 2^62-1";
    return std::nullopt;
  };
  for (auto [name, value] :
       {std::pair{"initial_max_data", initial_max_data},
        std::pair{"initial_max_stream_data_bidi_local", initial_max_stream_data_bidi_local},
        std::pair{"initial_max_stream_data_bidi_remote", initial_max_stream_data_bidi_remote},
        std::pair{"initial_max_stream_data_uni", initial_max_stream_data_uni}}) {
    if (auto e = varint(name, value)) return e;
  }
  if (initial_max_streams_bidi > kMaxStreamsLimit) {
    return "initial_max_streams_bidi must be at most 2^60";
  }
  if (initial_max_streams_uni > kMaxStreamsLimit) {
    return "initial_max_streams_uni must be at most 2^60";
  }
  if (max_idle_timeout < Duration::zero()) return "max_idle_timeout must not be negative";
  if (max_udp_payload_size < kMinMaxUdpPayloadSize || max_udp_payload_size > 65527) {
    return "max_udp_payload_size must be between 1200 and 65527";
  }
  if (ack_delay_exponent > kMaxAckDelayExponent) return "ack_delay_exponent must be at most 20";
  if (max_ack_delay < Duration::zero() ||
      static_cast<uint64_t>(max_ack_delay.millis()) >= kMaxAckDelayMsExclusive) {
    return "max_ack_delay must be below 2^14 milliseconds";
  }
  if (active_connection_id_limit < 2) return "active_connection_id_limit must be at least 2";
  if (connection_id_length > kMaxConnectionIdLength) {
    return "connection_id_length must be at most 20";
  }
  if (is_server && connection_id_length < 4) {
    return "a server's connection_id_length must be at least 4 (datagrams are routed by it)";
  }
  if (max_stream_receive_window < initial_max_stream_data_bidi_local ||
      max_stream_receive_window < initial_max_stream_data_bidi_remote ||
      max_stream_receive_window < initial_max_stream_data_uni) {
    return "max_stream_receive_window must be at least every initial_max_stream_data_*";
  }
  if (max_connection_receive_window < initial_max_data) {
    return "max_connection_receive_window must be at least initial_max_data";
  }
  if (stream_send_buffer == 0) return "stream_send_buffer must be positive";
  if (!make_congestion_controller(congestion_control)) {
    std::string names;
    for (auto n : congestion_controller_names())
      names += (names.empty() ? "" : ", ") + std::string(n);
    return "unknown congestion_control \"" + congestion_control + "\" (known: " + names + ")";
  }
  if (initial_rtt <= Duration::zero()) return "initial_rtt must be positive";
  if (ack_eliciting_threshold == 0) return "ack_eliciting_threshold must be at least 1";
  if (keep_alive_interval < Duration::zero()) return "keep_alive_interval must not be negative";
  if (initial_max_datagram_size < 1200 || initial_max_datagram_size > max_udp_payload_size) {
    return "initial_max_datagram_size must be between 1200 and max_udp_payload_size";
  }
  if (max_datagram_frame_size > kMaxVarint) return "max_datagram_frame_size must fit a varint";
  if (datagram_queue_length == 0) return "datagram_queue_length must be positive";
  if (key_update_interval_packets != 0 && key_update_interval_packets < 10) {
    return "key_update_interval_packets must be 0 (off) or at least 10";
  }
  return std::nullopt;
}

}  // namespace quasar
