// Transport parameter identifiers (RFC 9000 §18.2, RFC 9368 §3, RFC 9221 §3, RFC 9287 §3,
// draft-ietf-quic-ack-frequency) and the reserved identifiers used for greasing (§18.1).
#pragma once

#include <cstdint>

namespace quasar {

enum class TransportParameterId : uint64_t {
  kOriginalDestinationConnectionId = 0x00,
  kMaxIdleTimeout = 0x01,
  kStatelessResetToken = 0x02,
  kMaxUdpPayloadSize = 0x03,
  kInitialMaxData = 0x04,
  kInitialMaxStreamDataBidiLocal = 0x05,
  kInitialMaxStreamDataBidiRemote = 0x06,
  kInitialMaxStreamDataUni = 0x07,
  kInitialMaxStreamsBidi = 0x08,
  kInitialMaxStreamsUni = 0x09,
  kAckDelayExponent = 0x0a,
  kMaxAckDelay = 0x0b,
  kDisableActiveMigration = 0x0c,
  kPreferredAddress = 0x0d,
  kActiveConnectionIdLimit = 0x0e,
  kInitialSourceConnectionId = 0x0f,
  kRetrySourceConnectionId = 0x10,
  kVersionInformation = 0x11,    // RFC 9368 §3
  kMaxDatagramFrameSize = 0x20,  // RFC 9221 §3
  kGreaseQuicBit = 0x2ab2,       // RFC 9287 §3
  kMinAckDelay = 0xff04de1b,     // draft-ietf-quic-ack-frequency
};

// RFC 9000 §18.1: identifiers 31 * N + 27 are reserved; they carry no meaning and are ignored.
constexpr bool is_reserved_transport_parameter_id(uint64_t id) {
  return id >= 27 && (id - 27) % 31 == 0;
}

// The RFC name of a known parameter ("max_idle_timeout"), or "unknown".
const char* transport_parameter_name(uint64_t id);

}  // namespace quasar
