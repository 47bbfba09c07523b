#include "crypto/packet_keys.h"

#include "crypto/aead_packet_protector.h"
#include "crypto/initial_secrets.h"
#include "crypto/packet_key_material.h"

namespace quasar {
namespace {

class StandardPacketKeyFactory final : public PacketKeyFactory {
 public:
  Result<std::unique_ptr<PacketProtector>, CryptoError> make_packet_protector(
      std::span<const uint8_t> secret, CipherSuite suite, uint32_t version) const override {
    QUASAR_ASSIGN_OR_RETURN(const PacketKeyMaterial material,
                            derive_packet_key_material(secret, suite, version));
    return make_aead_packet_protector(suite, material.key.span(), material.iv.span());
  }

  Result<std::unique_ptr<HeaderProtector>, CryptoError> make_header_protector(
      std::span<const uint8_t> secret, CipherSuite suite, uint32_t version) const override {
    QUASAR_ASSIGN_OR_RETURN(const PacketKeyMaterial material,
                            derive_packet_key_material(secret, suite, version));
    return quasar::make_header_protector(suite, material.hp.span());
  }

  // Expands the secret once for both keys.
  Result<PacketKeys, CryptoError> make_packet_keys(std::span<const uint8_t> secret,
                                                   CipherSuite suite,
                                                   uint32_t version) const override {
    QUASAR_ASSIGN_OR_RETURN(const PacketKeyMaterial material,
                            derive_packet_key_material(secret, suite, version));
    PacketKeys keys;
    QUASAR_ASSIGN_OR_RETURN(
        keys.aead, make_aead_packet_protector(suite, material.key.span(), material.iv.span()));
    QUASAR_ASSIGN_OR_RETURN(keys.header, quasar::make_header_protector(suite, material.hp.span()));
    return keys;
  }
};

}  // namespace

Result<PacketKeys, CryptoError> PacketKeyFactory::make_packet_keys(std::span<const uint8_t> secret,
                                                                   CipherSuite suite,
                                                                   uint32_t version) const {
  PacketKeys keys;
  QUASAR_ASSIGN_OR_RETURN(keys.aead, make_packet_protector(secret, suite, version));
  QUASAR_ASSIGN_OR_RETURN(keys.header, make_header_protector(secret, suite, version));
  return keys;
}

Result<InitialKeys, CryptoError> PacketKeyFactory::make_initial_keys(
    const ConnectionId& client_dcid, uint32_t version) const {
  QUASAR_ASSIGN_OR_RETURN(const InitialSecrets secrets,
                          derive_initial_secrets(client_dcid, version));
  // RFC 9001 §5: Initial packets use AEAD_AES_128_GCM.
  constexpr CipherSuite kInitialSuite = CipherSuite::kAes128GcmSha256;
  InitialKeys keys;
  QUASAR_ASSIGN_OR_RETURN(keys.client,
                          make_packet_keys(secrets.client.span(), kInitialSuite, version));
  QUASAR_ASSIGN_OR_RETURN(keys.server,
                          make_packet_keys(secrets.server.span(), kInitialSuite, version));
  return keys;
}

const PacketKeyFactory& standard_packet_key_factory() {
  static const StandardPacketKeyFactory factory;
  return factory;
}

}  // namespace quasar
