#include "crypto/system_rng.h"

#include <openssl/rand.h>

namespace quasar {

// BoringSSL's RAND_bytes cannot fail: it aborts rather than return weak randomness.
void SystemRng::fill(std::span<uint8_t> out) {
  if (!out.empty()) RAND_bytes(out.data(), out.size());
}

}  // namespace quasar
