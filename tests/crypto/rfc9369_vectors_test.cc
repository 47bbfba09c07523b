// RFC 9369 Appendix A: every QUIC version 2 sample of packet protection, byte for byte.
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

constexpr uint32_t kVersion2 = 0x6b3343cf;

std::vector<uint8_t> hkdf_label(size_t length, std::string_view label) {
  std::array<uint8_t, kMaxHkdfLabelLength> out;
  const size_t size = encode_hkdf_label(length, label, {}, out);
  return {out.begin(), out.begin() + size};
}

const char* const kProtectedClientInitial =
    "d76b3343cf088394c8f03e5157080000 449ea0c95e82ffe67b6abcdb4298b485"
    "dd04de806071bf03dceebfa162e75d6c 96058bdbfb127cdfcbf903388e99ad04"
    "9f9a3dd4425ae4d0992cfff18ecf0fdb 5a842d09747052f17ac2053d21f57c5d"
    "250f2c4f0e0202b70785b7946e992e58 a59ac52dea6774d4f03b55545243cf1a"
    "12834e3f249a78d395e0d18f4d766004 f1a2674802a747eaa901c3f10cda5500"
    "cb9122faa9f1df66c392079a1b40f0de 1c6054196a11cbea40afb6ef5253cd68"
    "18f6625efce3b6def6ba7e4b37a40f77 32e093daa7d52190935b8da58976ff33"
    "12ae50b187c1433c0f028edcc4c2838b 6a9bfc226ca4b4530e7a4ccee1bfa2a3"
    "d396ae5a3fb512384b2fdd851f784a65 e03f2c4fbe11a53c7777c023462239dd"
    "6f7521a3f6c7d5dd3ec9b3f233773d4b 46d23cc375eb198c63301c21801f6520"
    "bcfb7966fc49b393f0061d974a2706df 8c4a9449f11d7f3d2dcbb90c6b877045"
    "636e7c0c0fe4eb0f697545460c806910 d2c355f1d253bc9d2452aaa549e27a1f"
    "ac7cf4ed77f322e8fa894b6a83810a34 b361901751a6f5eb65a0326e07de7c12"
    "16ccce2d0193f958bb3850a833f7ae43 2b65bc5a53975c155aa4bcb4f7b2c4e5"
    "4df16efaf6ddea94e2c50b4cd1dfe060 17e0e9d02900cffe1935e0491d77ffb4"
    "fdf85290fdd893d577b1131a610ef6a5 c32b2ee0293617a37cbb08b847741c3b"
    "8017c25ca9052ca1079d8b78aebd4787 6d330a30f6a8c6d61dd1ab5589329de7"
    "14d19d61370f8149748c72f132f0fc99 f34d766c6938597040d8f9e2bb522ff9"
    "9c63a344d6a2ae8aa8e51b7b90a4a806 105fcbca31506c446151adfeceb51b91"
    "abfe43960977c87471cf9ad4074d30e1 0d6a7f03c63bd5d4317f68ff325ba3bd"
    "80bf4dc8b52a0ba031758022eb025cdd 770b44d6d6cf0670f4e990b22347a7db"
    "848265e3e5eb72dfe8299ad7481a4083 22cac55786e52f633b2fb6b614eaed18"
    "d703dd84045a274ae8bfa73379661388 d6991fe39b0d93debb41700b41f90a15"
    "c4d526250235ddcd6776fc77bc97e7a4 17ebcb31600d01e57f32162a8560cacc"
    "7e27a096d37a1a86952ec71bd89a3e9a 30a2a26162984d7740f81193e8238e61"
    "f6b5b984d4d3dfa033c1bb7e4f0037fe bf406d91c0dccf32acf423cfa1e70710"
    "10d3f270121b493ce85054ef58bada42 310138fe081adb04e2bd901f2f13458b"
    "3d6758158197107c14ebb193230cd115 7380aa79cae1374a7c1e5bbcb80ee23e"
    "06ebfde206bfb0fcbc0edc4ebec30966 1bdd908d532eb0c6adc38b7ca7331dce"
    "8dfce39ab71e7c32d318d136b6100671 a1ae6a6600e3899f31f0eed19e3417d1"
    "34b90c9058f8632c798d4490da498730 7cba922d61c39805d072b589bd52fdf1"
    "e86215c2d54e6670e07383a27bbffb5a ddf47d66aa85a0c6f9f32e59d85a44dd"
    "5d3b22dc2be80919b490437ae4f36a0a e55edf1d0b5cb4e9a3ecabee93dfc6e3"
    "8d209d0fa6536d27a5d6fbb17641cde2 7525d61093f1b28072d111b2b4ae5f89"
    "d5974ee12e5cf7d5da4d6a31123041f3 3e61407e76cffcdcfd7e19ba58cf4b53"
    "6f4c4938ae79324dc402894b44faf8af bab35282ab659d13c93f70412e85cb19"
    "9a37ddec600545473cfb5a05e08d0b20 9973b2172b4d21fb69745a262ccde96b"
    "a18b2faa745b6fe189cf772a9f84cbfc";

TEST_CASE("RFC 9369 A.1: HkdfLabel structures and salt", "[crypto][rfc9369]") {
  const auto& v2 = quic_v2_crypto();
  CHECK(hkdf_label(32, "client in") == from_hex("00200f746c73313320636c69656e7420696e00"));
  CHECK(hkdf_label(32, "server in") == from_hex("00200f746c7331332073657276657220696e00"));
  CHECK(hkdf_label(16, v2.key_label) == from_hex("001010746c73313320717569637632206b657900"));
  CHECK(hkdf_label(12, v2.iv_label) == from_hex("000c0f746c7331332071756963763220697600"));
  CHECK(hkdf_label(16, v2.hp_label) == from_hex("00100f746c7331332071756963763220687000"));
  CHECK(v2.ku_label == "quicv2 ku");
  CHECK(bytes_of(v2.initial_salt) == from_hex("0dede3def700a6db819381be6e269dcbf9bd2ed9"));
  CHECK(version_crypto(kVersion2) == &v2);
}

TEST_CASE("RFC 9369 A.1: initial secrets and keys", "[crypto][rfc9369]") {
  auto secrets = derive_initial_secrets(sample_dcid(), kVersion2);
  REQUIRE(secrets.ok());
  CHECK(bytes_of(secrets->initial_secret.span()) ==
        from_hex("2062e8b3cd8d52092614b8071d0aa1fb7c2e3ac193f78b280e72d8f5751f6aba"));
  CHECK(bytes_of(secrets->client.span()) ==
        from_hex("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b"));
  CHECK(bytes_of(secrets->server.span()) ==
        from_hex("0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1"));

  check_key_material(secrets->client.span(), kVersion2,
                     {.key = "8b1a0bc121284290a29e0971b5cd045d",
                      .iv = "91f73e2351d8fa91660e909f",
                      .hp = "45b95e15235d6f45a6b19cbcb0294ba9"});
  check_key_material(secrets->server.span(), kVersion2,
                     {.key = "82db637861d55e1d011f19ea71d5d2a7",
                      .iv = "dd13c276499c0249d3310652",
                      .hp = "edf6d05c83121201b436e16877593c3a"});
}

TEST_CASE("RFC 9369 A.2: client Initial protected byte for byte", "[crypto][rfc9369]") {
  auto keys = standard_packet_key_factory().make_initial_keys(sample_dcid(), kVersion2);
  REQUIRE(keys.ok());
  const auto header = from_hex("d36b3343cf088394c8f03e5157080000449e00000002");
  const auto payload = client_initial_payload();

  const auto packet = protect(keys->client, header, payload, 2, 18);
  const auto sample = std::span<const uint8_t>(packet).subspan(22).first<16>();
  CHECK(bytes_of(sample) == from_hex("ffe67b6abcdb4298b485dd04de806071"));
  CHECK(bytes_of(keys->client.header->mask(sample)) == from_hex("94a0c95e80"));
  CHECK(packet == from_hex(kProtectedClientInitial));

  auto received = from_hex(kProtectedClientInitial);
  auto unprotected = remove_header_protection(*keys->client.header, received, 18);
  REQUIRE(unprotected.ok());
  CHECK(unprotected->first_byte == 0xd3);
  CHECK(unprotected->packet_number_length == 4);
  CHECK(unprotected->truncated_packet_number == 2);
  auto span = std::span<uint8_t>(received);
  auto opened = keys->client.aead->open(2, span.first(22), span.subspan(22));
  REQUIRE(opened.ok());
  CHECK(bytes_of(span.subspan(22, *opened)) == payload);
}

TEST_CASE("RFC 9369 A.3: server Initial protected byte for byte", "[crypto][rfc9369]") {
  auto keys = standard_packet_key_factory().make_initial_keys(sample_dcid(), kVersion2);
  REQUIRE(keys.ok());
  const auto header = from_hex("d16b3343cf0008f067a5502a4262b50040750001");
  const auto payload = from_hex(
      "02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739"
      "88cfc79825df566dc5430b9a045a1200 130100002e00330024001d00209d3c94"
      "0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00"
      "020304");
  const auto expected = from_hex(
      "dc6b3343cf0008f067a5502a4262b500 4075d92faaf16f05d8a4398c47089698"
      "baeea26b91eb761d9b89237bbf872630 17915358230035f7fd3945d88965cf17"
      "f9af6e16886c61bfc703106fbaf3cb4c fa52382dd16a393e42757507698075b2"
      "c984c707f0a0812d8cd5a6881eaf21ce da98f4bd23f6fe1a3e2c43edd9ce7ca8"
      "4bed8521e2e140");

  const auto packet = protect(keys->server, header, payload, 1, 18);
  const auto sample = std::span<const uint8_t>(packet).subspan(22).first<16>();
  CHECK(bytes_of(sample) == from_hex("6f05d8a4398c47089698baeea26b91eb"));
  CHECK(bytes_of(keys->server.header->mask(sample)) == from_hex("4dd92e91ea"));
  CHECK(packet == expected);

  auto received = expected;
  auto unprotected = remove_header_protection(*keys->server.header, received, 18);
  REQUIRE(unprotected.ok());
  CHECK(unprotected->first_byte == 0xd1);
  CHECK(unprotected->packet_number_length == 2);
  CHECK(unprotected->truncated_packet_number == 1);
  auto span = std::span<uint8_t>(received);
  auto opened = keys->server.aead->open(1, span.first(20), span.subspan(20));
  REQUIRE(opened.ok());
  CHECK(bytes_of(span.subspan(20, *opened)) == payload);
}

TEST_CASE("RFC 9369 A.4: Retry integrity tag", "[crypto][rfc9369]") {
  const auto retry = from_hex(
      "cf6b3343cf0008f067a5502a4262b574 6f6b656ec8646ce8bfe33952d9555436"
      "65dcc7b6");
  const auto without_tag = std::span<const uint8_t>(retry).first(retry.size() - 16);
  const auto tag = std::span<const uint8_t>(retry).last(16);
  std::vector<uint8_t> pseudo = {8};
  const auto odcid = sample_dcid();
  pseudo.insert(pseudo.end(), odcid.span().begin(), odcid.span().end());
  pseudo.insert(pseudo.end(), without_tag.begin(), without_tag.end());

  auto computed = compute_retry_integrity_tag(pseudo, kVersion2);
  REQUIRE(computed.ok());
  CHECK(bytes_of(*computed) == bytes_of(tag));
  CHECK(verify_retry_integrity_tag(pseudo, tag, kVersion2));
  // The version 1 key does not produce the version 2 tag.
  CHECK_FALSE(verify_retry_integrity_tag(pseudo, tag, 0x00000001));

  // RFC 9369 §3.3.3: the key and nonce are the secret expanded with the v2 labels.
  const auto& v2 = quic_v2_crypto();
  CHECK(bytes_of(v2.retry_secret) ==
        from_hex("c4dd2484d681aefa4ff4d69c2c20299984a765a5d3c31982f38fc74162155e9f"));
  std::array<uint8_t, 16> key;
  std::array<uint8_t, 12> nonce;
  REQUIRE(hkdf_expand_label(HashAlgorithm::kSha256, v2.retry_secret, "quicv2 key", {}, key));
  REQUIRE(hkdf_expand_label(HashAlgorithm::kSha256, v2.retry_secret, "quicv2 iv", {}, nonce));
  CHECK(bytes_of(key) == from_hex("8fb4b01b56ac48e260fbcbcead7ccc92"));
  CHECK(bytes_of(nonce) == from_hex("d86969bc2d7c6d9990efb04a"));
  CHECK(key == v2.retry_key);
  CHECK(nonce == v2.retry_nonce);
}

TEST_CASE("RFC 9369 A.5: ChaCha20-Poly1305 short header packet", "[crypto][rfc9369]") {
  const auto secret = from_hex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
  constexpr CipherSuite kSuite = CipherSuite::kChaCha20Poly1305Sha256;
  auto material = derive_packet_key_material(secret, kSuite, kVersion2);
  REQUIRE(material.ok());
  CHECK(bytes_of(material->key.span()) ==
        from_hex("3bfcddd72bcf02541d7fa0dd1f5f9eeea817e09a6963a0e6c7df0f9a1bab90f2"));
  CHECK(bytes_of(material->iv.span()) == from_hex("a6b5bc6ab7dafce30ffff5dd"));
  CHECK(bytes_of(material->hp.span()) ==
        from_hex("d659760d2ba434a226fd37b35c69e2da8211d10c4f12538787d65645d5d1b8e2"));
  auto ku = derive_next_generation_secret(secret, kSuite, kVersion2);
  REQUIRE(ku.ok());
  CHECK(bytes_of(ku->span()) ==
        from_hex("c69374c49e3d2a9466fa689e49d476db5d0dfbc87d32ceeaa6343fd0ae4c7d88"));

  constexpr uint64_t kPacketNumber = 654360564;
  std::array<uint8_t, kAeadNonceLength> nonce;
  make_packet_nonce(material->iv.span().first<kAeadNonceLength>(), kPacketNumber, nonce);
  CHECK(bytes_of(nonce) == from_hex("a6b5bc6ab7dafce328ff4a29"));

  auto keys = standard_packet_key_factory().make_packet_keys(secret, kSuite, kVersion2);
  REQUIRE(keys.ok());
  const auto header = from_hex("4200bff4");
  std::vector<uint8_t> body = {0x01};
  body.resize(1 + kAeadTagLength);
  REQUIRE(keys->aead->seal(kPacketNumber, header, body).ok());
  CHECK(body == from_hex("0ae7b6b932bc27d786f4bc2bb20f2162ba"));
  const auto sample = std::span<const uint8_t>(body).subspan(1).first<16>();
  CHECK(bytes_of(sample) == from_hex("e7b6b932bc27d786f4bc2bb20f2162ba"));
  CHECK(bytes_of(keys->header->mask(sample)) == from_hex("97580e32bf"));

  const auto packet = protect(*keys, header, from_hex("01"), kPacketNumber, 1);
  CHECK(packet == from_hex("5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba"));

  auto received = packet;
  auto unprotected = remove_header_protection(*keys->header, received, 1);
  REQUIRE(unprotected.ok());
  CHECK(unprotected->first_byte == 0x42);
  CHECK(unprotected->truncated_packet_number == 49140);
  const uint64_t packet_number = test::decode_packet_number(
      kPacketNumber - 1, unprotected->truncated_packet_number, unprotected->packet_number_length);
  auto span = std::span<uint8_t>(received);
  auto opened = keys->aead->open(packet_number, span.first(4), span.subspan(4));
  REQUIRE(opened.ok());
  CHECK(*opened == 1);
  CHECK(received[4] == 0x01);
}

}  // namespace
}  // namespace quasar
