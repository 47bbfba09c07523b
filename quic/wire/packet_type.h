// PacketType: the kinds of QUIC packet (RFC 9000 §17), independent of their wire encoding,
// which differs between QUIC versions (RFC 9369 §3.2).
#pragma once

#include <cstdint>
#include <optional>

#include "quic/base/encryption_level.h"

namespace quasar {

enum class PacketType : uint8_t {
  kInitial,
  kZeroRtt,
  kHandshake,
  kRetry,
  kVersionNegotiation,
  kOneRtt,  // short header
};

// The keys a packet type is protected with; nullopt for Retry and Version Negotiation.
constexpr std::optional<EncryptionLevel> encryption_level_of(PacketType type) {
  switch (type) {
    case PacketType::kInitial: return EncryptionLevel::kInitial;
    case PacketType::kZeroRtt: return EncryptionLevel::kZeroRtt;
    case PacketType::kHandshake: return EncryptionLevel::kHandshake;
    case PacketType::kOneRtt: return EncryptionLevel::kOneRtt;
    case PacketType::kRetry:
    case PacketType::kVersionNegotiation: return std::nullopt;
  }
  return std::nullopt;
}

constexpr const char* packet_type_name(PacketType type) {
  switch (type) {
    case PacketType::kInitial: return "initial";
    case PacketType::kZeroRtt: return "0RTT";
    case PacketType::kHandshake: return "handshake";
    case PacketType::kRetry: return "retry";
    case PacketType::kVersionNegotiation: return "version_negotiation";
    case PacketType::kOneRtt: return "1RTT";
  }
  return "unknown";
}

}  // namespace quasar
