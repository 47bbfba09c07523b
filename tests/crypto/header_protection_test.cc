// Header protection (RFC 9001 §5.4): which bits are masked, where the sample is taken, and the
// drop of packets too short to sample.
#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include "crypto/header_protection.h"
#include "crypto/packet_keys.h"
#include "tests/crypto/crypto_test_support.h"

namespace quasar {
namespace {

constexpr uint32_t kVersion1 = 0x00000001;

std::unique_ptr<HeaderProtector> header_key(CipherSuite suite) {
  std::vector<uint8_t> secret(secret_length(suite));
  std::iota(secret.begin(), secret.end(), uint8_t{0x30});
  auto key = standard_packet_key_factory().make_header_protector(secret, suite, kVersion1);
  REQUIRE(key.ok());
  return std::move(*key);
}

// Bytes 1, 2, 3, ... after the given first byte.
std::vector<uint8_t> sample_packet(uint8_t first_byte, size_t length) {
  std::vector<uint8_t> packet(length);
  std::iota(packet.begin(), packet.end(), uint8_t{1});
  packet[0] = first_byte;
  return packet;
}

TEST_CASE("header protection: long headers mask 4 bits, short headers 5", "[crypto][hp]") {
  const CipherSuite suite =
      GENERATE(from_range(std::begin(kAllCipherSuites), std::end(kAllCipherSuites)));
  CAPTURE(cipher_suite_name(suite));
  auto key = header_key(suite);
  const size_t pn_offset = 9;

  for (const uint8_t first_byte : {uint8_t{0xc3}, uint8_t{0x43}}) {
    const bool long_header = (first_byte & 0x80) != 0;
    auto packet = sample_packet(first_byte, 60);
    const auto original = packet;
    const auto mask =
        key->mask(std::span<const uint8_t>(packet).subspan(pn_offset + 4).first<16>());
    REQUIRE(apply_header_protection(*key, packet, pn_offset).ok());
    const uint8_t protected_bits = long_header ? 0x0f : 0x1f;
    CHECK(packet[0] == (original[0] ^ (mask[0] & protected_bits)));
    // pn length 4 (low bits 11): four packet number bytes masked, nothing else touched.
    for (size_t i = 0; i < 4; ++i)
      CHECK(packet[pn_offset + i] == (original[pn_offset + i] ^ mask[1 + i]));
    CHECK(std::equal(packet.begin() + 1, packet.begin() + pn_offset, original.begin() + 1));
    CHECK(
        std::equal(packet.begin() + pn_offset + 4, packet.end(), original.begin() + pn_offset + 4));

    auto removed = remove_header_protection(*key, packet, pn_offset);
    REQUIRE(removed.ok());
    CHECK(packet == original);
    CHECK(removed->first_byte == first_byte);
    CHECK(removed->packet_number_length == 4);
    CHECK(removed->truncated_packet_number == 0x0a0b0c0d);
  }
}

TEST_CASE("header protection: removal reveals the packet number length from the first byte",
          "[crypto][hp]") {
  auto key = header_key(CipherSuite::kAes128GcmSha256);
  const size_t pn_offset = 5;
  for (uint8_t pn_bits = 0; pn_bits < 4; ++pn_bits) {
    const size_t pn_length = pn_bits + 1;
    auto packet = sample_packet(static_cast<uint8_t>(0x40 | pn_bits), 40);
    const auto original = packet;
    REQUIRE(apply_header_protection(*key, packet, pn_offset).ok());
    // Bytes after the packet number belong to the payload and are never masked.
    CHECK(std::equal(packet.begin() + pn_offset + pn_length, packet.end(),
                     original.begin() + pn_offset + pn_length));
    auto removed = remove_header_protection(*key, packet, pn_offset);
    REQUIRE(removed.ok());
    CHECK(removed->packet_number_length == pn_length);
    uint64_t expected_pn = 0;
    for (size_t i = 0; i < pn_length; ++i)
      expected_pn = (expected_pn << 8) | original[pn_offset + i];
    CHECK(removed->truncated_packet_number == expected_pn);
    CHECK(packet == original);
  }
}

TEST_CASE("header protection: packets too short for the sample are dropped", "[crypto][hp]") {
  auto key = header_key(CipherSuite::kChaCha20Poly1305Sha256);
  const size_t pn_offset = 9;
  // The sample needs pn_offset + 4 + 16 bytes.
  auto exact = sample_packet(0x41, pn_offset + 20);
  CHECK(apply_header_protection(*key, exact, pn_offset).ok());
  CHECK(remove_header_protection(*key, exact, pn_offset).ok());

  auto short_packet = sample_packet(0x41, pn_offset + 19);
  const auto untouched = short_packet;
  CHECK(apply_header_protection(*key, short_packet, pn_offset).error() ==
        CryptoError::kPacketTooShort);
  CHECK(remove_header_protection(*key, short_packet, pn_offset).error() ==
        CryptoError::kPacketTooShort);
  CHECK(short_packet == untouched);
  // An offset beyond the packet is no different.
  CHECK(remove_header_protection(*key, short_packet, 1000).error() == CryptoError::kPacketTooShort);
  std::vector<uint8_t> empty;
  CHECK(remove_header_protection(*key, empty, 0).error() == CryptoError::kPacketTooShort);
}

TEST_CASE("header protection: AES and ChaCha20 masks differ and depend on the sample",
          "[crypto][hp]") {
  auto aes = header_key(CipherSuite::kAes128GcmSha256);
  auto chacha = header_key(CipherSuite::kChaCha20Poly1305Sha256);
  std::array<uint8_t, 16> sample{};
  const auto aes_mask = aes->mask(sample);
  CHECK(aes_mask != chacha->mask(sample));
  sample[15] = 1;
  CHECK(aes_mask != aes->mask(sample));
  CHECK(make_header_protector(CipherSuite::kAes256GcmSha384, std::vector<uint8_t>(16)).error() ==
        CryptoError::kInvalidArgument);
}

}  // namespace
}  // namespace quasar
