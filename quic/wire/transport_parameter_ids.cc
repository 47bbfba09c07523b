// Names of the transport parameters, for logs and qlog.
#include "quic/wire/transport_parameter_ids.h"

namespace quasar {

const char* transport_parameter_name(uint64_t id) {
  switch (static_cast<TransportParameterId>(id)) {
    case TransportParameterId::kOriginalDestinationConnectionId:
      return "original_destination_connection_id";
    case TransportParameterId::kMaxIdleTimeout:
      return "max_idle_timeout";
    case TransportParameterId::kStatelessResetToken:
      return "stateless_reset_token";
    case TransportParameterId::kMaxUdpPayloadSize:
      return "max_udp_payload_size";
    case TransportParameterId::kInitialMaxData:
      return "initial_max_data";
    case TransportParameterId::kInitialMaxStreamDataBidiLocal:
      return "initial_max_stream_data_bidi_local";
    case TransportParameterId::kInitialMaxStreamDataBidiRemote:
      return "initial_max_stream_data_bidi_remote";
    case TransportParameterId::kInitialMaxStreamDataUni:
      return "initial_max_stream_data_uni";
    case TransportParameterId::kInitialMaxStreamsBidi:
      return "initial_max_streams_bidi";
    case TransportParameterId::kInitialMaxStreamsUni:
      return "initial_max_streams_uni";
    case TransportParameterId::kAckDelayExponent:
      return "ack_delay_exponent";
    case TransportParameterId::kMaxAckDelay:
      return "max_ack_delay";
    case TransportParameterId::kDisableActiveMigration:
      return "disable_active_migration";
    case TransportParameterId::kPreferredAddress:
      return "preferred_address";
    case TransportParameterId::kActiveConnectionIdLimit:
      return "active_connection_id_limit";
    case TransportParameterId::kInitialSourceConnectionId:
      return "initial_source_connection_id";
    case TransportParameterId::kRetrySourceConnectionId:
      return "retry_source_connection_id";
    case TransportParameterId::kVersionInformation:
      return "version_information";
    case TransportParameterId::kMaxDatagramFrameSize:
      return "max_datagram_frame_size";
    case TransportParameterId::kGreaseQuicBit:
      return "grease_quic_bit";
    case TransportParameterId::kMinAckDelay:
      return "min_ack_delay";
  }
  return "unknown";
}

}  // namespace quasar
