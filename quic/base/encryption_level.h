// EncryptionLevel: the four key epochs of a QUIC connection (RFC 9001 §4, §2.1).
#pragma once

#include <cstddef>
#include <cstdint>

namespace quasar {

// Initial, 0-RTT, Handshake and 1-RTT keys. 0-RTT and 1-RTT share the application data
// packet number space (RFC 9000 §12.3).
enum class EncryptionLevel : uint8_t { kInitial = 0, kZeroRtt = 1, kHandshake = 2, kOneRtt = 3 };
inline constexpr size_t kEncryptionLevelCount = 4;

// RFC 9000 §12.3: the three packet number spaces.
enum class PacketNumberSpace : uint8_t { kInitial = 0, kHandshake = 1, kApplication = 2 };
inline constexpr size_t kPacketNumberSpaceCount = 3;

constexpr PacketNumberSpace packet_number_space_of(EncryptionLevel level) {
  switch (level) {
    case EncryptionLevel::kInitial: return PacketNumberSpace::kInitial;
    case EncryptionLevel::kHandshake: return PacketNumberSpace::kHandshake;
    case EncryptionLevel::kZeroRtt:
    case EncryptionLevel::kOneRtt: return PacketNumberSpace::kApplication;
  }
  return PacketNumberSpace::kApplication;
}

constexpr const char* encryption_level_name(EncryptionLevel level) {
  switch (level) {
    case EncryptionLevel::kInitial: return "initial";
    case EncryptionLevel::kZeroRtt: return "0rtt";
    case EncryptionLevel::kHandshake: return "handshake";
    case EncryptionLevel::kOneRtt: return "1rtt";
  }
  return "unknown";
}

}  // namespace quasar
