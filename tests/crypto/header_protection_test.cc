// Header protection (RFC 9001 §5.4): which bits are masked, where the sample is taken, and the
// drop of packets too short to sample.
#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include <openssl/chacha.h>

#include "crypto/chacha20_header_masks.h"
#include "crypto/header_protection.h"
#include "crypto/packet_keys.h"
#include "quic/base/rng.h"
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

namespace quasar {
namespace {

TEST_CASE("header protection: our ChaCha20 block matches RFC 8439 §2.3.2 and BoringSSL",
          "[crypto][hp][chacha]") {
  // RFC 8439 §2.3.2: key 00..1f, block count 1, nonce 00:00:00:09:00:00:00:4a:00:00:00:00; the
  // serialized block starts 10 f1 e7 e4 d1.
  std::array<uint8_t, 32> key;
  std::iota(key.begin(), key.end(), uint8_t{0});
  const auto sample = test::from_hex("01000000 000000090000004a00000000");
  const uint8_t* samples[] = {sample.data()};
  HeaderProtectionMask mask{}, portable{};
  chacha20_header_masks(key, samples, std::span(&mask, 1));
  chacha20_header_masks_portable(key, samples, std::span(&portable, 1));
  CHECK(mask == HeaderProtectionMask{0x10, 0xf1, 0xe7, 0xe4, 0xd1});
  CHECK(portable == mask);

  // Every batch size, including partial groups of four, agrees with BoringSSL's ChaCha20, and
  // so do the header protector's single and batch masks.
  SeededRng rng(99);
  rng.fill(key);
  auto protector = make_header_protector(CipherSuite::kChaCha20Poly1305Sha256, key);
  REQUIRE(protector.ok());
  const auto boringssl_mask = [&](const std::array<uint8_t, 16>& input) {
    // RFC 9001 §5.4.4: counter = input[0..3] little-endian, nonce = input[4..15].
    const uint32_t counter =
        static_cast<uint32_t>(input[0]) | static_cast<uint32_t>(input[1]) << 8 |
        static_cast<uint32_t>(input[2]) << 16 | static_cast<uint32_t>(input[3]) << 24;
    static constexpr uint8_t kZeros[5] = {};
    HeaderProtectionMask expected;
    CRYPTO_chacha_20(expected.data(), kZeros, sizeof(kZeros), key.data(), input.data() + 4,
                     counter);
    return expected;
  };
  // Sizes cover the SSE2 (up to four), AVX2 (five to eight) and AVX-512 (nine to sixteen)
  // groups, those the CPU has, and their remainders.
  for (size_t count = 1; count <= 35; ++count) {
    std::vector<std::array<uint8_t, 16>> inputs(count);
    std::vector<const uint8_t*> pointers;
    for (auto& input : inputs) {
      rng.fill(input);
      pointers.push_back(input.data());
    }
    std::vector<HeaderProtectionMask> masks(count), portable_masks(count);
    chacha20_header_masks(key, pointers, masks);
    chacha20_header_masks_portable(key, pointers, portable_masks);
    CHECK(portable_masks == masks);
    std::vector<HeaderProtectionMask> batched(count);
    (*protector)->masks(pointers, batched);
    for (size_t i = 0; i < count; ++i) {
      CAPTURE(count, i);
      CHECK(masks[i] == boringssl_mask(inputs[i]));
      CHECK((*protector)->mask(inputs[i]) == masks[i]);
      CHECK(batched[i] == masks[i]);
    }
  }
}

TEST_CASE("header protection: a batch gives each packet what one at a time would",
          "[crypto][hp][batch]") {
  const CipherSuite suite =
      GENERATE(from_range(std::begin(kAllCipherSuites), std::end(kAllCipherSuites)));
  CAPTURE(cipher_suite_name(suite));
  auto key = header_key(suite);
  SeededRng rng(5);
  // 21 packets: more than one chunk of 16, mixed header forms and packet number offsets.
  std::vector<std::vector<uint8_t>> packets(21);
  std::vector<size_t> offsets;
  for (size_t i = 0; i < packets.size(); ++i) {
    packets[i].resize(30 + 7 * i);
    rng.fill(packets[i]);
    packets[i][0] = static_cast<uint8_t>((i % 2 ? 0xc0 : 0x40) | (i % 4));
    offsets.push_back(1 + i % 9);
  }
  auto singles = packets;
  std::vector<PacketInBatch> batch;
  for (size_t i = 0; i < packets.size(); ++i) {
    REQUIRE(apply_header_protection(*key, singles[i], offsets[i]).ok());
    batch.push_back({packets[i], offsets[i]});
  }
  const auto originals = packets;
  REQUIRE(apply_header_protection(*key, batch).ok());
  CHECK(packets == singles);

  std::vector<std::optional<UnprotectedHeader>> headers(packets.size());
  remove_header_protection(*key, batch, headers);
  CHECK(packets == originals);
  for (size_t i = 0; i < packets.size(); ++i) {
    REQUIRE(headers[i].has_value());
    CHECK(headers[i]->first_byte == originals[i][0]);
    CHECK(headers[i]->packet_number_length == (i % 4) + 1);
  }
}

TEST_CASE("header protection: a batch with a packet too short to sample", "[crypto][hp][batch]") {
  auto key = header_key(CipherSuite::kChaCha20Poly1305Sha256);
  std::vector<uint8_t> good(40, 0x41), short_packet(20, 0x41);
  const auto good_before = good;
  std::vector<PacketInBatch> batch = {{good, 5}, {short_packet, 5}, {good, 5}};
  // Sending: refused as a whole, nothing touched.
  CHECK(apply_header_protection(*key, batch).error() == CryptoError::kPacketTooShort);
  CHECK(good == good_before);
  // Receiving: the short one is dropped, the others are unprotected.
  std::vector<uint8_t> other(40, 0x42);
  batch = {{good, 5}, {short_packet, 5}, {other, 5}};
  std::vector<std::optional<UnprotectedHeader>> headers(3, UnprotectedHeader{});
  remove_header_protection(*key, batch, headers);
  CHECK(headers[0].has_value());
  CHECK_FALSE(headers[1].has_value());
  CHECK(headers[2].has_value());
}

}  // namespace
}  // namespace quasar
