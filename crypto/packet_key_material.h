// Expanding a traffic secret into packet protection keys (RFC 9001 §5.1) and into the secret of
// the next key phase (RFC 9001 §6.1), with the labels of the connection's QUIC version.
#pragma once

#include <cstdint>
#include <span>

#include "crypto/cipher_suite.h"
#include "crypto/crypto_error.h"
#include "crypto/secret.h"
#include "quic/base/result.h"

namespace quasar {

struct PacketKeyMaterial {
  Secret key;  // AEAD key: "quic key", key_length(suite) bytes
  Secret iv;   // AEAD IV: "quic iv", 12 bytes
  Secret hp;   // header protection key: "quic hp", key_length(suite) bytes
};

// `secret` must be secret_length(suite) bytes long.
Result<PacketKeyMaterial, CryptoError> derive_packet_key_material(std::span<const uint8_t> secret,
                                                                  CipherSuite suite,
                                                                  uint32_t version);

// RFC 9001 §6.1: secret_<n+1> = HKDF-Expand-Label(secret_<n>, "quic ku", "", Hash.length).
Result<Secret, CryptoError> derive_next_generation_secret(std::span<const uint8_t> secret,
                                                          CipherSuite suite, uint32_t version);

}  // namespace quasar
