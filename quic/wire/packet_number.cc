// Packet number length selection, truncation and recovery (RFC 9000 §17.1, Appendix A).
#include "quic/wire/packet_number.h"

#include <bit>

namespace quasar {

size_t packet_number_length(uint64_t packet_number, std::optional<uint64_t> largest_acked) {
  // Appendix A.2: the number of packet numbers not yet acknowledged, including this one.
  uint64_t unacked = packet_number + 1;
  if (largest_acked) {
    unacked = packet_number > *largest_acked ? packet_number - *largest_acked : 1;
  }
  // Appendix A.2: min_bits = log2(unacked) + 1 and bytes = ceil(min_bits / 8), computed exactly:
  // the smallest n with unacked <= 2^(8n - 1), so the half window of the receiver's decoder
  // (Appendix A.3) spans every unacknowledged packet.
  const size_t bits = static_cast<size_t>(std::bit_width(unacked - 1)) + 1;
  const size_t bytes = (bits + 7) / 8;
  if (bytes < kMinPacketNumberLength) return kMinPacketNumberLength;
  return bytes > kMaxPacketNumberLength ? kMaxPacketNumberLength : bytes;
}

bool write_packet_number(BufferWriter& writer, uint64_t packet_number, size_t length) {
  if (length < kMinPacketNumberLength || length > kMaxPacketNumberLength) return false;
  return writer.write_uint(truncate_packet_number(packet_number, length), length);
}

uint64_t read_truncated_packet_number(std::span<const uint8_t> field) {
  uint64_t value = 0;
  for (size_t i = 0; i < field.size() && i < kMaxPacketNumberLength; ++i) {
    value = (value << 8) | field[i];
  }
  return value;
}

uint64_t decode_packet_number(std::optional<uint64_t> largest_received, uint64_t truncated,
                              size_t length) {
  if (length < kMinPacketNumberLength) length = kMinPacketNumberLength;
  if (length > kMaxPacketNumberLength) length = kMaxPacketNumberLength;
  const uint64_t expected = largest_received ? *largest_received + 1 : 0;
  const uint64_t window = uint64_t{1} << (8 * length);
  const uint64_t half_window = window / 2;
  const uint64_t mask = window - 1;
  const uint64_t candidate = (expected & ~mask) | (truncated & mask);
  // Appendix A.3, with "candidate <= expected - hwin" rewritten so that it cannot underflow.
  if (candidate + half_window <= expected && candidate < (uint64_t{1} << 62) - window) {
    return candidate + window;
  }
  if (candidate > expected + half_window && candidate >= window) return candidate - window;
  return candidate;
}

}  // namespace quasar
