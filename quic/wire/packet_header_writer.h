// Writing long and short packet headers into the packet builder's memory (RFC 9000 §17.2,
// §17.3), and patching the Length field once the payload size is known.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/buffer_writer.h"
#include "quic/base/connection_id.h"
#include "quic/wire/packet_type.h"

namespace quasar {

// Where the parts of a written header are, relative to the packet's first byte.
struct PacketHeaderLayout {
  size_t header_length = 0;         // up to and including the Packet Number field
  size_t packet_number_offset = 0;  // start of the Packet Number field
  size_t packet_number_length = 0;  // 1..4
  size_t length_offset = 0;         // long headers: start of the Length field
  size_t length_field_length = 0;   // long headers: its fixed width (1, 2, 4 or 8); 0 for short
};

// An Initial, 0-RTT or Handshake header. The Length field is written with a fixed width and
// the value 0, to be set by write_length_field once the payload is in place.
struct LongHeaderFields {
  uint32_t version = 0;  // kQuicVersion1 or kQuicVersion2
  PacketType type = PacketType::kInitial;
  ConnectionId dcid;
  ConnectionId scid;
  std::span<const uint8_t> token;  // Initial only
  uint64_t packet_number = 0;
  size_t packet_number_length = 4;  // 1..4, see packet_number_length()
  // 2 bytes cover packets up to 16383 bytes, every datagram this stack sends.
  size_t length_field_length = 2;
};

struct ShortHeaderFields {
  ConnectionId dcid;
  bool spin_bit = false;
  bool key_phase = false;
  uint64_t packet_number = 0;
  size_t packet_number_length = 4;
};

// Writes the header at the writer's position; the reserved bits are 0 (RFC 9000 §17.2) and the
// packet number is in the clear (header protection comes later). Returns nullopt, having
// written nothing, if the fields are invalid (unsupported version, a type other than Initial,
// 0-RTT or Handshake, a token outside an Initial, a bad length) or the writer lacks room.
std::optional<PacketHeaderLayout> write_long_header(BufferWriter& writer,
                                                    const LongHeaderFields& fields);
std::optional<PacketHeaderLayout> write_short_header(BufferWriter& writer,
                                                     const ShortHeaderFields& fields);

// Sets the Length field of a long-header packet that occupies exactly `packet` (its first byte
// to the end of the AEAD tag): Length = packet size - packet number offset (RFC 9000 §17.2).
// Returns false if the value does not fit the reserved width or the packet is shorter than its
// header.
[[nodiscard]] bool write_length_field(std::span<uint8_t> packet, const PacketHeaderLayout& layout);

}  // namespace quasar
