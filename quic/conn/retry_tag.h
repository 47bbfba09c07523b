// The Retry Integrity Tag of a Retry packet (RFC 9001 §5.8, RFC 9369 §3.3.3), computed over the
// pseudo-packet that prefixes the packet with the client's original Destination CID. The server
// writing a Retry and the client checking one share it.
#pragma once

#include <cstdint>
#include <span>

#include "crypto/retry_integrity.h"
#include "quic/base/connection_id.h"

namespace quasar {

Result<RetryIntegrityTag, CryptoError> retry_tag_for(const ConnectionId& original_dcid,
                                                     std::span<const uint8_t> retry_without_tag,
                                                     uint32_t version);

bool retry_tag_matches(const ConnectionId& original_dcid,
                       std::span<const uint8_t> retry_without_tag, std::span<const uint8_t> tag,
                       uint32_t version);

}  // namespace quasar
