// Packet numbers in packet headers: choosing the encoded length, truncating, and recovering the
// full number on receipt (RFC 9000 §12.3, §17.1, Appendix A.2 and A.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/buffer_writer.h"

namespace quasar {

// RFC 9000 §12.3: packet numbers run from 0 to 2^62 - 1.
inline constexpr uint64_t kMaxPacketNumber = (uint64_t{1} << 62) - 1;
// RFC 9000 §17.1: a header carries the packet number in 1 to 4 bytes.
inline constexpr size_t kMinPacketNumberLength = 1;
inline constexpr size_t kMaxPacketNumberLength = 4;

// RFC 9000 §17.1, Appendix A.2: the number of bytes (1..4) to encode `packet_number` with: at
// least one bit more than log2 of the number of packets not yet acknowledged, so the receiver
// recovers it. Before any acknowledgment in the space (`largest_acked` empty) the count starts
// at packet 0, which keeps the full number.
size_t packet_number_length(uint64_t packet_number, std::optional<uint64_t> largest_acked);

// The `length` (1..4) least significant bytes of `packet_number`.
constexpr uint64_t truncate_packet_number(uint64_t packet_number, size_t length) {
  return packet_number & ((uint64_t{1} << (8 * length)) - 1);
}

// Writes the truncated packet number in `length` bytes (1..4). Fails, writing nothing, when the
// length is out of range or the writer is full.
[[nodiscard]] bool write_packet_number(BufferWriter& writer, uint64_t packet_number, size_t length);

// The Packet Number Length bits of an unprotected first byte (RFC 9000 §17.2, §17.3.1): 1..4.
constexpr size_t packet_number_length_from_first_byte(uint8_t unprotected_first_byte) {
  return static_cast<size_t>(unprotected_first_byte & 0x03) + 1;
}

// The big-endian value of an unprotected Packet Number field (1..4 bytes).
uint64_t read_truncated_packet_number(std::span<const uint8_t> field);

// RFC 9000 §17.1, Appendix A.3: the full packet number closest to the next expected one
// (`largest_received` + 1, or 0 when nothing has been received in the space), given the
// `truncated` value carried in `length` bytes (1..4).
uint64_t decode_packet_number(std::optional<uint64_t> largest_received, uint64_t truncated,
                              size_t length);

}  // namespace quasar
