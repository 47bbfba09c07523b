// VersionCrypto: what packet protection changes between QUIC versions: the Initial salt, the
// HKDF labels and the Retry integrity key (RFC 9001 §5.1, §5.2, §5.8; RFC 9369 §3.3).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace quasar {

struct VersionCrypto {
  uint32_t version = 0;
  std::span<const uint8_t> initial_salt;
  std::string_view key_label;  // "quic key" / "quicv2 key"
  std::string_view iv_label;   // "quic iv" / "quicv2 iv"
  std::string_view hp_label;   // "quic hp" / "quicv2 hp"
  std::string_view ku_label;   // "quic ku" / "quicv2 ku"
  // RFC 9001 §5.8 / RFC 9369 §3.3.3: fixed AEAD_AES_128_GCM key and nonce for Retry tags, and
  // the secret they are expanded from.
  std::array<uint8_t, 16> retry_key{};
  std::array<uint8_t, 12> retry_nonce{};
  std::array<uint8_t, 32> retry_secret{};
  bool has_retry = true;
};

// The constants for QUIC version 1 (0x00000001) and version 2 (0x6b3343cf, RFC 9369).
const VersionCrypto& quic_v1_crypto();
const VersionCrypto& quic_v2_crypto();
// A reserved version (0x?a?a?a?a, RFC 9000 §15) defines no packet protection of its own. A
// client's first flight in one, sent only to elicit Version Negotiation (RFC 9000 §6.3), gets
// the Initial salt of draft-ietf-quic-transport-29 and v1's labels: what other stacks send and
// what Wireshark decodes unknown versions with, so captures of the probe stay readable. It has
// no Retry.
const VersionCrypto& reserved_version_crypto();
// nullptr for a version whose packet protection this library does not know.
const VersionCrypto* version_crypto(uint32_t version);

}  // namespace quasar
