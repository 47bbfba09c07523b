// PacketKeys (the AEAD and header protection keys of one encryption level and direction) and
// PacketKeyFactory, the plug-in point that turns secrets into them. The standard factory uses
// the negotiated cipher; tests and the simulator may plug in another (crypto/testing).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "crypto/cipher_suite.h"
#include "crypto/crypto_error.h"
#include "crypto/header_protector.h"
#include "crypto/packet_protector.h"
#include "quic/base/connection_id.h"
#include "quic/base/result.h"

namespace quasar {

struct PacketKeys {
  std::unique_ptr<PacketProtector> aead;
  std::unique_ptr<HeaderProtector> header;
};

// Initial keys for both directions (RFC 9001 §5.2).
struct InitialKeys {
  PacketKeys client;  // protects what the client sends
  PacketKeys server;  // protects what the server sends
};

class PacketKeyFactory {
 public:
  virtual ~PacketKeyFactory() = default;

  // The AEAD for a traffic secret (also used alone on key update, RFC 9001 §6.1).
  virtual Result<std::unique_ptr<PacketProtector>, CryptoError> make_packet_protector(
      std::span<const uint8_t> secret, CipherSuite suite, uint32_t version) const = 0;
  // The header protection for a traffic secret; derived once per level (RFC 9001 §5.4).
  virtual Result<std::unique_ptr<HeaderProtector>, CryptoError> make_header_protector(
      std::span<const uint8_t> secret, CipherSuite suite, uint32_t version) const = 0;

  // Both of the above (implementations may share the work of deriving them).
  virtual Result<PacketKeys, CryptoError> make_packet_keys(std::span<const uint8_t> secret,
                                                           CipherSuite suite,
                                                           uint32_t version) const;
  // RFC 9001 §5.2: AES-128-GCM keys from the client's original Destination Connection ID.
  Result<InitialKeys, CryptoError> make_initial_keys(const ConnectionId& client_dcid,
                                                     uint32_t version) const;
};

// Real packet protection: keys expanded with the version's labels (RFC 9001 §5.1) and used with
// the suite's AEAD and header protection.
const PacketKeyFactory& standard_packet_key_factory();

}  // namespace quasar
