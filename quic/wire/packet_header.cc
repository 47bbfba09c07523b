// Partial decoding of long and short packet headers before header protection is removed.
#include "quic/wire/packet_header.h"

#include "quic/base/buffer_reader.h"
#include "quic/base/connection_id.h"
#include "quic/wire/version.h"

namespace quasar {

namespace {

constexpr uint8_t kHeaderFormBit = 0x80;
constexpr uint8_t kFixedBit = 0x40;

QuicError malformed(const char* reason) {
  return QuicError::transport(TransportError::kProtocolViolation, 0, reason);
}

// Bytes a packet with a packet number needs after the Packet Number field starts.
constexpr size_t kMinBytesFromPacketNumber =
    kHeaderProtectionSampleOffset + kHeaderProtectionSampleLength;

Result<PacketHeader> parse_short_header(std::span<const uint8_t> datagram, size_t dcid_length) {
  PacketHeader header;
  header.form = HeaderForm::kShort;
  header.first_byte = datagram[0];
  header.fixed_bit = (datagram[0] & kFixedBit) != 0;
  header.type = PacketType::kOneRtt;
  // RFC 9000 §17.3.1: a zero Fixed Bit is not a valid packet of this version.
  if (!header.fixed_bit) return malformed("short header with the fixed bit clear");
  if (datagram.size() - 1 < dcid_length) return malformed("short header truncated in the DCID");
  header.dcid = datagram.subspan(1, dcid_length);
  header.packet_number_offset = 1 + dcid_length;
  // RFC 9001 §5.4.2: discard packets too short to hold the header protection sample.
  if (datagram.size() - header.packet_number_offset < kMinBytesFromPacketNumber) {
    return malformed("short header packet too short for the header protection sample");
  }
  header.packet = datagram;  // a short header packet runs to the end of the datagram
  return header;
}

// Reads a one-byte length and that many bytes of connection ID.
bool read_connection_id(BufferReader& reader, std::span<const uint8_t>& out) {
  uint8_t length = 0;
  if (!reader.read_u8(length)) return false;
  return reader.read_bytes(length, out);
}

Result<PacketHeader> parse_version_negotiation_tail(PacketHeader header, BufferReader& reader) {
  header.type = PacketType::kVersionNegotiation;
  // RFC 8999 §6: ignore a packet with no Supported Version or a truncated one.
  header.supported_versions = reader.rest();
  if (header.supported_versions.empty()) return malformed("version negotiation lists no version");
  if (header.supported_versions.size() % 4 != 0) {
    return malformed("version negotiation with a truncated version");
  }
  return header;
}

Result<PacketHeader> parse_retry_tail(PacketHeader header, BufferReader& reader) {
  // RFC 9000 §17.2.5: Retry Token (..), Retry Integrity Tag (128).
  const auto rest = reader.rest();
  if (rest.size() < kRetryIntegrityTagLength) return malformed("retry shorter than its tag");
  header.token = rest.first(rest.size() - kRetryIntegrityTagLength);
  header.retry_integrity_tag = rest.last(kRetryIntegrityTagLength);
  // RFC 9000 §17.2.5.2: a client discards a Retry with an empty token.
  if (header.token.empty()) return malformed("retry with an empty token");
  return header;
}

Result<PacketHeader> parse_long_header(std::span<const uint8_t> datagram) {
  BufferReader reader(datagram);
  PacketHeader header;
  header.form = HeaderForm::kLong;
  (void)reader.read_u8(header.first_byte);
  header.fixed_bit = (header.first_byte & kFixedBit) != 0;
  if (!reader.read_u32(header.version)) return malformed("long header truncated in the version");
  // RFC 8999 §5.1: up to 255 bytes in any version. RFC 9000 §17.2: at most 20 in v1 (and v2).
  if (!read_connection_id(reader, header.dcid)) {
    return malformed("long header truncated in the DCID");
  }
  if (!read_connection_id(reader, header.scid)) {
    return malformed("long header truncated in the SCID");
  }
  if (header.version == kVersionNegotiationVersion) {
    header.packet = datagram;  // RFC 9000 §17.2.1: it fills the whole datagram
    return parse_version_negotiation_tail(header, reader);
  }
  if (!is_supported_version(header.version)) {
    // RFC 9000 §6.1, RFC 8999 §6: the rest belongs to a version we do not speak; expose the
    // version and CIDs so the endpoint can answer with Version Negotiation.
    header.version_known = false;
    header.packet = datagram;
    return header;
  }
  if (header.dcid.size() > kMaxConnectionIdLength || header.scid.size() > kMaxConnectionIdLength) {
    return malformed("connection ID longer than 20 bytes");
  }
  // RFC 9000 §17.2: packets with a zero Fixed Bit are not valid in this version (nor in v2).
  if (!header.fixed_bit) return malformed("long header with the fixed bit clear");
  const uint8_t code = (header.first_byte >> 4) & 0x03;
  header.type = *packet_type_from_long_header_code(header.version, code);

  if (header.type == PacketType::kRetry) {
    header.packet = datagram;  // no Length field: it fills the rest of the datagram
    return parse_retry_tail(header, reader);
  }
  if (header.type == PacketType::kInitial) {
    // RFC 9000 §17.2.2: Token Length (i), Token (..).
    uint64_t token_length = 0;
    if (!reader.read_varint(token_length)) return malformed("initial truncated in token length");
    if (token_length > reader.remaining() ||
        !reader.read_bytes(static_cast<size_t>(token_length), header.token)) {
      return malformed("initial token runs past the datagram");
    }
  }
  if (!reader.read_varint(header.length)) return malformed("long header truncated in Length");
  if (header.length > reader.remaining()) return malformed("Length runs past the datagram");
  // RFC 9001 §5.4.2: the sample must lie inside this packet.
  if (header.length < kMinBytesFromPacketNumber) {
    return malformed("long header packet too short for the header protection sample");
  }
  header.packet_number_offset = reader.offset();
  header.packet = datagram.first(reader.offset() + static_cast<size_t>(header.length));
  return header;
}

}  // namespace

Result<PacketHeader> parse_packet_header(std::span<const uint8_t> datagram,
                                         size_t short_header_dcid_length) {
  if (datagram.empty()) return malformed("empty datagram");
  if ((datagram[0] & kHeaderFormBit) != 0) return parse_long_header(datagram);
  return parse_short_header(datagram, short_header_dcid_length);
}

}  // namespace quasar
