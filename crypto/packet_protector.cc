#include "crypto/packet_protector.h"

namespace quasar {

Result<void, CryptoError> PacketProtector::seal(uint64_t packet_number,
                                                std::span<const uint8_t> header,
                                                std::span<uint8_t> payload_and_tag) {
  if (payload_and_tag.size() < kAeadTagLength) return Err{CryptoError::kInvalidArgument};
  if (packets_sealed_ >= confidentiality_limit_) return Err{CryptoError::kConfidentialityLimit};
  const size_t payload_length = payload_and_tag.size() - kAeadTagLength;
  if (!seal_in_place(packet_number, header, payload_and_tag.first(payload_length),
                     payload_and_tag.subspan(payload_length).first<kAeadTagLength>())) {
    return Err{CryptoError::kInternal};
  }
  ++packets_sealed_;
  return {};
}

Result<size_t, CryptoError> PacketProtector::open(uint64_t packet_number,
                                                  std::span<const uint8_t> header,
                                                  std::span<uint8_t> ciphertext_and_tag) {
  if (ciphertext_and_tag.size() < kAeadTagLength) {
    ++failed_opens_;
    return Err{CryptoError::kAuthenticationFailed};
  }
  const size_t payload_length = ciphertext_and_tag.size() - kAeadTagLength;
  if (!open_in_place(packet_number, header, ciphertext_and_tag.first(payload_length),
                     ciphertext_and_tag.subspan(payload_length).first<kAeadTagLength>())) {
    ++failed_opens_;
    return Err{CryptoError::kAuthenticationFailed};
  }
  return payload_length;
}

}  // namespace quasar
