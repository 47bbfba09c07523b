// QUIC versions and their long-header packet type codes.
#include "quic/wire/version.h"

namespace quasar {

namespace {

// Indexed by the two-bit Long Packet Type code.
constexpr std::array<PacketType, 4> kVersion1Types = {PacketType::kInitial, PacketType::kZeroRtt,
                                                      PacketType::kHandshake, PacketType::kRetry};
constexpr std::array<PacketType, 4> kVersion2Types = {PacketType::kRetry, PacketType::kInitial,
                                                      PacketType::kZeroRtt, PacketType::kHandshake};

const std::array<PacketType, 4>* type_table(uint32_t version) {
  switch (version) {
    case kQuicVersion1:
      return &kVersion1Types;
    case kQuicVersion2:
      return &kVersion2Types;
    default:
      return nullptr;
  }
}

}  // namespace

uint32_t random_reserved_version(Rng& rng) {
  // Keep the high nibble of each byte random and force the low nibble to 0xa.
  return (static_cast<uint32_t>(rng.next_u64()) & 0xf0f0f0f0u) | 0x0a0a0a0au;
}

std::optional<uint8_t> long_header_type_code(uint32_t version, PacketType type) {
  const auto* table = type_table(version);
  if (table == nullptr) return std::nullopt;
  for (uint8_t code = 0; code < table->size(); ++code) {
    if ((*table)[code] == type) return code;
  }
  return std::nullopt;
}

std::optional<PacketType> packet_type_from_long_header_code(uint32_t version, uint8_t code) {
  const auto* table = type_table(version);
  if (table == nullptr || code >= table->size()) return std::nullopt;
  return (*table)[code];
}

const char* version_name(uint32_t version) {
  if (version == kQuicVersion1) return "v1";
  if (version == kQuicVersion2) return "v2";
  if (version == kVersionNegotiationVersion) return "version_negotiation";
  if (is_reserved_version(version)) return "reserved";
  return "unknown";
}

}  // namespace quasar
