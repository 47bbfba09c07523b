// Stateless resets (RFC 9000 §10.3): sizing and writing one, and spotting the token at the end
// of a received datagram.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/rng.h"
#include "quic/base/stateless_reset_token.h"

namespace quasar {

// RFC 9000 §10.3: 5 bytes (two fixed bits and 38 unpredictable bits) then the 16-byte token.
inline constexpr size_t kMinStatelessResetLength = 21;
// RFC 9000 §10.3: a reset answering a packet of at most this size is one byte shorter.
inline constexpr size_t kStatelessResetOneShorterThreshold = 43;
// Larger triggers get a reset of random size up to this cap: big enough to look like an
// ordinary short-header packet, small enough to be cheap for a stateless responder and to fit
// any path (RFC 9000 §14: 1200 bytes always do).
inline constexpr size_t kMaxStatelessResetLength = 1200;

// The size of a reset sent in answer to a packet of `received_size` bytes, or nullopt when none
// may be sent. RFC 9000 §10.3.3: the reset must be smaller than the packet that triggered it,
// so loops die out; it must also be at least 21 bytes. A trigger of up to 43 bytes gets a
// reset one byte shorter (§10.3); a larger one gets a random size of at least 43 bytes.
std::optional<size_t> stateless_reset_size(size_t received_size, Rng& rng);

// Writes a reset of stateless_reset_size(received_size) bytes at the start of `out`: first
// bits 0b01 (a short header, RFC 9000 §10.3), unpredictable bytes from `rng`, the token last.
// Returns its size, or nullopt if no reset may be sent or `out` is too small.
std::optional<size_t> write_stateless_reset(std::span<uint8_t> out, size_t received_size,
                                            const StatelessResetToken& token, Rng& rng);

// RFC 9000 §10.3.1: the last 16 bytes of a datagram that could be a stateless reset (at least
// 21 bytes long), to be compared with the tokens of the connection's peer.
std::optional<StatelessResetToken> stateless_reset_token_candidate(
    std::span<const uint8_t> datagram);

}  // namespace quasar
