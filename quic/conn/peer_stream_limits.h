// The stream limits the peer's transport parameters set (RFC 9000 §18.2), for the stream map.
#pragma once

#include "quic/stream/stream_map.h"
#include "quic/wire/transport_parameters.h"

namespace quasar {

inline PeerStreamLimits peer_stream_limits(const TransportParameters& p) {
  PeerStreamLimits limits;
  limits.initial_max_data = p.initial_max_data;
  limits.initial_max_stream_data_bidi_local = p.initial_max_stream_data_bidi_local;
  limits.initial_max_stream_data_bidi_remote = p.initial_max_stream_data_bidi_remote;
  limits.initial_max_stream_data_uni = p.initial_max_stream_data_uni;
  limits.initial_max_streams_bidi = p.initial_max_streams_bidi;
  limits.initial_max_streams_uni = p.initial_max_streams_uni;
  return limits;
}

}  // namespace quasar
