// Sequenced payloads for the simulator's traffic nodes: an 8-byte big-endian sequence number
// followed by filler derived from it, so a receiver can tell which datagram arrived and
// whether any of its bytes changed on the way.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace quasar::sim {

inline constexpr size_t kSequenceBytes = 8;

// The filler byte at `offset` is byte (offset % 8) of sequence * odd constant, xor the offset.
// Multiplying by an odd constant is a bijection, so in a payload of 16 bytes or more any change
// to the sequence number changes some filler byte too.
inline std::array<uint8_t, 8> sequenced_filler_cycle(uint64_t sequence) {
  const uint64_t mixed = sequence * 0x9e3779b97f4a7c15ull;
  std::array<uint8_t, 8> cycle;
  for (size_t i = 0; i < cycle.size(); ++i) cycle[i] = static_cast<uint8_t>(mixed >> (8 * i));
  return cycle;
}

// Fills `out` (any size; the sequence number is truncated if it does not fit).
inline void write_sequenced_payload(uint64_t sequence, std::span<uint8_t> out) {
  const size_t header = out.size() < kSequenceBytes ? out.size() : kSequenceBytes;
  for (size_t i = 0; i < header; ++i) {
    out[i] = static_cast<uint8_t>(sequence >> (8 * (kSequenceBytes - 1 - i)));
  }
  // Whole 8-byte blocks at once: block k holds cycle[j] ^ (8k + j), that is the cycle xor
  // 0, 1, ..., 7 in every block, xor the low byte of 8k broadcast to all eight bytes.
  std::array<uint8_t, 8> block_base = sequenced_filler_cycle(sequence);
  for (size_t j = 0; j < block_base.size(); ++j) block_base[j] ^= static_cast<uint8_t>(j);
  uint64_t base;
  std::memcpy(&base, block_base.data(), sizeof base);
  size_t i = header;
  for (; i + 8 <= out.size(); i += 8) {
    const uint64_t block = base ^ (0x0101010101010101ull * static_cast<uint8_t>(i));
    std::memcpy(out.data() + i, &block, sizeof block);
  }
  for (; i < out.size(); ++i) out[i] = block_base[i % 8] ^ static_cast<uint8_t>(i & ~size_t{7});
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
  const std::array<uint8_t, 8> cycle = sequenced_filler_cycle(*sequence);
  uint8_t difference = 0;
  for (size_t i = kSequenceBytes; i < payload.size(); ++i) {
    difference |= payload[i] ^ cycle[i % 8] ^ static_cast<uint8_t>(i);
  }
  return difference == 0;
}

}  // namespace quasar::sim
