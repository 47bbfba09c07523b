// Initial secrets (RFC 9001 §5.2; RFC 9369 §3.3.1): derived from the Destination Connection ID
// of the client's first Initial packet, one secret per direction.
#pragma once

#include <cstdint>

#include "crypto/crypto_error.h"
#include "crypto/secret.h"
#include "quic/base/connection_id.h"
#include "quic/base/result.h"

namespace quasar {

struct InitialSecrets {
  Secret initial_secret;  // HKDF-Extract(initial_salt, client_dcid), shared by both directions
  Secret client;          // protects packets the client sends ("client in")
  Secret server;          // protects packets the server sends ("server in")
};

// kUnsupportedVersion for versions other than 1, 2 and the reserved ones (see version_crypto.h).
Result<InitialSecrets, CryptoError> derive_initial_secrets(const ConnectionId& client_dcid,
                                                           uint32_t version);

}  // namespace quasar
