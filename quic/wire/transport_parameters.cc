// Transport parameter validation, encoding and decoding (RFC 9000 §7.4, §18).
#include "quic/wire/transport_parameters.h"

#include <algorithm>
#include <array>

#include "quic/base/buffer_reader.h"
#include "quic/base/varint.h"
#include "quic/wire/transport_parameter_ids.h"

namespace quasar {

namespace {

using Id = TransportParameterId;

QuicError parameter_error(const char* reason) {
  return QuicError::transport(TransportError::kTransportParameterError, 0, reason);
}

// RFC 9000 §18.2: IPv4 Address (32), IPv4 Port (16), IPv6 Address (128), IPv6 Port (16),
// Connection ID Length (8), Connection ID (..), Stateless Reset Token (128).
constexpr size_t kPreferredAddressFixedLength = 4 + 2 + 16 + 2 + 1 + kStatelessResetTokenLength;

// ---------------------------------------------------------------------------------------------
// Validation

Status validate_server_only(const TransportParameters& p, Role sender) {
  // RFC 9000 §18.2: a server treats any of these from a client as TRANSPORT_PARAMETER_ERROR.
  if (sender != Role::kClient) return ok_status();
  if (p.original_destination_connection_id) {
    return parameter_error("client sent original_destination_connection_id");
  }
  if (p.stateless_reset_token) return parameter_error("client sent stateless_reset_token");
  if (p.preferred_address) return parameter_error("client sent preferred_address");
  if (p.retry_source_connection_id) {
    return parameter_error("client sent retry_source_connection_id");
  }
  return ok_status();
}

Status validate_integers(const TransportParameters& p) {
  for (uint64_t value :
       {p.max_idle_timeout_ms, p.max_udp_payload_size, p.initial_max_data,
        p.initial_max_stream_data_bidi_local, p.initial_max_stream_data_bidi_remote,
        p.initial_max_stream_data_uni, p.initial_max_streams_bidi, p.initial_max_streams_uni,
        p.ack_delay_exponent, p.max_ack_delay_ms, p.active_connection_id_limit,
        p.max_datagram_frame_size.value_or(0), p.min_ack_delay_us.value_or(0)}) {
    if (value > kMaxVarint) return parameter_error("integer parameter above 2^62 - 1");
  }
  // RFC 9000 §18.2.
  if (p.max_udp_payload_size < kMinMaxUdpPayloadSize) {
    return parameter_error("max_udp_payload_size below 1200");
  }
  if (p.ack_delay_exponent > kMaxAckDelayExponent) {
    return parameter_error("ack_delay_exponent above 20");
  }
  if (p.max_ack_delay_ms >= kMaxAckDelayMsExclusive) {
    return parameter_error("max_ack_delay of 2^14 or more");
  }
  if (p.active_connection_id_limit < 2)
    return parameter_error("active_connection_id_limit below 2");
  // RFC 9000 §4.6.
  if (p.initial_max_streams_bidi > kMaxStreamsLimit) {
    return parameter_error("initial_max_streams_bidi above 2^60");
  }
  if (p.initial_max_streams_uni > kMaxStreamsLimit) {
    return parameter_error("initial_max_streams_uni above 2^60");
  }
  // draft-ietf-quic-ack-frequency §3: min_ack_delay (us) may not exceed max_ack_delay (ms).
  if (p.min_ack_delay_us && *p.min_ack_delay_us > p.max_ack_delay_ms * 1000) {
    return parameter_error("min_ack_delay above max_ack_delay");
  }
  return ok_status();
}

Status validate_preferred_address(const TransportParameters& p) {
  if (!p.preferred_address) return ok_status();
  const PreferredAddress& address = *p.preferred_address;
  if (!address.ipv4.is_ipv4() || !address.ipv6.is_ipv6()) {
    return parameter_error("preferred_address with a misplaced address family");
  }
  // RFC 9000 §18.2: no zero-length CID in it, and none from a server using zero-length CIDs.
  if (address.connection_id.empty()) {
    return parameter_error("preferred_address with a zero-length connection ID");
  }
  if (p.initial_source_connection_id && p.initial_source_connection_id->empty()) {
    return parameter_error("preferred_address from a server using zero-length connection IDs");
  }
  return ok_status();
}

Status validate_version_information(const TransportParameters& p, Role sender) {
  if (!p.version_information) return ok_status();
  const VersionInformation& info = *p.version_information;
  // RFC 9368 §4: these are parsing failures, TRANSPORT_PARAMETER_ERROR in QUIC v1 and v2.
  if (info.chosen_version == 0) return parameter_error("version_information chosen version 0");
  if (info.lists(0)) return parameter_error("version_information lists version 0");
  if (sender == Role::kClient && !info.lists(info.chosen_version)) {
    return parameter_error("client version_information omits its chosen version");
  }
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// Encoding

bool write_parameter_header(BufferWriter& w, Id id, size_t length) {
  return w.write_varint(static_cast<uint64_t>(id)) && w.write_varint(length);
}

bool write_integer(BufferWriter& w, Id id, uint64_t value) {
  return write_parameter_header(w, id, varint_size(value)) && w.write_varint(value);
}

bool write_integer_unless_default(BufferWriter& w, Id id, uint64_t value, uint64_t default_value) {
  return value == default_value || write_integer(w, id, value);
}

bool write_bytes_parameter(BufferWriter& w, Id id, std::span<const uint8_t> value) {
  return write_parameter_header(w, id, value.size()) && w.write_bytes(value);
}

bool write_flag(BufferWriter& w, Id id, bool present) {
  return !present || write_parameter_header(w, id, 0);
}

bool write_preferred_address(BufferWriter& w, const PreferredAddress& a) {
  const size_t length = kPreferredAddressFixedLength + a.connection_id.size();
  return write_parameter_header(w, Id::kPreferredAddress, length) &&
         w.write_bytes(std::span(a.ipv4.ip_bytes()).first(4)) && w.write_u16(a.ipv4.port()) &&
         w.write_bytes(a.ipv6.ip_bytes()) && w.write_u16(a.ipv6.port()) &&
         w.write_u8(static_cast<uint8_t>(a.connection_id.size())) &&
         w.write_bytes(a.connection_id.span()) && w.write_bytes(a.stateless_reset_token);
}

bool write_version_information(BufferWriter& w, const VersionInformation& info) {
  if (!write_parameter_header(w, Id::kVersionInformation, 4 * (1 + info.available_versions.size())))
    return false;
  if (!w.write_u32(info.chosen_version)) return false;
  for (uint32_t version : info.available_versions) {
    if (!w.write_u32(version)) return false;
  }
  return true;
}

// RFC 9000 §18.1: a reserved parameter with an id of the form 31 * N + 27 and random content.
bool write_grease_parameter(BufferWriter& w, Rng& rng) {
  const uint64_t n = rng.uniform(uint64_t{1} << 20);
  std::array<uint8_t, 16> value;
  const size_t length = static_cast<size_t>(rng.uniform(value.size() + 1));
  rng.fill(std::span(value).first(length));
  return w.write_varint(31 * n + 27) && w.write_varint(length) &&
         w.write_bytes(std::span(value).first(length));
}

bool write_all(BufferWriter& w, const TransportParameters& p, Rng* grease_rng) {
  return (!p.original_destination_connection_id ||
          write_bytes_parameter(w, Id::kOriginalDestinationConnectionId,
                                p.original_destination_connection_id->span())) &&
         write_integer_unless_default(w, Id::kMaxIdleTimeout, p.max_idle_timeout_ms, 0) &&
         (!p.stateless_reset_token ||
          write_bytes_parameter(w, Id::kStatelessResetToken, *p.stateless_reset_token)) &&
         write_integer_unless_default(w, Id::kMaxUdpPayloadSize, p.max_udp_payload_size,
                                      kDefaultMaxUdpPayloadSize) &&
         write_integer_unless_default(w, Id::kInitialMaxData, p.initial_max_data, 0) &&
         write_integer_unless_default(w, Id::kInitialMaxStreamDataBidiLocal,
                                      p.initial_max_stream_data_bidi_local, 0) &&
         write_integer_unless_default(w, Id::kInitialMaxStreamDataBidiRemote,
                                      p.initial_max_stream_data_bidi_remote, 0) &&
         write_integer_unless_default(w, Id::kInitialMaxStreamDataUni,
                                      p.initial_max_stream_data_uni, 0) &&
         write_integer_unless_default(w, Id::kInitialMaxStreamsBidi, p.initial_max_streams_bidi,
                                      0) &&
         write_integer_unless_default(w, Id::kInitialMaxStreamsUni, p.initial_max_streams_uni, 0) &&
         write_integer_unless_default(w, Id::kAckDelayExponent, p.ack_delay_exponent,
                                      kDefaultAckDelayExponent) &&
         write_integer_unless_default(w, Id::kMaxAckDelay, p.max_ack_delay_ms,
                                      kDefaultMaxAckDelayMs) &&
         write_flag(w, Id::kDisableActiveMigration, p.disable_active_migration) &&
         (!p.preferred_address || write_preferred_address(w, *p.preferred_address)) &&
         write_integer_unless_default(w, Id::kActiveConnectionIdLimit, p.active_connection_id_limit,
                                      kDefaultActiveConnectionIdLimit) &&
         (!p.initial_source_connection_id ||
          write_bytes_parameter(w, Id::kInitialSourceConnectionId,
                                p.initial_source_connection_id->span())) &&
         (!p.retry_source_connection_id ||
          write_bytes_parameter(w, Id::kRetrySourceConnectionId,
                                p.retry_source_connection_id->span())) &&
         (!p.version_information || write_version_information(w, *p.version_information)) &&
         (!p.max_datagram_frame_size ||
          write_integer(w, Id::kMaxDatagramFrameSize, *p.max_datagram_frame_size)) &&
         write_flag(w, Id::kGreaseQuicBit, p.grease_quic_bit) &&
         (!p.min_ack_delay_us || write_integer(w, Id::kMinAckDelay, *p.min_ack_delay_us)) &&
         (grease_rng == nullptr || write_grease_parameter(w, *grease_rng));
}

// ---------------------------------------------------------------------------------------------
// Decoding

// A bit per known parameter, to detect duplicates (RFC 9000 §7.4) without allocating.
int known_parameter_index(uint64_t id) {
  if (id <= static_cast<uint64_t>(Id::kVersionInformation)) return static_cast<int>(id);
  switch (static_cast<Id>(id)) {
    case Id::kMaxDatagramFrameSize:
      return 18;
    case Id::kGreaseQuicBit:
      return 19;
    case Id::kMinAckDelay:
      return 20;
    default:
      return -1;
  }
}

// RFC 9000 §18.2: an integer parameter is exactly one varint.
Result<uint64_t> decode_integer(std::span<const uint8_t> value) {
  BufferReader reader(value);
  uint64_t out = 0;
  if (!reader.read_varint(out) || !reader.empty()) {
    return parameter_error("integer parameter length does not match its encoding");
  }
  return out;
}

Result<ConnectionId> decode_connection_id(std::span<const uint8_t> value) {
  ConnectionId id;
  if (!ConnectionId::from_bytes(value, id)) {
    return parameter_error("connection ID parameter longer than 20 bytes");
  }
  return id;
}

Status decode_empty(std::span<const uint8_t> value, const char* reason) {
  if (!value.empty()) return parameter_error(reason);
  return ok_status();
}

Result<PreferredAddress> decode_preferred_address(std::span<const uint8_t> value) {
  if (value.size() < kPreferredAddressFixedLength) {
    return parameter_error("preferred_address too short");
  }
  BufferReader reader(value);
  std::span<const uint8_t> ipv4, ipv6, cid, token;
  uint16_t ipv4_port = 0, ipv6_port = 0;
  uint8_t cid_length = 0;
  // The fixed part is in range, so only the connection ID can run short.
  (void)(reader.read_bytes(4, ipv4) && reader.read_u16(ipv4_port) && reader.read_bytes(16, ipv6) &&
         reader.read_u16(ipv6_port) && reader.read_u8(cid_length));
  if (cid_length > kMaxConnectionIdLength) {
    return parameter_error("preferred_address connection ID longer than 20 bytes");
  }
  if (value.size() != kPreferredAddressFixedLength + cid_length) {
    return parameter_error("preferred_address length does not match its layout");
  }
  (void)(reader.read_bytes(cid_length, cid) &&
         reader.read_bytes(kStatelessResetTokenLength, token));
  PreferredAddress address;
  std::array<uint8_t, 4> ipv4_bytes;
  std::array<uint8_t, 16> ipv6_bytes;
  std::copy(ipv4.begin(), ipv4.end(), ipv4_bytes.begin());
  std::copy(ipv6.begin(), ipv6.end(), ipv6_bytes.begin());
  address.ipv4 = SocketAddress::ipv4(ipv4_bytes, ipv4_port);
  address.ipv6 = SocketAddress::ipv6(ipv6_bytes, ipv6_port);
  address.connection_id = ConnectionId::of(cid);
  std::copy(token.begin(), token.end(), address.stateless_reset_token.begin());
  return address;
}

Result<VersionInformation> decode_version_information(std::span<const uint8_t> value) {
  // RFC 9368 §4: too short or not a multiple of four is a parsing failure.
  if (value.size() < 4) return parameter_error("version_information too short");
  if (value.size() % 4 != 0) {
    return parameter_error("version_information length not a multiple of 4");
  }
  BufferReader reader(value);
  VersionInformation info;
  (void)reader.read_u32(info.chosen_version);
  info.available_versions.resize(reader.remaining() / 4);
  for (uint32_t& version : info.available_versions) (void)reader.read_u32(version);
  return info;
}

Status decode_parameter(uint64_t id, std::span<const uint8_t> value, TransportParameters& p) {
  switch (static_cast<Id>(id)) {
    case Id::kOriginalDestinationConnectionId: {
      QUASAR_ASSIGN_OR_RETURN(p.original_destination_connection_id, decode_connection_id(value));
      return ok_status();
    }
    case Id::kMaxIdleTimeout: {
      QUASAR_ASSIGN_OR_RETURN(p.max_idle_timeout_ms, decode_integer(value));
      return ok_status();
    }
    case Id::kStatelessResetToken: {
      if (value.size() != kStatelessResetTokenLength) {
        return parameter_error("stateless_reset_token not 16 bytes");
      }
      p.stateless_reset_token.emplace();
      std::copy(value.begin(), value.end(), p.stateless_reset_token->begin());
      return ok_status();
    }
    case Id::kMaxUdpPayloadSize: {
      QUASAR_ASSIGN_OR_RETURN(p.max_udp_payload_size, decode_integer(value));
      return ok_status();
    }
    case Id::kInitialMaxData: {
      QUASAR_ASSIGN_OR_RETURN(p.initial_max_data, decode_integer(value));
      return ok_status();
    }
    case Id::kInitialMaxStreamDataBidiLocal: {
      QUASAR_ASSIGN_OR_RETURN(p.initial_max_stream_data_bidi_local, decode_integer(value));
      return ok_status();
    }
    case Id::kInitialMaxStreamDataBidiRemote: {
      QUASAR_ASSIGN_OR_RETURN(p.initial_max_stream_data_bidi_remote, decode_integer(value));
      return ok_status();
    }
    case Id::kInitialMaxStreamDataUni: {
      QUASAR_ASSIGN_OR_RETURN(p.initial_max_stream_data_uni, decode_integer(value));
      return ok_status();
    }
    case Id::kInitialMaxStreamsBidi: {
      QUASAR_ASSIGN_OR_RETURN(p.initial_max_streams_bidi, decode_integer(value));
      return ok_status();
    }
    case Id::kInitialMaxStreamsUni: {
      QUASAR_ASSIGN_OR_RETURN(p.initial_max_streams_uni, decode_integer(value));
      return ok_status();
    }
    case Id::kAckDelayExponent: {
      QUASAR_ASSIGN_OR_RETURN(p.ack_delay_exponent, decode_integer(value));
      return ok_status();
    }
    case Id::kMaxAckDelay: {
      QUASAR_ASSIGN_OR_RETURN(p.max_ack_delay_ms, decode_integer(value));
      return ok_status();
    }
    case Id::kDisableActiveMigration: {
      QUASAR_TRY(decode_empty(value, "disable_active_migration with a non-empty value"));
      p.disable_active_migration = true;
      return ok_status();
    }
    case Id::kPreferredAddress: {
      QUASAR_ASSIGN_OR_RETURN(p.preferred_address, decode_preferred_address(value));
      return ok_status();
    }
    case Id::kActiveConnectionIdLimit: {
      QUASAR_ASSIGN_OR_RETURN(p.active_connection_id_limit, decode_integer(value));
      return ok_status();
    }
    case Id::kInitialSourceConnectionId: {
      QUASAR_ASSIGN_OR_RETURN(p.initial_source_connection_id, decode_connection_id(value));
      return ok_status();
    }
    case Id::kRetrySourceConnectionId: {
      QUASAR_ASSIGN_OR_RETURN(p.retry_source_connection_id, decode_connection_id(value));
      return ok_status();
    }
    case Id::kVersionInformation: {
      QUASAR_ASSIGN_OR_RETURN(p.version_information, decode_version_information(value));
      return ok_status();
    }
    case Id::kMaxDatagramFrameSize: {
      QUASAR_ASSIGN_OR_RETURN(p.max_datagram_frame_size, decode_integer(value));
      return ok_status();
    }
    case Id::kGreaseQuicBit: {
      QUASAR_TRY(decode_empty(value, "grease_quic_bit with a non-empty value"));
      p.grease_quic_bit = true;
      return ok_status();
    }
    case Id::kMinAckDelay: {
      QUASAR_ASSIGN_OR_RETURN(p.min_ack_delay_us, decode_integer(value));
      return ok_status();
    }
  }
  // RFC 9000 §7.4.2, §18.1: unknown and reserved parameters are ignored.
  return ok_status();
}

}  // namespace

bool VersionInformation::lists(uint32_t version) const {
  return std::find(available_versions.begin(), available_versions.end(), version) !=
         available_versions.end();
}

Status validate_transport_parameters(const TransportParameters& params, Role sender) {
  QUASAR_TRY(validate_server_only(params, sender));
  QUASAR_TRY(validate_integers(params));
  QUASAR_TRY(validate_preferred_address(params));
  QUASAR_TRY(validate_version_information(params, sender));
  return ok_status();
}

Status encode_transport_parameters(const TransportParameters& params, Role sender,
                                   BufferWriter& writer, Rng* grease_rng) {
  QUASAR_TRY(validate_transport_parameters(params, sender));
  // Write into the free space first so that a failure leaves the writer untouched.
  BufferWriter scratch(writer.buffer().subspan(writer.written()));
  if (!write_all(scratch, params, grease_rng) || !writer.advance(scratch.written())) {
    return QuicError::transport(TransportError::kInternalError, 0,
                                "transport parameters do not fit");
  }
  return ok_status();
}

Result<TransportParameters> decode_transport_parameters(std::span<const uint8_t> bytes,
                                                        Role sender) {
  TransportParameters params;
  uint32_t seen = 0;
  BufferReader reader(bytes);
  while (!reader.empty()) {
    // RFC 9000 §18: Transport Parameter ID (i), Length (i), Value (..).
    uint64_t id = 0, length = 0;
    std::span<const uint8_t> value;
    if (!reader.read_varint(id) || !reader.read_varint(length)) {
      return parameter_error("transport parameter truncated in its header");
    }
    if (length > reader.remaining() || !reader.read_bytes(static_cast<size_t>(length), value)) {
      return parameter_error("transport parameter value runs past the end");
    }
    const int index = known_parameter_index(id);
    if (index < 0) continue;  // unknown or reserved: skipped
    if ((seen & (uint32_t{1} << index)) != 0) {
      return parameter_error("duplicate transport parameter");
    }
    seen |= uint32_t{1} << index;
    QUASAR_TRY(decode_parameter(id, value, params));
  }
  QUASAR_TRY(validate_transport_parameters(params, sender));
  return params;
}

}  // namespace quasar
