// Sequenced payloads for the simulator's traffic nodes: an 8-byte big-endian sequence number
// followed by bytes derived from it, so a receiver can tell which datagram arrived and
// whether any of its bytes changed on the way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace quasar::sim {

inline constexpr size_t kSequenceBytes = 8;

// The byte at `offset` (>= kSequenceBytes) of datagram `sequence`: the bytes of
// sequence * odd constant (a bijection) in turn, so in a payload of 16 bytes or more any
// change to the sequence number changes some filler byte too.
constexpr uint8_t sequenced_filler(uint64_t sequence, size_t offset) {
  const uint64_t mixed = sequence * 0x9e3779b97f4a7c15ull;
  return static_cast<uint8_t>((mixed >> (8 * (offset % 8))) ^ offset);
}

// Fills `out` (any size; the sequence number is truncated if it does not fit).
inline void write_sequenced_payload(uint64_t sequence, std::span<uint8_t> out) {
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = i < kSequenceBytes ? static_cast<uint8_t>(sequence >> (8 * (kSequenceBytes - 1 - i)))
                                : sequenced_filler(sequence, i);
  }
}

// The sequence number, if the payload is long enough to carry one.
inline std::optional<uint64_t> read_sequence(std::span<const uint8_t> payload) {
  if (payload.size() < kSequenceBytes) return std::nullopt;
  uint64_t sequence = 0;
  for (size_t i = 0; i < kSequenceBytes; ++i) sequence = sequence << 8 | payload[i];
  return sequence;
}

// True if the filler matches the sequence number; any single changed bit is detected when
// the payload has at least 16 bytes.
inline bool is_intact_sequenced_payload(std::span<const uint8_t> payload) {
  const std::optional<uint64_t> sequence = read_sequence(payload);
  if (!sequence) return false;
  for (size_t i = kSequenceBytes; i < payload.size(); ++i) {
    if (payload[i] != sequenced_filler(*sequence, i)) return false;
  }
  return true;
}

}  // namespace quasar::sim
