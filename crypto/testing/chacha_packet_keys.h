// ChaChaPacketKeyFactory (tests and benchmarks only): real ChaCha20-Poly1305 packet protection
// whatever SHA-256 suite TLS negotiated. BoringSSL's client lists AES-GCM first on CPUs with AES
// instructions and its server follows that order, so on such machines no handshake settles on
// ChaCha20; with this factory at both ends every packet is still protected exactly as a ChaCha20
// connection's, keys expanded from the same 32-byte secrets (RFC 9001 §5.1).
#pragma once

#include <memory>

#include "crypto/packet_keys.h"

namespace quasar {

class ChaChaPacketKeyFactory final : public PacketKeyFactory {
 public:
  static constexpr CipherSuite kSuite = CipherSuite::kChaCha20Poly1305Sha256;

  Result<std::unique_ptr<PacketProtector>, CryptoError> make_packet_protector(
      std::span<const uint8_t> secret, CipherSuite, uint32_t version) const override {
    return standard_packet_key_factory().make_packet_protector(secret, kSuite, version);
  }
  Result<std::unique_ptr<HeaderProtector>, CryptoError> make_header_protector(
      std::span<const uint8_t> secret, CipherSuite, uint32_t version) const override {
    return standard_packet_key_factory().make_header_protector(secret, kSuite, version);
  }
};

inline const PacketKeyFactory& chacha_packet_keys() {
  static const ChaChaPacketKeyFactory factory;
  return factory;
}

}  // namespace quasar
