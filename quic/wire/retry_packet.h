// Retry packets (RFC 9000 §17.2.5): writing one without its integrity tag, reading one, and
// laying out the Retry pseudo-packet that the integrity tag covers (RFC 9001 §5.8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/buffer_writer.h"
#include "quic/base/connection_id.h"
#include "quic/base/result.h"

namespace quasar {

struct RetryPacketFields {
  uint32_t version = 0;  // kQuicVersion1 or kQuicVersion2
  ConnectionId dcid;     // the client's SCID
  ConnectionId scid;     // the server's new CID; must differ from the client's original DCID
  std::span<const uint8_t> token;  // non-empty
  uint8_t unused_bits = 0;         // the low four bits of the first byte, arbitrary
};

// Writes the Retry packet up to and including the token: everything but the 16-byte Retry
// Integrity Tag, which crypto/ computes over the pseudo-packet and the caller appends. Returns
// the bytes written, or nullopt (nothing written) for an unsupported version, an empty token
// or a writer without room.
std::optional<size_t> write_retry_without_tag(BufferWriter& writer,
                                              const RetryPacketFields& fields);

// A parsed Retry packet; the spans point into the received datagram.
struct RetryPacket {
  uint32_t version = 0;
  std::span<const uint8_t> dcid;
  std::span<const uint8_t> scid;
  std::span<const uint8_t> token;          // never empty
  std::span<const uint8_t> integrity_tag;  // 16 bytes
  std::span<const uint8_t> without_tag;    // the packet minus its tag
};

// Reads a Retry packet (the rest of a datagram). Errors (PROTOCOL_VIOLATION; the client
// discards the packet): not a v1/v2 Retry, CIDs over 20 bytes, no room for the tag, an empty
// token (RFC 9000 §17.2.5.2).
Result<RetryPacket> parse_retry_packet(std::span<const uint8_t> datagram);

// RFC 9001 §5.8: ODCID Length (8), Original Destination Connection ID, then the Retry packet
// without its tag.
constexpr size_t retry_pseudo_packet_size(size_t odcid_length, size_t retry_without_tag_size) {
  return 1 + odcid_length + retry_without_tag_size;
}

// Writes the Retry pseudo-packet into `out` for the integrity tag computation. Returns its
// size, or nullopt if `out` is too small.
std::optional<size_t> write_retry_pseudo_packet(std::span<uint8_t> out,
                                                const ConnectionId& original_dcid,
                                                std::span<const uint8_t> retry_without_tag);

}  // namespace quasar
