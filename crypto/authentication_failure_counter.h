// AuthenticationFailureCounter: packets that failed authentication across every key of a
// connection, checked against the AEAD integrity limit (RFC 9001 §6.6).
#pragma once

#include <cstdint>

#include "crypto/packet_protector.h"
#include "quic/base/quic_error.h"
#include "quic/base/result.h"

namespace quasar {

class AuthenticationFailureCounter {
 public:
  // Call after `key`.open() failed with kAuthenticationFailed. Once the connection's failures
  // exceed the key's integrity limit, returns AEAD_LIMIT_REACHED: close at once and process no
  // more packets.
  Status on_authentication_failure(const PacketProtector& key) {
    ++failures_;
    if (failures_ > key.integrity_limit()) {
      return QuicError::transport(TransportError::kAeadLimitReached, 0,
                                  "AEAD integrity limit reached");
    }
    return ok_status();
  }
  uint64_t failures() const { return failures_; }

 private:
  uint64_t failures_ = 0;
};

}  // namespace quasar
