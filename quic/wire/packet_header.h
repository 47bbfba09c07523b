// PacketHeader and parse_packet_header: the part of a QUIC packet header that can be read
// before header protection is removed (RFC 9000 §17, RFC 8999 §5), zero-copy over the datagram.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "quic/base/header_protection_sample.h"
#include "quic/base/result.h"
#include "quic/base/retry_integrity_tag.h"
#include "quic/wire/packet_type.h"

namespace quasar {

enum class HeaderForm : uint8_t { kShort = 0, kLong = 1 };

// RFC 8999 §5.1: in any version a long-header connection ID is at most 255 bytes.
inline constexpr size_t kMaxInvariantConnectionIdLength = 255;

// One packet of a datagram as seen before header protection is removed. Every span points into
// the datagram given to parse_packet_header; nothing is copied. Offsets are relative to the
// packet's first byte.
struct PacketHeader {
  HeaderForm form = HeaderForm::kShort;
  // As received: for packets with a packet number its low bits are still header-protected.
  uint8_t first_byte = 0;
  bool fixed_bit = false;
  // False for a long header whose version this codec does not speak: only version, dcid and
  // scid are set, and the endpoint may answer with Version Negotiation (RFC 9000 §6.1).
  bool version_known = true;
  // Meaningful only when version_known. kVersionNegotiation for version 0.
  PacketType type = PacketType::kOneRtt;
  uint32_t version = 0;  // long headers only
  std::span<const uint8_t> dcid;
  std::span<const uint8_t> scid;  // long headers only
  // Initial: the Token field (the endpoint rejects a non-empty token in a server's Initial,
  // RFC 9000 §17.2.2). Retry: the Retry Token, never empty.
  std::span<const uint8_t> token;
  // Retry only: the trailing Retry Integrity Tag (RFC 9001 §5.8).
  std::span<const uint8_t> retry_integrity_tag;
  // Version Negotiation only: the Supported Version list, a non-zero multiple of 4 bytes.
  std::span<const uint8_t> supported_versions;
  // Initial, 0-RTT, Handshake: the Length field (Packet Number + protected payload).
  uint64_t length = 0;
  // Where the (protected) Packet Number field starts; 0 for packets without one.
  size_t packet_number_offset = 0;
  // This packet's bytes within the datagram: up to the end of the Length field's extent for
  // Initial, 0-RTT and Handshake packets, the rest of the datagram for every other packet.
  std::span<const uint8_t> packet;

  bool is_long() const { return form == HeaderForm::kLong; }
  size_t size() const { return packet.size(); }
  bool has_packet_number() const { return packet_number_offset != 0; }
  // RFC 9001 §5.4.2: where the header protection sample starts. The decoder guarantees that
  // the sample lies inside the packet whenever there is a packet number.
  size_t sample_offset() const { return packet_number_offset + kHeaderProtectionSampleOffset; }
  // The 16 sampled bytes; empty for packets without a packet number.
  std::span<const uint8_t> header_protection_sample() const {
    if (!has_packet_number()) return {};
    return packet.subspan(sample_offset(), kHeaderProtectionSampleLength);
  }
};

// Parses the first packet of `datagram` (or of what is left of it after earlier coalesced
// packets). Short headers carry no DCID length, so the receiver's own CID length is passed in.
//
// Every malformed or truncated header yields an error (code PROTOCOL_VIOLATION, with a reason);
// the endpoint drops such a packet without closing anything. Checked here:
// - a v1/v2 packet or a short header with the Fixed Bit clear (RFC 9000 §17.2, §17.3.1);
// - a v1/v2 connection ID longer than 20 bytes (RFC 9000 §17.2);
// - a Length beyond the end of the datagram, fields cut short;
// - a packet too short for the header protection sample (RFC 9001 §5.4.2);
// - a Version Negotiation packet with an empty or truncated version list (RFC 8999 §6);
// - a Retry packet shorter than its integrity tag or with an empty token (RFC 9000 §17.2.5.2).
Result<PacketHeader> parse_packet_header(std::span<const uint8_t> datagram,
                                         size_t short_header_dcid_length);

// The first-byte bits covered by header protection (RFC 9001 §5.4.1).
constexpr uint8_t header_protected_bits(HeaderForm form) {
  return form == HeaderForm::kLong ? 0x0f : 0x1f;
}

// RFC 9000 §17.2, §17.3.1: the reserved bits must be zero once protection is removed, or the
// connection closes with PROTOCOL_VIOLATION.
constexpr bool reserved_bits_are_zero(HeaderForm form, uint8_t unprotected_first_byte) {
  return (unprotected_first_byte & (form == HeaderForm::kLong ? 0x0c : 0x18)) == 0;
}

// RFC 9000 §17.3.1: the Key Phase bit of an unprotected short header.
constexpr bool key_phase_bit(uint8_t unprotected_first_byte) {
  return (unprotected_first_byte & 0x04) != 0;
}

// RFC 9000 §17.3.1: the latency spin bit (not header-protected).
constexpr bool spin_bit(uint8_t first_byte) { return (first_byte & 0x20) != 0; }

}  // namespace quasar
