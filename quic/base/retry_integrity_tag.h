// The length of a Retry packet's integrity tag (RFC 9001 §5.8: an AES-128-GCM tag), shared by
// the wire codec that finds it and the crypto that computes it.
#pragma once

#include <cstddef>

namespace quasar {

inline constexpr size_t kRetryIntegrityTagLength = 16;

}  // namespace quasar
