#include "crypto/initial_secrets.h"

#include "crypto/hkdf.h"
#include "crypto/version_crypto.h"

namespace quasar {

Result<InitialSecrets, CryptoError> derive_initial_secrets(const ConnectionId& client_dcid,
                                                           uint32_t version) {
  const VersionCrypto* constants = version_crypto(version);
  if (constants == nullptr) return Err{CryptoError::kUnsupportedVersion};
  // RFC 9001 §5.2: Initial packets always use SHA-256 and 32-byte secrets.
  constexpr HashAlgorithm kHash = HashAlgorithm::kSha256;
  InitialSecrets secrets;
  secrets.initial_secret = Secret::of_length(hash_length(kHash));
  secrets.client = Secret::of_length(hash_length(kHash));
  secrets.server = Secret::of_length(hash_length(kHash));
  if (!hkdf_extract(kHash, constants->initial_salt, client_dcid.span(),
                    secrets.initial_secret.mutable_span()) ||
      !hkdf_expand_label(kHash, secrets.initial_secret.span(), "client in", {},
                         secrets.client.mutable_span()) ||
      !hkdf_expand_label(kHash, secrets.initial_secret.span(), "server in", {},
                         secrets.server.mutable_span())) {
    return Err{CryptoError::kInternal};
  }
  return secrets;
}

}  // namespace quasar
