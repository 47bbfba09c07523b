// Stateless reset tokens derived from a static key and the connection ID (RFC 9000 §10.3.2), so
// an endpoint that lost its state can still produce the token of a connection.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/base/connection_id.h"
#include "quic/base/stateless_reset_token.h"

namespace quasar {

class StatelessResetTokenGenerator {
 public:
  // At least 16 bytes of secret key; 32 random bytes (e.g. from SystemRng) are recommended and
  // must be shared by every instance that can receive the connection's packets.
  explicit StatelessResetTokenGenerator(std::span<const uint8_t> static_key);
  ~StatelessResetTokenGenerator();
  StatelessResetTokenGenerator(const StatelessResetTokenGenerator&) = delete;
  StatelessResetTokenGenerator& operator=(const StatelessResetTokenGenerator&) = delete;

  bool valid() const { return key_.size() >= 16; }
  // HMAC-SHA256(static_key, connection_id) truncated to 16 bytes. All zeros if !valid().
  StatelessResetToken token_for(const ConnectionId& connection_id) const;

 private:
  std::vector<uint8_t> key_;
};

}  // namespace quasar
