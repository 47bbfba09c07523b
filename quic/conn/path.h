// Path: one (local address, peer address) pair a connection uses, with its validation state and
// anti-amplification accounting (RFC 9000 §8, §9).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "quic/base/socket_address.h"
#include "quic/base/time.h"

namespace quasar {

struct Path {
  SocketAddress local;
  SocketAddress peer;
  // RFC 9000 §8.1: until the peer's address is validated a server sends at most three times
  // what it received from it.
  bool validated = false;
  uint64_t bytes_received = 0;
  uint64_t bytes_sent = 0;
  // PATH_CHALLENGE we sent and wait to see answered (RFC 9000 §8.2).
  std::optional<std::array<uint8_t, 8>> challenge;
  Instant challenge_sent_at = Instant::infinite_future();
  // PATH_RESPONSE to send for a challenge the peer sent on this path.
  std::optional<std::array<uint8_t, 8>> response_to_send;

  static constexpr uint64_t kAmplificationFactor = 3;

  // Bytes we may still send before validation (unlimited once validated).
  uint64_t amplification_credit() const {
    if (validated) return UINT64_MAX;
    const uint64_t budget = kAmplificationFactor * bytes_received;
    return budget > bytes_sent ? budget - bytes_sent : 0;
  }
};

}  // namespace quasar
