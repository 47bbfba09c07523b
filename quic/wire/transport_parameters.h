// TransportParameters: every QUIC transport parameter with its default, and their encoding in
// the quic_transport_parameters TLS extension (RFC 9000 §7.4, §18; RFC 9368 §3; RFC 9221 §3;
// RFC 9287 §3; draft-ietf-quic-ack-frequency).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/connection_id.h"
#include "quic/base/result.h"
#include "quic/base/rng.h"
#include "quic/base/role.h"
#include "quic/base/socket_address.h"
#include "quic/wire/stateless_reset.h"

namespace quasar {

// RFC 9000 §18.2 defaults and limits.
inline constexpr uint64_t kDefaultMaxUdpPayloadSize = 65527;
inline constexpr uint64_t kMinMaxUdpPayloadSize = 1200;
inline constexpr uint64_t kDefaultAckDelayExponent = 3;
inline constexpr uint64_t kMaxAckDelayExponent = 20;
inline constexpr uint64_t kDefaultMaxAckDelayMs = 25;
inline constexpr uint64_t kMaxAckDelayMsExclusive = uint64_t{1} << 14;
inline constexpr uint64_t kDefaultActiveConnectionIdLimit = 2;
// RFC 9000 §4.6: a larger stream count would allow stream IDs beyond 2^62 - 1.
inline constexpr uint64_t kMaxStreamsLimit = uint64_t{1} << 60;

// RFC 9000 §18.2: the server's preferred_address. An address family the server does not offer
// is all zeros (0.0.0.0:0 or [::]:0).
struct PreferredAddress {
  SocketAddress ipv4 = SocketAddress::ipv4({0, 0, 0, 0}, 0);
  SocketAddress ipv6 = SocketAddress::ipv6({}, 0);
  ConnectionId connection_id;  // sequence number 1; never empty
  StatelessResetToken stateless_reset_token{};

  bool has_ipv4() const { return ipv4 != SocketAddress::ipv4({0, 0, 0, 0}, 0); }
  bool has_ipv6() const { return ipv6 != SocketAddress::ipv6({}, 0); }
  friend bool operator==(const PreferredAddress&, const PreferredAddress&) = default;
};

// RFC 9368 §3: the version_information parameter.
struct VersionInformation {
  uint32_t chosen_version = 0;
  // Client: the versions its first flight is compatible with, by preference, including the
  // chosen one. Server: its fully deployed versions, possibly none.
  std::vector<uint32_t> available_versions;

  bool lists(uint32_t version) const;
  friend bool operator==(const VersionInformation&, const VersionInformation&) = default;
};

// Every transport parameter an endpoint declares (RFC 9000 §18.2), holding its default when
// absent. Parameters whose absence means something are optional. Times keep the units of the
// wire (milliseconds, or microseconds for min_ack_delay) so that values round-trip exactly.
struct TransportParameters {
  std::optional<ConnectionId> original_destination_connection_id;  // server only
  uint64_t max_idle_timeout_ms = 0;                                // 0: no idle timeout
  std::optional<StatelessResetToken> stateless_reset_token;        // server only
  uint64_t max_udp_payload_size = kDefaultMaxUdpPayloadSize;
  uint64_t initial_max_data = 0;
  uint64_t initial_max_stream_data_bidi_local = 0;
  uint64_t initial_max_stream_data_bidi_remote = 0;
  uint64_t initial_max_stream_data_uni = 0;
  uint64_t initial_max_streams_bidi = 0;
  uint64_t initial_max_streams_uni = 0;
  uint64_t ack_delay_exponent = kDefaultAckDelayExponent;
  uint64_t max_ack_delay_ms = kDefaultMaxAckDelayMs;
  bool disable_active_migration = false;
  std::optional<PreferredAddress> preferred_address;  // server only
  uint64_t active_connection_id_limit = kDefaultActiveConnectionIdLimit;
  std::optional<ConnectionId> initial_source_connection_id;  // required from both (§7.3)
  std::optional<ConnectionId> retry_source_connection_id;    // server only
  std::optional<VersionInformation> version_information;     // RFC 9368
  std::optional<uint64_t> max_datagram_frame_size;           // RFC 9221; absent: no DATAGRAM
  bool grease_quic_bit = false;                              // RFC 9287
  std::optional<uint64_t> min_ack_delay_us;                  // ack frequency extension

  friend bool operator==(const TransportParameters&, const TransportParameters&) = default;
};

// Checks every rule a receiver applies to parameters sent by `sender`; the first violation is
// returned as TRANSPORT_PARAMETER_ERROR with a reason. decode_transport_parameters applies it,
// and encode_transport_parameters refuses to send what it rejects.
Status validate_transport_parameters(const TransportParameters& params, Role sender);

// Appends the parameters that differ from their defaults, and every present optional one, to
// `writer`. With `grease_rng`, also one reserved parameter (RFC 9000 §18.1) with a random id
// of the form 31 * N + 27 and a random value. Fails, writing nothing, with the validation
// error, or INTERNAL_ERROR when the writer lacks room.
Status encode_transport_parameters(const TransportParameters& params, Role sender,
                                   BufferWriter& writer, Rng* grease_rng = nullptr);

// Decodes the parameters an endpoint in role `sender` sent. Every encoding or validation
// failure is a TRANSPORT_PARAMETER_ERROR (RFC 9000 §7.4, §18.2, RFC 9368 §4) with a reason:
// truncation, a length that does not match the value's encoding, duplicates of a known
// parameter, out-of-range values, server-only parameters from a client, a malformed
// preferred_address or version_information. Unknown and reserved parameters are skipped.
Result<TransportParameters> decode_transport_parameters(std::span<const uint8_t> bytes,
                                                        Role sender);

}  // namespace quasar
