// Path: one (local address, peer address) pair a connection uses, with its validation state and
// anti-amplification accounting (RFC 9000 §8, §9).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "quic/base/socket_address.h"
#include "quic/base/time.h"

namespace quasar {

// PATH_RESPONSEs owed on a path, oldest first. RFC 9000 §8.2.2 answers every PATH_CHALLENGE,
// also several that arrive before we next send; a peer sending more than kCapacity of them in
// that time loses the oldest answers, so a flood of challenges costs no memory.
class PathResponses {
 public:
  using Data = std::array<uint8_t, 8>;
  static constexpr size_t kCapacity = 4;

  void push(const Data& data) {
    if (size_ == kCapacity) pop_front();
    owed_[size_++] = data;
  }
  bool empty() const { return size_ == 0; }
  const Data& front() const { return owed_[0]; }
  void pop_front() {
    std::copy(owed_.begin() + 1, owed_.begin() + size_, owed_.begin());
    --size_;
  }

 private:
  std::array<Data, kCapacity> owed_{};
  size_t size_ = 0;
};

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
  // PATH_RESPONSEs to send for challenges the peer sent on this path.
  PathResponses responses_to_send;

  static constexpr uint64_t kAmplificationFactor = 3;

  // Bytes we may still send before validation (unlimited once validated).
  uint64_t amplification_credit() const {
    if (validated) return UINT64_MAX;
    const uint64_t budget = kAmplificationFactor * bytes_received;
    return budget > bytes_sent ? budget - bytes_sent : 0;
  }
};

}  // namespace quasar
