// QUIC version numbers: v1, v2, reserved (greasing) versions and the per-version encoding of
// long-header packet types (RFC 9000 §15, §17.2; RFC 9369 §3).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "quic/base/rng.h"
#include "quic/wire/packet_type.h"

namespace quasar {

// RFC 9000 §15: the version field of a Version Negotiation packet.
inline constexpr uint32_t kVersionNegotiationVersion = 0x00000000;
// RFC 9000 §15.
inline constexpr uint32_t kQuicVersion1 = 0x00000001;
// RFC 9369 §3.1.
inline constexpr uint32_t kQuicVersion2 = 0x6b3343cf;

// The versions this implementation speaks, in order of preference.
inline constexpr std::array<uint32_t, 2> kSupportedVersions = {kQuicVersion1, kQuicVersion2};

constexpr bool is_supported_version(uint32_t version) {
  return version == kQuicVersion1 || version == kQuicVersion2;
}

// RFC 9000 §15: versions of the form 0x?a?a?a?a are reserved to exercise version negotiation;
// they never name a real protocol.
constexpr bool is_reserved_version(uint32_t version) {
  return (version & 0x0f0f0f0fu) == 0x0a0a0a0au;
}

// A random reserved version, for greasing Version Negotiation packets and version_information.
uint32_t random_reserved_version(Rng& rng);

// The two-bit Long Packet Type code of `type` in `version`, or nullopt if the version is not
// supported or the type has no long-header code (Version Negotiation, 1-RTT).
// v1 (RFC 9000 §17.2): Initial 0, 0-RTT 1, Handshake 2, Retry 3.
// v2 (RFC 9369 §3.2): Initial 1, 0-RTT 2, Handshake 3, Retry 0.
std::optional<uint8_t> long_header_type_code(uint32_t version, PacketType type);

// The packet type a two-bit Long Packet Type code (0..3) stands for in `version`; nullopt if the
// version is not supported.
std::optional<PacketType> packet_type_from_long_header_code(uint32_t version, uint8_t code);

// "v1", "v2", "version_negotiation", "reserved" or "unknown", for logs.
const char* version_name(uint32_t version);

}  // namespace quasar
