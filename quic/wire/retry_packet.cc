// Writing and reading Retry packets and their pseudo-packet.
#include "quic/wire/retry_packet.h"

#include "quic/wire/packet_header.h"
#include "quic/wire/version.h"

namespace quasar {

std::optional<size_t> write_retry_without_tag(BufferWriter& writer,
                                              const RetryPacketFields& fields) {
  const auto code = long_header_type_code(fields.version, PacketType::kRetry);
  if (!code || fields.token.empty()) return std::nullopt;
  const size_t size = 1 + 4 + 1 + fields.dcid.size() + 1 + fields.scid.size() + fields.token.size();
  if (writer.remaining() < size) return std::nullopt;
  // RFC 9000 §17.2.5: Header Form 1, Fixed Bit 1, Long Packet Type, Unused (4). Room was
  // checked above, so none of these writes can fail.
  const bool ok =
      writer.write_u8(static_cast<uint8_t>(0xc0 | (*code << 4) | (fields.unused_bits & 0x0f))) &&
      writer.write_u32(fields.version) &&
      writer.write_u8(static_cast<uint8_t>(fields.dcid.size())) &&
      writer.write_bytes(fields.dcid.span()) &&
      writer.write_u8(static_cast<uint8_t>(fields.scid.size())) &&
      writer.write_bytes(fields.scid.span()) && writer.write_bytes(fields.token);
  if (!ok) return std::nullopt;
  return size;
}

Result<RetryPacket> parse_retry_packet(std::span<const uint8_t> datagram) {
  QUASAR_ASSIGN_OR_RETURN(const PacketHeader header, parse_packet_header(datagram, 0));
  if (!header.is_long() || !header.version_known || header.type != PacketType::kRetry) {
    return QuicError::transport(TransportError::kProtocolViolation, 0, "not a retry packet");
  }
  RetryPacket retry;
  retry.version = header.version;
  retry.dcid = header.dcid;
  retry.scid = header.scid;
  retry.token = header.token;
  retry.integrity_tag = header.retry_integrity_tag;
  retry.without_tag = header.packet.first(header.packet.size() - kRetryIntegrityTagLength);
  return retry;
}

std::optional<size_t> write_retry_pseudo_packet(std::span<uint8_t> out,
                                                const ConnectionId& original_dcid,
                                                std::span<const uint8_t> retry_without_tag) {
  BufferWriter writer(out);
  const size_t size = retry_pseudo_packet_size(original_dcid.size(), retry_without_tag.size());
  if (writer.remaining() < size) return std::nullopt;
  const bool ok = writer.write_u8(static_cast<uint8_t>(original_dcid.size())) &&
                  writer.write_bytes(original_dcid.span()) && writer.write_bytes(retry_without_tag);
  if (!ok) return std::nullopt;
  return size;
}

}  // namespace quasar
