// Stateless reset sizing, writing and detection.
#include "quic/wire/stateless_reset.h"

#include <algorithm>
#include <cstring>

namespace quasar {

std::optional<size_t> stateless_reset_size(size_t received_size, Rng& rng) {
  if (received_size <= kMinStatelessResetLength) return std::nullopt;
  if (received_size <= kStatelessResetOneShorterThreshold) return received_size - 1;
  const size_t largest = std::min(received_size - 1, kMaxStatelessResetLength);
  const size_t smallest = kStatelessResetOneShorterThreshold;
  return smallest + static_cast<size_t>(rng.uniform(largest - smallest + 1));
}

std::optional<size_t> write_stateless_reset(std::span<uint8_t> out, size_t received_size,
                                            const StatelessResetToken& token, Rng& rng) {
  const auto size = stateless_reset_size(received_size, rng);
  if (!size || out.size() < *size) return std::nullopt;
  const auto unpredictable = out.first(*size - kStatelessResetTokenLength);
  rng.fill(unpredictable);
  // RFC 9000 §10.3: Fixed Bits (2) = 0b01, like a short header with the Fixed Bit set.
  unpredictable[0] = static_cast<uint8_t>((unpredictable[0] & 0x3f) | 0x40);
  std::memcpy(out.data() + unpredictable.size(), token.data(), token.size());
  return size;
}

std::optional<StatelessResetToken> stateless_reset_token_candidate(
    std::span<const uint8_t> datagram) {
  if (datagram.size() < kMinStatelessResetLength) return std::nullopt;
  StatelessResetToken token;
  const auto tail = datagram.last(kStatelessResetTokenLength);
  std::copy(tail.begin(), tail.end(), token.begin());
  return token;
}

}  // namespace quasar
