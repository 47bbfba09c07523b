// The Retry Integrity Tag (RFC 9001 §5.8; RFC 9369 §3.3.3): AES-128-GCM with a fixed key and
// nonce per QUIC version over the Retry pseudo-packet, with an empty plaintext.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "crypto/crypto_error.h"
#include "quic/base/result.h"
#include "quic/base/retry_integrity_tag.h"

namespace quasar {

using RetryIntegrityTag = std::array<uint8_t, kRetryIntegrityTagLength>;

// `pseudo_packet` is the Retry pseudo-packet built by the caller: ODCID Length, Original
// Destination Connection ID, then the Retry packet without its tag.
Result<RetryIntegrityTag, CryptoError> compute_retry_integrity_tag(
    std::span<const uint8_t> pseudo_packet, uint32_t version);

// Constant-time check of a received tag. False for a wrong tag or an unsupported version.
bool verify_retry_integrity_tag(std::span<const uint8_t> pseudo_packet,
                                std::span<const uint8_t> tag, uint32_t version);

}  // namespace quasar
