#include "crypto/header_protection.h"

namespace quasar {
namespace {

constexpr uint8_t kLongHeaderForm = 0x80;

// RFC 9001 §5.4.1: four bits of a long header's first byte are protected, five of a short one's.
constexpr uint8_t first_byte_mask_bits(uint8_t first_byte) {
  return (first_byte & kLongHeaderForm) != 0 ? 0x0f : 0x1f;
}

constexpr size_t packet_number_length_of(uint8_t first_byte) { return (first_byte & 0x03) + 1; }

bool sample_fits(std::span<const uint8_t> packet, size_t pn_offset) {
  const size_t sample_offset = header_protection_sample_offset(pn_offset);
  return sample_offset <= packet.size() &&
         packet.size() - sample_offset >= kHeaderProtectionSampleLength;
}

HeaderProtectionMask mask_for(const HeaderProtector& protector, std::span<const uint8_t> packet,
                              size_t pn_offset) {
  return protector.mask(packet.subspan(header_protection_sample_offset(pn_offset))
                            .first<kHeaderProtectionSampleLength>());
}

}  // namespace

Result<void, CryptoError> apply_header_protection(const HeaderProtector& protector,
                                                  std::span<uint8_t> packet, size_t pn_offset) {
  if (!sample_fits(packet, pn_offset)) return Err{CryptoError::kPacketTooShort};
  const HeaderProtectionMask mask = mask_for(protector, packet, pn_offset);
  // The packet number length is read before the first byte is masked.
  const size_t pn_length = packet_number_length_of(packet[0]);
  packet[0] ^= mask[0] & first_byte_mask_bits(packet[0]);
  for (size_t i = 0; i < pn_length; ++i) packet[pn_offset + i] ^= mask[1 + i];
  return {};
}

Result<UnprotectedHeader, CryptoError> remove_header_protection(const HeaderProtector& protector,
                                                                std::span<uint8_t> packet,
                                                                size_t pn_offset) {
  if (!sample_fits(packet, pn_offset)) return Err{CryptoError::kPacketTooShort};
  const HeaderProtectionMask mask = mask_for(protector, packet, pn_offset);
  // Removal differs from application only in order: unmask the first byte, then read the
  // packet number length from it.
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

}  // namespace quasar
