// The null cipher: readable payloads, a checksum tag that still rejects any change, and a zero
// header protection mask.
#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include "crypto/header_protection.h"
#include "crypto/testing/null_packet_protection.h"

namespace quasar {
namespace {

struct Sealed {
  std::vector<uint8_t> header = {0xc0, 0x00, 0x00, 0x00, 0x01, 0x08, 0x07};
  std::vector<uint8_t> body;
};

Sealed seal_sample(PacketProtector& key, uint64_t pn) {
  Sealed packet;
  packet.body.resize(64);
  std::iota(packet.body.begin(), packet.body.end(), uint8_t{1});
  packet.body.resize(64 + kAeadTagLength);
  REQUIRE(key.seal(pn, packet.header, packet.body).ok());
  return packet;
}

std::unique_ptr<PacketProtector> null_key(uint8_t seed) {
  const std::vector<uint8_t> secret(32, seed);
  auto key =
      null_packet_key_factory().make_packet_protector(secret, CipherSuite::kAes128GcmSha256, 1);
  REQUIRE(key.ok());
  return std::move(*key);
}

TEST_CASE("null cipher: payloads stay readable and open again", "[crypto][null-cipher]") {
  auto sender = null_key(1);
  auto receiver = null_key(1);
  Sealed packet = seal_sample(*sender, 9);
  for (size_t i = 0; i < 64; ++i) CHECK(packet.body[i] == i + 1);
  auto opened = receiver->open(9, packet.header, packet.body);
  REQUIRE(opened.ok());
  CHECK(*opened == 64);
  // Deterministic: the same packet gets the same tag.
  CHECK(seal_sample(*sender, 9).body == packet.body);
  CHECK(sender->packets_sealed() == 2);
}

TEST_CASE("null cipher: any corrupted byte, packet number or key is rejected",
          "[crypto][null-cipher]") {
  auto key = null_key(1);
  const Sealed original = seal_sample(*key, 5);
  for (size_t i = 0; i < original.header.size(); ++i) {
    Sealed copy = original;
    copy.header[i] ^= 0x01;
    CHECK(key->open(5, copy.header, copy.body).error() == CryptoError::kAuthenticationFailed);
  }
  for (size_t i = 0; i < original.body.size(); ++i) {
    Sealed copy = original;
    copy.body[i] ^= 0x80;
    CHECK(key->open(5, copy.header, copy.body).error() == CryptoError::kAuthenticationFailed);
  }
  Sealed copy = original;
  CHECK(key->open(6, copy.header, copy.body).error() == CryptoError::kAuthenticationFailed);
  // A byte moved from the header into the payload is a change too.
  Sealed moved = original;
  moved.body.insert(moved.body.begin(), moved.header.back());
  moved.header.pop_back();
  CHECK(key->open(5, moved.header, moved.body).error() == CryptoError::kAuthenticationFailed);
  auto other = null_key(2);
  copy = original;
  CHECK(other->open(5, copy.header, copy.body).error() == CryptoError::kAuthenticationFailed);
  CHECK(key->failed_opens() == original.header.size() + original.body.size() + 2);
}

TEST_CASE("null cipher: header protection leaves the header as it is", "[crypto][null-cipher]") {
  auto header =
      null_packet_key_factory().make_header_protector({}, CipherSuite::kAes128GcmSha256, 1);
  REQUIRE(header.ok());
  std::vector<uint8_t> packet(40);
  std::iota(packet.begin(), packet.end(), uint8_t{0x41});
  const auto original = packet;
  REQUIRE(apply_header_protection(**header, packet, 5).ok());
  CHECK(packet == original);
  auto removed = remove_header_protection(**header, packet, 5);
  REQUIRE(removed.ok());
  CHECK(removed->first_byte == 0x41);
  CHECK(removed->packet_number_length == 2);
  // The sample rule still applies: too short is still dropped.
  std::vector<uint8_t> short_packet(24);
  CHECK(remove_header_protection(**header, short_packet, 5).error() ==
        CryptoError::kPacketTooShort);
}

}  // namespace
}  // namespace quasar
