// Version Negotiation packets: building a server's answer and reading one as a client
// (RFC 9000 §6, §17.2.1; RFC 8999 §6).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/buffer_writer.h"
#include "quic/base/result.h"
#include "quic/base/rng.h"

namespace quasar {

// A parsed Version Negotiation packet; the spans point into the received datagram.
struct VersionNegotiationPacket {
  std::span<const uint8_t> dcid;
  std::span<const uint8_t> scid;
  std::span<const uint8_t> version_bytes;  // a non-zero multiple of 4 bytes

  size_t version_count() const { return version_bytes.size() / 4; }
  // The version at `index`, which must be below version_count().
  uint32_t version(size_t index) const;
  bool lists(uint32_t version) const;
};

// Writes a Version Negotiation packet answering a long-header packet that carried
// `received_dcid` and `received_scid` (each up to 255 bytes, RFC 8999 §5.1): their values are
// echoed swapped (RFC 9000 §17.2.1). The list holds `supported_versions` plus one random
// reserved version at a random position (RFC 9000 §6.3); the Unused bits are random, with the
// 0x40 bit set so the packet looks like QUIC to demultiplexers (RFC 9000 §17.2.1). Returns the
// packet size, or nullopt (nothing written) if it does not fit or a CID is too long.
std::optional<size_t> write_version_negotiation(BufferWriter& writer,
                                                std::span<const uint8_t> received_dcid,
                                                std::span<const uint8_t> received_scid,
                                                std::span<const uint32_t> supported_versions,
                                                Rng& rng);

// Reads a Version Negotiation packet (a whole datagram). Errors (PROTOCOL_VIOLATION; the
// client ignores such a packet): not a long header with version 0, truncated CIDs, an empty
// version list or one whose length is not a multiple of 4 (RFC 8999 §6).
Result<VersionNegotiationPacket> parse_version_negotiation(std::span<const uint8_t> datagram);

}  // namespace quasar
