// Building and reading Version Negotiation packets.
#include "quic/wire/version_negotiation.h"

#include "quic/wire/packet_header.h"
#include "quic/wire/version.h"

namespace quasar {

uint32_t VersionNegotiationPacket::version(size_t index) const {
  const uint8_t* p = version_bytes.data() + 4 * index;
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool VersionNegotiationPacket::lists(uint32_t wanted) const {
  for (size_t i = 0; i < version_count(); ++i) {
    if (version(i) == wanted) return true;
  }
  return false;
}

std::optional<size_t> write_version_negotiation(BufferWriter& writer,
                                                std::span<const uint8_t> received_dcid,
                                                std::span<const uint8_t> received_scid,
                                                std::span<const uint32_t> supported_versions,
                                                Rng& rng) {
  if (received_dcid.size() > kMaxInvariantConnectionIdLength ||
      received_scid.size() > kMaxInvariantConnectionIdLength) {
    return std::nullopt;
  }
  const size_t version_count = supported_versions.size() + 1;
  const size_t size =
      1 + 4 + 1 + received_scid.size() + 1 + received_dcid.size() + 4 * version_count;
  if (writer.remaining() < size) return std::nullopt;

  uint8_t unused_bits = 0;
  rng.fill({&unused_bits, 1});
  const size_t grease_position = static_cast<size_t>(rng.uniform(version_count));
  const uint32_t grease_version = random_reserved_version(rng);

  // RFC 9000 §17.2.1: Header Form 1, Unused (7) with 0x40 set, Version 0, then the CIDs of the
  // received packet swapped, then the Supported Version list. Room was checked above.
  bool ok = writer.write_u8(static_cast<uint8_t>(0xc0 | (unused_bits & 0x3f))) &&
            writer.write_u32(kVersionNegotiationVersion) &&
            writer.write_u8(static_cast<uint8_t>(received_scid.size())) &&
            writer.write_bytes(received_scid) &&
            writer.write_u8(static_cast<uint8_t>(received_dcid.size())) &&
            writer.write_bytes(received_dcid);
  size_t next_supported = 0;
  for (size_t i = 0; ok && i < version_count; ++i) {
    ok = writer.write_u32(i == grease_position ? grease_version
                                               : supported_versions[next_supported++]);
  }
  if (!ok) return std::nullopt;
  return size;
}

Result<VersionNegotiationPacket> parse_version_negotiation(std::span<const uint8_t> datagram) {
  // A Version Negotiation packet always has a long header, so the DCID length is irrelevant.
  QUASAR_ASSIGN_OR_RETURN(const PacketHeader header, parse_packet_header(datagram, 0));
  if (!header.is_long() || !header.version_known ||
      header.type != PacketType::kVersionNegotiation) {
    return QuicError::transport(TransportError::kProtocolViolation, 0,
                                "not a version negotiation packet");
  }
  return VersionNegotiationPacket{header.dcid, header.scid, header.supported_versions};
}

}  // namespace quasar
