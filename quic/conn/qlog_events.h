// qlog events of a connection (draft-ietf-quic-qlog-quic-events): packets sent, received and
// lost with their frames, recovery metrics and connection state changes. Each function formats
// the event's data and hands it to the sink; callers skip them entirely without a sink.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "quic/qlog/json_builder.h"
#include "quic/qlog/qlog_sink.h"
#include "quic/recovery/sent_frame.h"
#include "quic/wire/frames.h"
#include "quic/wire/packet_type.h"

namespace quasar {

// Collects the frames of one packet, then emits the packet event.
class QlogPacketEvent {
 public:
  explicit QlogPacketEvent(std::string& scratch);
  void add(const Frame& frame);
  void add(const SentFrame& frame);
  void emit(QlogSink& sink, Instant now, const char* name, PacketType type, uint64_t packet_number,
            size_t size);

 private:
  std::string& frames_;
  JsonBuilder json_;
};

struct QlogMetrics {
  uint64_t congestion_window = 0;
  uint64_t bytes_in_flight = 0;
  Duration smoothed_rtt;
  Duration min_rtt;
  Duration latest_rtt;
  Duration rtt_variance;
  uint64_t pacing_rate_bps = 0;
  uint32_t pto_count = 0;
  // The congestion controller's own view: its state, and for model-based controllers (BBR)
  // its bandwidth estimate and windowed min_rtt (left out when zero).
  std::string_view cc_state;
  uint64_t bandwidth_estimate_bps = 0;
  Duration cc_min_rtt;
};

void qlog_metrics_updated(QlogSink& sink, Instant now, const QlogMetrics& metrics);
void qlog_packet_lost(QlogSink& sink, Instant now, PacketType type, uint64_t packet_number);
void qlog_connection_state(QlogSink& sink, Instant now, const char* old_state,
                           const char* new_state);

}  // namespace quasar
