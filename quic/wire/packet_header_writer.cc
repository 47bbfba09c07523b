// Long and short header writing for the packet builder.
#include "quic/wire/packet_header_writer.h"

#include "quic/base/varint.h"
#include "quic/wire/packet_number.h"
#include "quic/wire/version.h"

namespace quasar {

namespace {

bool valid_packet_number_length(size_t length) {
  return length >= kMinPacketNumberLength && length <= kMaxPacketNumberLength;
}

bool valid_varint_length(size_t length) {
  return length == 1 || length == 2 || length == 4 || length == 8;
}

// Writes through a scratch writer so that a failure leaves `writer` untouched.
template <typename WriteFn>
std::optional<PacketHeaderLayout> write_atomically(BufferWriter& writer, WriteFn write) {
  BufferWriter scratch(writer.buffer().subspan(writer.written()));
  PacketHeaderLayout layout;
  if (!write(scratch, layout)) return std::nullopt;
  if (!writer.advance(scratch.written())) return std::nullopt;
  return layout;
}

}  // namespace

std::optional<PacketHeaderLayout> write_long_header(BufferWriter& writer,
                                                    const LongHeaderFields& fields) {
  const bool has_packet_number = fields.type == PacketType::kInitial ||
                                 fields.type == PacketType::kZeroRtt ||
                                 fields.type == PacketType::kHandshake;
  if (!has_packet_number || !valid_packet_number_length(fields.packet_number_length) ||
      !valid_varint_length(fields.length_field_length)) {
    return std::nullopt;
  }
  if (fields.type != PacketType::kInitial && !fields.token.empty()) return std::nullopt;
  // RFC 9000 §6.3: a client may send its first Initial in a reserved version to elicit Version
  // Negotiation; such a version defines nothing, so the packet is laid out as a v1 Initial.
  const auto code = is_reserved_version(fields.version) && fields.type == PacketType::kInitial
                        ? long_header_type_code(kQuicVersion1, PacketType::kInitial)
                        : long_header_type_code(fields.version, fields.type);
  if (!code) return std::nullopt;

  return write_atomically(writer, [&](BufferWriter& w, PacketHeaderLayout& layout) {
    // RFC 9000 §17.2: Header Form 1, Fixed Bit 1, type, Reserved Bits 0, Packet Number Length.
    const uint8_t first =
        static_cast<uint8_t>(0xc0 | (*code << 4) | (fields.packet_number_length - 1));
    if (!w.write_u8(first) || !w.write_u32(fields.version)) return false;
    if (!w.write_u8(static_cast<uint8_t>(fields.dcid.size())) || !w.write_bytes(fields.dcid.span()))
      return false;
    if (!w.write_u8(static_cast<uint8_t>(fields.scid.size())) || !w.write_bytes(fields.scid.span()))
      return false;
    if (fields.type == PacketType::kInitial) {
      // RFC 9000 §17.2.2: Token Length (i), Token (..).
      if (!w.write_varint(fields.token.size()) || !w.write_bytes(fields.token)) return false;
    }
    layout.length_offset = w.written();
    layout.length_field_length = fields.length_field_length;
    if (!w.write_varint_with_length(0, fields.length_field_length)) return false;
    layout.packet_number_offset = w.written();
    layout.packet_number_length = fields.packet_number_length;
    if (!write_packet_number(w, fields.packet_number, fields.packet_number_length)) return false;
    layout.header_length = w.written();
    return true;
  });
}

std::optional<PacketHeaderLayout> write_short_header(BufferWriter& writer,
                                                     const ShortHeaderFields& fields) {
  if (!valid_packet_number_length(fields.packet_number_length)) return std::nullopt;
  return write_atomically(writer, [&](BufferWriter& w, PacketHeaderLayout& layout) {
    // RFC 9000 §17.3.1: Header Form 0, Fixed Bit 1, Spin, Reserved 0, Key Phase, PN Length.
    const uint8_t first =
        static_cast<uint8_t>(0x40 | (fields.spin_bit ? 0x20 : 0) | (fields.key_phase ? 0x04 : 0) |
                             (fields.packet_number_length - 1));
    if (!w.write_u8(first) || !w.write_bytes(fields.dcid.span())) return false;
    layout.packet_number_offset = w.written();
    layout.packet_number_length = fields.packet_number_length;
    if (!write_packet_number(w, fields.packet_number, fields.packet_number_length)) return false;
    layout.header_length = w.written();
    return true;
  });
}

bool write_length_field(std::span<uint8_t> packet, const PacketHeaderLayout& layout) {
  if (layout.length_field_length == 0 || packet.size() < layout.header_length) return false;
  const uint64_t length = packet.size() - layout.packet_number_offset;
  BufferWriter writer(packet.subspan(layout.length_offset, layout.length_field_length));
  return writer.write_varint_with_length(length, layout.length_field_length);
}

}  // namespace quasar
