// RFC 9001 Appendix A: every sample of packet protection, byte for byte.
#include <catch2/catch.hpp>

#include "crypto/header_protection.h"
#include "crypto/hkdf.h"
#include "crypto/initial_secrets.h"
#include "crypto/packet_key_material.h"
#include "crypto/packet_keys.h"
#include "crypto/retry_integrity.h"
#include "crypto/version_crypto.h"
#include "tests/crypto/crypto_test_support.h"
#include "tests/crypto/packet_vector_support.h"

namespace quasar {
namespace {

using test::bytes_of;
using test::check_key_material;
using test::client_initial_payload;
using test::from_hex;
using test::protect;
using test::sample_dcid;

constexpr uint32_t kVersion1 = 0x00000001;

const char* const kProtectedClientInitial =
    "c000000001088394c8f03e5157080000 449e7b9aec34d1b1c98dd7689fb8ec11"
    "d242b123dc9bd8bab936b47d92ec356c 0bab7df5976d27cd449f63300099f399"
    "1c260ec4c60d17b31f8429157bb35a12 82a643a8d2262cad67500cadb8e7378c"
    "8eb7539ec4d4905fed1bee1fc8aafba1 7c750e2c7ace01e6005f80fcb7df6212"
    "30c83711b39343fa028cea7f7fb5ff89 eac2308249a02252155e2347b63d58c5"
    "457afd84d05dfffdb20392844ae81215 4682e9cf012f9021a6f0be17ddd0c208"
    "4dce25ff9b06cde535d0f920a2db1bf3 62c23e596d11a4f5a6cf3948838a3aec"
    "4e15daf8500a6ef69ec4e3feb6b1d98e 610ac8b7ec3faf6ad760b7bad1db4ba3"
    "485e8a94dc250ae3fdb41ed15fb6a8e5 eba0fc3dd60bc8e30c5c4287e53805db"
    "059ae0648db2f64264ed5e39be2e20d8 2df566da8dd5998ccabdae053060ae6c"
    "7b4378e846d29f37ed7b4ea9ec5d82e7 961b7f25a9323851f681d582363aa5f8"
    "9937f5a67258bf63ad6f1a0b1d96dbd4 faddfcefc5266ba6611722395c906556"
    "be52afe3f565636ad1b17d508b73d874 3eeb524be22b3dcbc2c7468d54119c74"
    "68449a13d8e3b95811a198f3491de3e7 fe942b330407abf82a4ed7c1b311663a"
    "c69890f4157015853d91e923037c227a 33cdd5ec281ca3f79c44546b9d90ca00"
    "f064c99e3dd97911d39fe9c5d0b23a22 9a234cb36186c4819e8b9c5927726632"
    "291d6a418211cc2962e20fe47feb3edf 330f2c603a9d48c0fcb5699dbfe58964"
    "25c5bac4aee82e57a85aaf4e2513e4f0 5796b07ba2ee47d80506f8d2c25e50fd"
    "14de71e6c418559302f939b0e1abd576 f279c4b2e0feb85c1f28ff18f58891ff"
    "ef132eef2fa09346aee33c28eb130ff2 8f5b766953334113211996d20011a198"
    "e3fc433f9f2541010ae17c1bf202580f 6047472fb36857fe843b19f5984009dd"
    "c324044e847a4f4a0ab34f719595de37 252d6235365e9b84392b061085349d73"
    "203a4a13e96f5432ec0fd4a1ee65accd d5e3904df54c1da510b0ff20dcc0c77f"
    "cb2c0e0eb605cb0504db87632cf3d8b4 dae6e705769d1de354270123cb11450e"
    "fc60ac47683d7b8d0f811365565fd98c 4c8eb936bcab8d069fc33bd801b03ade"
    "a2e1fbc5aa463d08ca19896d2bf59a07 1b851e6c239052172f296bfb5e724047"
    "90a2181014f3b94a4e97d117b4381303 68cc39dbb2d198065ae3986547926cd2"
    "162f40a29f0c3c8745c0f50fba3852e5 66d44575c29d39a03f0cda721984b6f4"
    "40591f355e12d439ff150aab7613499d bd49adabc8676eef023b15b65bfc5ca0"
    "6948109f23f350db82123535eb8a7433 bdabcb909271a6ecbcb58b936a88cd4e"
    "8f2e6ff5800175f113253d8fa9ca8885 c2f552e657dc603f252e1a8e308f76f0"
    "be79e2fb8f5d5fbbe2e30ecadd220723 c8c0aea8078cdfcb3868263ff8f09400"
    "54da48781893a7e49ad5aff4af300cd8 04a6b6279ab3ff3afb64491c85194aab"
    "760d58a606654f9f4400e8b38591356f bf6425aca26dc85244259ff2b19c41b9"
    "f96f3ca9ec1dde434da7d2d392b905dd f3d1f9af93d1af5950bd493f5aa731b4"
    "056df31bd267b6b90a079831aaf579be 0a39013137aac6d404f518cfd4684064"
    "7e78bfe706ca4cf5e9c5453e9f7cfd2b 8b4c8d169a44e55c88d4a9a7f9474241"
    "e221af44860018ab0856972e194cd934";

std::vector<uint8_t> hkdf_label(size_t length, std::string_view label) {
  std::array<uint8_t, kMaxHkdfLabelLength> out;
  const size_t size = encode_hkdf_label(length, label, {}, out);
  return {out.begin(), out.begin() + size};
}

TEST_CASE("RFC 9001 A.1: HkdfLabel structures", "[crypto][rfc9001]") {
  const auto& v1 = quic_v1_crypto();
  CHECK(hkdf_label(32, "client in") == from_hex("00200f746c73313320636c69656e7420696e00"));
  CHECK(hkdf_label(32, "server in") == from_hex("00200f746c7331332073657276657220696e00"));
  CHECK(hkdf_label(16, v1.key_label) == from_hex("00100e746c7331332071756963206b657900"));
  CHECK(hkdf_label(12, v1.iv_label) == from_hex("000c0d746c733133207175696320697600"));
  CHECK(hkdf_label(16, v1.hp_label) == from_hex("00100d746c733133207175696320687000"));
  CHECK(v1.ku_label == "quic ku");
  CHECK(bytes_of(v1.initial_salt) == from_hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a"));
}

TEST_CASE("RFC 9001 A.1: initial secrets", "[crypto][rfc9001]") {
  auto secrets = derive_initial_secrets(sample_dcid(), kVersion1);
  REQUIRE(secrets.ok());
  CHECK(bytes_of(secrets->initial_secret.span()) ==
        from_hex("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44"));
  CHECK(bytes_of(secrets->client.span()) ==
        from_hex("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea"));
  CHECK(bytes_of(secrets->server.span()) ==
        from_hex("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b"));
}

TEST_CASE("RFC 9001 A.1: client and server initial keys", "[crypto][rfc9001]") {
  auto secrets = derive_initial_secrets(sample_dcid(), kVersion1);
  REQUIRE(secrets.ok());
  check_key_material(secrets->client.span(), kVersion1,
                     {.key = "1f369613dd76d5467730efcbe3b1a22d",
                      .iv = "fa044b2f42a3fd3b46fb255c",
                      .hp = "9f50449e04a0e810283a1e9933adedd2"});
  check_key_material(secrets->server.span(), kVersion1,
                     {.key = "cf3a5331653c364c88f0f379b6067e37",
                      .iv = "0ac1493ca1905853b0bba03e",
                      .hp = "c206b8d9b9f0f37644430b490eeaa314"});
}

TEST_CASE("RFC 9001 A.2: client Initial protected byte for byte", "[crypto][rfc9001]") {
  auto keys = standard_packet_key_factory().make_initial_keys(sample_dcid(), kVersion1);
  REQUIRE(keys.ok());
  const auto header = from_hex("c300000001088394c8f03e5157080000449e00000002");
  const auto payload = client_initial_payload();

  SECTION("sample and mask") {
    std::vector<uint8_t> body = payload;
    body.resize(body.size() + kAeadTagLength);
    REQUIRE(keys->client.aead->seal(2, header, body).ok());
    const auto sample = std::span<const uint8_t>(body).first<16>();
    CHECK(bytes_of(sample) == from_hex("d1b1c98dd7689fb8ec11d242b123dc9b"));
    const auto mask = keys->client.header->mask(sample);
    CHECK(bytes_of(mask) == from_hex("437b9aec36"));
  }
  SECTION("whole packet") {
    const auto packet = protect(keys->client, header, payload, 2, 18);
    CHECK(packet.size() == 1200);
    CHECK(packet == from_hex(kProtectedClientInitial));
  }
  SECTION("the server unprotects it") {
    auto packet = from_hex(kProtectedClientInitial);
    auto unprotected = remove_header_protection(*keys->client.header, packet, 18);
    REQUIRE(unprotected.ok());
    CHECK(unprotected->first_byte == 0xc3);
    CHECK(unprotected->packet_number_length == 4);
    CHECK(unprotected->truncated_packet_number == 2);
    auto span = std::span<uint8_t>(packet);
    auto opened = keys->client.aead->open(2, span.first(22), span.subspan(22));
    REQUIRE(opened.ok());
    CHECK(*opened == payload.size());
    CHECK(bytes_of(span.subspan(22, *opened)) == payload);
  }
}

TEST_CASE("RFC 9001 A.3: server Initial protected byte for byte", "[crypto][rfc9001]") {
  auto keys = standard_packet_key_factory().make_initial_keys(sample_dcid(), kVersion1);
  REQUIRE(keys.ok());
  const auto header = from_hex("c1000000010008f067a5502a4262b50040750001");
  const auto payload = from_hex(
      "02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739"
      "88cfc79825df566dc5430b9a045a1200 130100002e00330024001d00209d3c94"
      "0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00"
      "020304");
  const auto expected = from_hex(
      "cf000000010008f067a5502a4262b500 4075c0d95a482cd0991cd25b0aac406a"
      "5816b6394100f37a1c69797554780bb3 8cc5a99f5ede4cf73c3ec2493a1839b3"
      "dbcba3f6ea46c5b7684df3548e7ddeb9 c3bf9c73cc3f3bded74b562bfb19fb84"
      "022f8ef4cdd93795d77d06edbb7aaf2f 58891850abbdca3d20398c276456cbc4"
      "2158407dd074ee");
  const size_t pn_offset = 18;

  const auto packet = protect(keys->server, header, payload, 1, pn_offset);
  CHECK(packet == expected);
  // §A.3: with a 2-byte packet number the sample starts at the third protected byte.
  const auto sample = std::span<const uint8_t>(packet).subspan(pn_offset + 4).first<16>();
  CHECK(bytes_of(sample) == from_hex("2cd0991cd25b0aac406a5816b6394100"));
  CHECK(bytes_of(keys->server.header->mask(sample)) == from_hex("2ec0d8356a"));

  auto received = expected;
  auto unprotected = remove_header_protection(*keys->server.header, received, pn_offset);
  REQUIRE(unprotected.ok());
  CHECK(unprotected->first_byte == 0xc1);
  CHECK(unprotected->packet_number_length == 2);
  CHECK(unprotected->truncated_packet_number == 1);
  auto span = std::span<uint8_t>(received);
  auto opened = keys->server.aead->open(1, span.first(header.size()), span.subspan(header.size()));
  REQUIRE(opened.ok());
  CHECK(bytes_of(span.subspan(header.size(), *opened)) == payload);
}

TEST_CASE("RFC 9001 A.4: Retry integrity tag", "[crypto][rfc9001]") {
  const auto retry = from_hex(
      "ff000000010008f067a5502a4262b574 6f6b656e04a265ba2eff4d829058fb3f"
      "0f2496ba");
  const auto without_tag = std::span<const uint8_t>(retry).first(retry.size() - 16);
  const auto tag = std::span<const uint8_t>(retry).last(16);
  // The pseudo-packet prepends the client's original DCID (§5.8).
  std::vector<uint8_t> pseudo = {8};
  const auto odcid = sample_dcid();
  pseudo.insert(pseudo.end(), odcid.span().begin(), odcid.span().end());
  pseudo.insert(pseudo.end(), without_tag.begin(), without_tag.end());

  auto computed = compute_retry_integrity_tag(pseudo, kVersion1);
  REQUIRE(computed.ok());
  CHECK(bytes_of(*computed) == bytes_of(tag));
  CHECK(verify_retry_integrity_tag(pseudo, tag, kVersion1));

  SECTION("the fixed key and nonce come from the published secret") {
    const auto& v1 = quic_v1_crypto();
    std::array<uint8_t, 16> key;
    std::array<uint8_t, 12> nonce;
    REQUIRE(hkdf_expand_label(HashAlgorithm::kSha256, v1.retry_secret, "quic key", {}, key));
    REQUIRE(hkdf_expand_label(HashAlgorithm::kSha256, v1.retry_secret, "quic iv", {}, nonce));
    CHECK(key == v1.retry_key);
    CHECK(nonce == v1.retry_nonce);
  }
  SECTION("a different original DCID or token fails verification") {
    auto wrong_odcid = pseudo;
    wrong_odcid[1] ^= 0x01;
    CHECK_FALSE(verify_retry_integrity_tag(wrong_odcid, tag, kVersion1));
    auto wrong_token = pseudo;
    wrong_token.back() ^= 0x80;
    CHECK_FALSE(verify_retry_integrity_tag(wrong_token, tag, kVersion1));
    CHECK_FALSE(verify_retry_integrity_tag(pseudo, tag, 0x6b3343cf));
    CHECK_FALSE(verify_retry_integrity_tag(pseudo, tag.first(15), kVersion1));
  }
}

TEST_CASE("RFC 9001 A.5: ChaCha20-Poly1305 short header packet", "[crypto][rfc9001]") {
  const auto secret = from_hex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
  constexpr CipherSuite kSuite = CipherSuite::kChaCha20Poly1305Sha256;
  auto material = derive_packet_key_material(secret, kSuite, kVersion1);
  REQUIRE(material.ok());
  CHECK(bytes_of(material->key.span()) ==
        from_hex("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8"));
  CHECK(bytes_of(material->iv.span()) == from_hex("e0459b3474bdd0e44a41c144"));
  CHECK(bytes_of(material->hp.span()) ==
        from_hex("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4"));
  auto ku = derive_next_generation_secret(secret, kSuite, kVersion1);
  REQUIRE(ku.ok());
  CHECK(bytes_of(ku->span()) ==
        from_hex("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9"));

  constexpr uint64_t kPacketNumber = 654360564;
  std::array<uint8_t, kAeadNonceLength> nonce;
  make_packet_nonce(material->iv.span().first<kAeadNonceLength>(), kPacketNumber, nonce);
  CHECK(bytes_of(nonce) == from_hex("e0459b3474bdd0e46d417eb0"));

  auto keys = standard_packet_key_factory().make_packet_keys(secret, kSuite, kVersion1);
  REQUIRE(keys.ok());
  const auto header = from_hex("4200bff4");
  const auto payload = from_hex("01");
  std::vector<uint8_t> body = payload;
  body.resize(body.size() + kAeadTagLength);
  REQUIRE(keys->aead->seal(kPacketNumber, header, body).ok());
  CHECK(body == from_hex("655e5cd55c41f69080575d7999c25a5bfb"));
  // One byte is skipped to reach the sample (a 3-byte packet number at offset 1).
  const auto sample = std::span<const uint8_t>(body).subspan(1).first<16>();
  CHECK(bytes_of(sample) == from_hex("5e5cd55c41f69080575d7999c25a5bfb"));
  CHECK(bytes_of(keys->header->mask(sample)) == from_hex("aefefe7d03"));

  const auto packet = protect(*keys, header, payload, kPacketNumber, 1);
  CHECK(packet == from_hex("4cfe4189655e5cd55c41f69080575d7999c25a5bfb"));

  // The receiver: remove header protection, expand the packet number, open.
  auto received = packet;
  auto unprotected = remove_header_protection(*keys->header, received, 1);
  REQUIRE(unprotected.ok());
  CHECK(unprotected->first_byte == 0x42);
  CHECK(unprotected->packet_number_length == 3);
  CHECK(unprotected->truncated_packet_number == 49140);
  const uint64_t packet_number = test::decode_packet_number(
      kPacketNumber - 1, unprotected->truncated_packet_number, unprotected->packet_number_length);
  CHECK(packet_number == kPacketNumber);
  auto span = std::span<uint8_t>(received);
  auto opened = keys->aead->open(packet_number, span.first(4), span.subspan(4));
  REQUIRE(opened.ok());
  CHECK(*opened == 1);
  CHECK(received[4] == 0x01);
}

}  // namespace
}  // namespace quasar
