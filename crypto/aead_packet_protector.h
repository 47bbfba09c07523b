// The production PacketProtector: AES-128-GCM, AES-256-GCM or ChaCha20-Poly1305 through
// BoringSSL's EVP_AEAD, with the key schedule done once at construction.
#pragma once

#include <memory>
#include <span>

#include "crypto/cipher_suite.h"
#include "crypto/crypto_error.h"
#include "crypto/packet_protector.h"
#include "quic/base/result.h"

namespace quasar {

// `key` must be key_length(suite) bytes and `iv` 12 bytes.
Result<std::unique_ptr<PacketProtector>, CryptoError> make_aead_packet_protector(
    CipherSuite suite, std::span<const uint8_t> key, std::span<const uint8_t> iv);

}  // namespace quasar
