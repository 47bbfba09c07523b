#include "crypto/header_protection.h"

#include <algorithm>

namespace quasar {
namespace {

constexpr uint8_t kLongHeaderForm = 0x80;

// RFC 9001 §5.4.1: four bits of a long header's first byte are protected, five of a short one's.
constexpr uint8_t first_byte_mask_bits(uint8_t first_byte) {
  return (first_byte & kLongHeaderForm) != 0 ? 0x0f : 0x1f;
}

constexpr size_t packet_number_length_of(uint8_t first_byte) { return (first_byte & 0x03) + 1; }

bool sample_fits(std::span<const uint8_t> packet, size_t pn_offset) {
  return header_protection_sample_fits(packet.size(), pn_offset);
}

HeaderProtectionMask mask_for(const HeaderProtector& protector, std::span<const uint8_t> packet,
                              size_t pn_offset) {
  return protector.mask(packet.subspan(header_protection_sample_offset(pn_offset))
                            .first<kHeaderProtectionSampleLength>());
}

// Applies a mask to a packet whose packet number length is still in the unprotected first byte.
void apply_mask(std::span<uint8_t> packet, size_t pn_offset, const HeaderProtectionMask& mask) {
  // The packet number length is read before the first byte is masked.
  const size_t pn_length = packet_number_length_of(packet[0]);
  packet[0] ^= mask[0] & first_byte_mask_bits(packet[0]);
  for (size_t i = 0; i < pn_length; ++i) packet[pn_offset + i] ^= mask[1 + i];
}

// Removes a mask: unmask the first byte, then read the packet number length from it.
UnprotectedHeader remove_mask(std::span<uint8_t> packet, size_t pn_offset,
                              const HeaderProtectionMask& mask) {
  packet[0] ^= mask[0] & first_byte_mask_bits(packet[0]);
  UnprotectedHeader header;
  header.first_byte = packet[0];
  header.packet_number_length = packet_number_length_of(packet[0]);
  for (size_t i = 0; i < header.packet_number_length; ++i) {
    packet[pn_offset + i] ^= mask[1 + i];
    header.truncated_packet_number = (header.truncated_packet_number << 8) | packet[pn_offset + i];
  }
  return header;
}

// Masks are computed this many at a time, on the stack.
constexpr size_t kBatchChunk = 16;

}  // namespace

Result<void, CryptoError> apply_header_protection(const HeaderProtector& protector,
                                                  std::span<uint8_t> packet, size_t pn_offset) {
  if (!sample_fits(packet, pn_offset)) return Err{CryptoError::kPacketTooShort};
  apply_mask(packet, pn_offset, mask_for(protector, packet, pn_offset));
  return {};
}

Result<UnprotectedHeader, CryptoError> remove_header_protection(const HeaderProtector& protector,
                                                                std::span<uint8_t> packet,
                                                                size_t pn_offset) {
  if (!sample_fits(packet, pn_offset)) return Err{CryptoError::kPacketTooShort};
  // Removal differs from application only in order: the first byte is unmasked before the
  // packet number length is read from it.
  return remove_mask(packet, pn_offset, mask_for(protector, packet, pn_offset));
}

Result<void, CryptoError> apply_header_protection(const HeaderProtector& protector,
                                                  std::span<const PacketInBatch> packets) {
  for (const PacketInBatch& p : packets) {
    if (!sample_fits(p.packet, p.pn_offset)) return Err{CryptoError::kPacketTooShort};
  }
  const uint8_t* samples[kBatchChunk];
  HeaderProtectionMask masks[kBatchChunk];
  for (size_t start = 0; start < packets.size(); start += kBatchChunk) {
    const size_t count = std::min(kBatchChunk, packets.size() - start);
    for (size_t i = 0; i < count; ++i) {
      const PacketInBatch& p = packets[start + i];
      samples[i] = p.packet.data() + header_protection_sample_offset(p.pn_offset);
    }
    protector.masks(std::span(samples, count), std::span(masks, count));
    for (size_t i = 0; i < count; ++i) {
      apply_mask(packets[start + i].packet, packets[start + i].pn_offset, masks[i]);
    }
  }
  return {};
}

void remove_header_protection(const HeaderProtector& protector,
                              std::span<const PacketInBatch> packets,
                              std::span<std::optional<UnprotectedHeader>> out) {
  const uint8_t* samples[kBatchChunk];
  HeaderProtectionMask masks[kBatchChunk];
  size_t indices[kBatchChunk];
  const size_t total = std::min(packets.size(), out.size());
  size_t next = 0;
  while (next < total) {
    // Gather up to a chunk of packets that can be sampled; the others are dropped.
    size_t count = 0;
    for (; next < total && count < kBatchChunk; ++next) {
      const PacketInBatch& p = packets[next];
      out[next].reset();
      if (!sample_fits(p.packet, p.pn_offset)) continue;
      samples[count] = p.packet.data() + header_protection_sample_offset(p.pn_offset);
      indices[count++] = next;
    }
    protector.masks(std::span(samples, count), std::span(masks, count));
    for (size_t i = 0; i < count; ++i) {
      const PacketInBatch& p = packets[indices[i]];
      out[indices[i]] = remove_mask(p.packet, p.pn_offset, masks[i]);
    }
  }
}

}  // namespace quasar
