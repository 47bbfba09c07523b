// Packet protection with every cipher suite: in-place seal and open, rejection of any change,
// AEAD usage accounting (RFC 9001 §5.3, §6.6).
#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include "crypto/authentication_failure_counter.h"
#include "crypto/packet_keys.h"
#include "tests/crypto/crypto_test_support.h"

namespace quasar {
namespace {

constexpr uint32_t kVersion1 = 0x00000001;

std::vector<uint8_t> secret_for(CipherSuite suite, uint8_t seed) {
  std::vector<uint8_t> secret(secret_length(suite));
  std::iota(secret.begin(), secret.end(), seed);
  return secret;
}

struct SealedPacket {
  std::vector<uint8_t> header;
  std::vector<uint8_t> body;  // ciphertext then tag
  std::vector<uint8_t> plaintext;
};

SealedPacket seal_sample(PacketProtector& protector, uint64_t packet_number) {
  SealedPacket packet;
  packet.header = {0x41, 0xaa, 0xbb, 0xcc, 0xdd, 0x00, 0x07};
  packet.plaintext.resize(1200);
  std::iota(packet.plaintext.begin(), packet.plaintext.end(), uint8_t{3});
  packet.body = packet.plaintext;
  packet.body.resize(packet.plaintext.size() + kAeadTagLength);
  REQUIRE(protector.seal(packet_number, packet.header, packet.body).ok());
  return packet;
}

TEST_CASE("packet protection: every suite seals in place and opens its own packets",
          "[crypto][aead]") {
  const CipherSuite suite =
      GENERATE(from_range(std::begin(kAllCipherSuites), std::end(kAllCipherSuites)));
  CAPTURE(cipher_suite_name(suite));
  const auto secret = secret_for(suite, 1);
  auto sender = standard_packet_key_factory().make_packet_protector(secret, suite, kVersion1);
  auto receiver = standard_packet_key_factory().make_packet_protector(secret, suite, kVersion1);
  REQUIRE(sender.ok());
  REQUIRE(receiver.ok());

  SealedPacket packet = seal_sample(**sender, 42);
  // In place: the ciphertext replaced the plaintext in the same buffer.
  CHECK(std::vector<uint8_t>(packet.body.begin(), packet.body.end() - kAeadTagLength) !=
        packet.plaintext);
  auto opened = (*receiver)->open(42, packet.header, packet.body);
  REQUIRE(opened.ok());
  CHECK(*opened == packet.plaintext.size());
  CHECK(std::vector<uint8_t>(packet.body.begin(), packet.body.begin() + *opened) ==
        packet.plaintext);
  CHECK((*sender)->packets_sealed() == 1);
  CHECK((*receiver)->failed_opens() == 0);
}

TEST_CASE("packet protection: a changed header, payload, tag or packet number fails to open",
          "[crypto][aead]") {
  const CipherSuite suite =
      GENERATE(from_range(std::begin(kAllCipherSuites), std::end(kAllCipherSuites)));
  CAPTURE(cipher_suite_name(suite));
  const auto secret = secret_for(suite, 9);
  auto sender = standard_packet_key_factory().make_packet_protector(secret, suite, kVersion1);
  auto receiver = standard_packet_key_factory().make_packet_protector(secret, suite, kVersion1);
  REQUIRE(sender.ok());
  REQUIRE(receiver.ok());
  const SealedPacket original = seal_sample(**sender, 7);

  auto header = original.header;
  auto body = original.body;
  header[3] ^= 0x01;
  CHECK((*receiver)->open(7, header, body).error() == CryptoError::kAuthenticationFailed);

  body = original.body;
  body[100] ^= 0x40;
  CHECK((*receiver)->open(7, original.header, body).error() == CryptoError::kAuthenticationFailed);

  body = original.body;
  body.back() ^= 0x01;
  CHECK((*receiver)->open(7, original.header, body).error() == CryptoError::kAuthenticationFailed);

  body = original.body;
  CHECK((*receiver)->open(8, original.header, body).error() == CryptoError::kAuthenticationFailed);

  // A key from another secret (or another QUIC version's labels) cannot open it either.
  auto stranger = standard_packet_key_factory().make_packet_protector(secret, suite, 0x6b3343cf);
  REQUIRE(stranger.ok());
  body = original.body;
  CHECK((*stranger)->open(7, original.header, body).error() == CryptoError::kAuthenticationFailed);

  body = original.body;
  std::vector<uint8_t> too_short(body.begin(), body.begin() + kAeadTagLength - 1);
  CHECK((*receiver)->open(7, original.header, too_short).error() ==
        CryptoError::kAuthenticationFailed);
  CHECK((*receiver)->failed_opens() == 5);

  body = original.body;
  CHECK((*receiver)->open(7, original.header, body).ok());
}

TEST_CASE("packet protection: key derivation rejects bad secrets and versions", "[crypto][aead]") {
  const auto& factory = standard_packet_key_factory();
  const auto short_secret = secret_for(CipherSuite::kAes128GcmSha256, 0);
  // AES-256-GCM uses SHA-384, so its secrets are 48 bytes.
  CHECK(factory.make_packet_keys(short_secret, CipherSuite::kAes256GcmSha384, kVersion1).error() ==
        CryptoError::kInvalidArgument);
  CHECK(factory.make_packet_keys(short_secret, CipherSuite::kAes128GcmSha256, 0xff00001d).error() ==
        CryptoError::kUnsupportedVersion);
  CHECK(factory.make_initial_keys(ConnectionId(), 0xff00001d).error() ==
        CryptoError::kUnsupportedVersion);
  // A zero-length DCID is valid for Initial keys after a Retry with an empty SCID (§5.2 note).
  CHECK(factory.make_initial_keys(ConnectionId(), kVersion1).ok());
  std::vector<uint8_t> empty_body;
  auto protector =
      factory.make_packet_protector(short_secret, CipherSuite::kAes128GcmSha256, kVersion1);
  REQUIRE(protector.ok());
  CHECK((*protector)->seal(0, {}, empty_body).error() == CryptoError::kInvalidArgument);
}

TEST_CASE("packet protection: confidentiality limit stops sealing and asks for a key update",
          "[crypto][aead][limits]") {
  // RFC 9001 §6.6 limits per suite.
  CHECK(aead_confidentiality_limit(CipherSuite::kAes128GcmSha256) == (uint64_t{1} << 23));
  CHECK(aead_confidentiality_limit(CipherSuite::kAes256GcmSha384) == (uint64_t{1} << 23));
  CHECK(aead_integrity_limit(CipherSuite::kAes128GcmSha256) == (uint64_t{1} << 52));
  CHECK(aead_integrity_limit(CipherSuite::kChaCha20Poly1305Sha256) == (uint64_t{1} << 36));

  const auto secret = secret_for(CipherSuite::kAes128GcmSha256, 5);
  auto protector = standard_packet_key_factory().make_packet_protector(
      secret, CipherSuite::kAes128GcmSha256, kVersion1);
  REQUIRE(protector.ok());
  CHECK((*protector)->confidentiality_limit() == (uint64_t{1} << 23));
  (*protector)->set_usage_limits(8, 3);
  std::vector<uint8_t> body(32);
  for (uint64_t pn = 0; pn < 5; ++pn) REQUIRE((*protector)->seal(pn, {}, body).ok());
  CHECK_FALSE((*protector)->key_update_due());
  REQUIRE((*protector)->seal(5, {}, body).ok());
  CHECK((*protector)->key_update_due());  // 6 of 8 sealed: three quarters
  REQUIRE((*protector)->seal(6, {}, body).ok());
  REQUIRE((*protector)->seal(7, {}, body).ok());
  CHECK((*protector)->seal(8, {}, body).error() == CryptoError::kConfidentialityLimit);
  CHECK((*protector)->packets_sealed() == 8);
}

TEST_CASE("packet protection: integrity limit across keys yields AEAD_LIMIT_REACHED",
          "[crypto][aead][limits]") {
  const auto secret = secret_for(CipherSuite::kChaCha20Poly1305Sha256, 5);
  const auto& factory = standard_packet_key_factory();
  auto first =
      factory.make_packet_protector(secret, CipherSuite::kChaCha20Poly1305Sha256, kVersion1);
  auto second =
      factory.make_packet_protector(secret, CipherSuite::kChaCha20Poly1305Sha256, kVersion1);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  (*first)->set_usage_limits(100, 3);
  (*second)->set_usage_limits(100, 3);
  AuthenticationFailureCounter counter;
  std::vector<uint8_t> garbage(40, 0x5a);
  auto fail = [&](PacketProtector& key) {
    auto copy = garbage;
    REQUIRE(key.open(1, {}, copy).error() == CryptoError::kAuthenticationFailed);
    return counter.on_authentication_failure(key);
  };
  CHECK(fail(**first).ok());
  CHECK(fail(**second).ok());
  CHECK(fail(**first).ok());
  // The fourth failure across both keys exceeds the limit of 3.
  const Status status = fail(**second);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().is(TransportError::kAeadLimitReached));
  CHECK(counter.failures() == 4);
}

}  // namespace
}  // namespace quasar
