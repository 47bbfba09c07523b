#include "crypto/testing/null_packet_protection.h"

#include <algorithm>

namespace quasar {
namespace {

// FNV-1a: every step is a bijection of the running hash, so changing any one byte always
// changes the result.
constexpr uint64_t kFnvPrime = 1099511628211ull;
uint64_t fnv1a(uint64_t hash, std::span<const uint8_t> bytes) {
  for (uint8_t b : bytes) hash = (hash ^ b) * kFnvPrime;
  return hash;
}
uint64_t fnv1a_u64(uint64_t hash, uint64_t value) {
  for (int i = 0; i < 8; ++i) hash = (hash ^ static_cast<uint8_t>(value >> (8 * i))) * kFnvPrime;
  return hash;
}

class NullPacketKeyFactory final : public PacketKeyFactory {
 public:
  Result<std::unique_ptr<PacketProtector>, CryptoError> make_packet_protector(
      std::span<const uint8_t> secret, CipherSuite, uint32_t version) const override {
    const uint64_t key_id = fnv1a_u64(fnv1a(14695981039346656037ull, secret), version);
    return std::unique_ptr<PacketProtector>(std::make_unique<NullPacketProtector>(key_id));
  }
  Result<std::unique_ptr<HeaderProtector>, CryptoError> make_header_protector(
      std::span<const uint8_t>, CipherSuite, uint32_t) const override {
    return std::unique_ptr<HeaderProtector>(std::make_unique<NullHeaderProtector>());
  }
};

}  // namespace

// The null cipher has no confidentiality to protect, but keeps the limits of the suite most
// connections use so that key-update logic is exercised alike.
NullPacketProtector::NullPacketProtector(uint64_t key_id)
    : PacketProtector(aead_confidentiality_limit(CipherSuite::kAes128GcmSha256),
                      aead_integrity_limit(CipherSuite::kAes128GcmSha256)),
      key_id_(key_id) {}

std::array<uint8_t, kAeadTagLength> NullPacketProtector::checksum(
    uint64_t packet_number, std::span<const uint8_t> header,
    std::span<const uint8_t> payload) const {
  // Two independent 64-bit FNV-1a streams over key, packet number, header and payload, with
  // the header length mixed in so bytes cannot move between header and payload.
  uint64_t first = fnv1a_u64(fnv1a_u64(0xcbf29ce484222325ull, key_id_), packet_number);
  uint64_t second = fnv1a_u64(fnv1a_u64(0x84222325cbf29ce4ull, ~key_id_), ~packet_number);
  first = fnv1a(fnv1a_u64(fnv1a(first, header), header.size()), payload);
  second = fnv1a(fnv1a_u64(fnv1a(second, payload), payload.size()), header);
  std::array<uint8_t, kAeadTagLength> tag;
  for (size_t i = 0; i < 8; ++i) {
    tag[i] = static_cast<uint8_t>(first >> (8 * i));
    tag[8 + i] = static_cast<uint8_t>(second >> (8 * i));
  }
  return tag;
}

bool NullPacketProtector::seal_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                                        std::span<uint8_t> payload,
                                        std::span<uint8_t, kAeadTagLength> tag) {
  const auto sum = checksum(packet_number, header, payload);
  std::copy(sum.begin(), sum.end(), tag.begin());
  return true;
}

bool NullPacketProtector::open_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                                        std::span<uint8_t> payload,
                                        std::span<const uint8_t, kAeadTagLength> tag) {
  const auto sum = checksum(packet_number, header, payload);
  return std::equal(sum.begin(), sum.end(), tag.begin());
}

const PacketKeyFactory& null_packet_key_factory() {
  static const NullPacketKeyFactory factory;
  return factory;
}

}  // namespace quasar
