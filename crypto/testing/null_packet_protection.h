// The null cipher, for deterministic simulator traces and fuzzing only: payloads stay in clear,
// the 16-byte tag is a cheap checksum over header, payload and packet number (so corrupted or
// misrouted packets are still rejected), and the header protection mask is zero. It lives in
// quasar_crypto_testing, which production code does not link: no configuration can select it.
#pragma once

#include <memory>

#include "crypto/header_protector.h"
#include "crypto/packet_keys.h"
#include "crypto/packet_protector.h"

namespace quasar {

class NullPacketProtector final : public PacketProtector {
 public:
  // Packets from different keys must not open each other either: `key_id` (e.g. a hash of the
  // secret) is mixed into the checksum.
  explicit NullPacketProtector(uint64_t key_id);

 protected:
  bool seal_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                     std::span<uint8_t> payload, std::span<uint8_t, kAeadTagLength> tag) override;
  bool open_in_place(uint64_t packet_number, std::span<const uint8_t> header,
                     std::span<uint8_t> payload,
                     std::span<const uint8_t, kAeadTagLength> tag) override;

 private:
  std::array<uint8_t, kAeadTagLength> checksum(uint64_t packet_number,
                                               std::span<const uint8_t> header,
                                               std::span<const uint8_t> payload) const;
  uint64_t key_id_;
};

class NullHeaderProtector final : public HeaderProtector {
 public:
  HeaderProtectionMask mask(
      std::span<const uint8_t, kHeaderProtectionSampleLength>) const override {
    return HeaderProtectionMask{};
  }
};

// Keys of the null cipher for any secret, suite and version; key updates work as usual (each
// generation's secret gives a different key_id).
const PacketKeyFactory& null_packet_key_factory();

}  // namespace quasar
