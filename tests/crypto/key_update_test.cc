// Key update (RFC 9001 §6): generations of 1-RTT keys, the Key Phase bit, previous keys for
// reordered packets, and header protection keys that never change.
#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include "crypto/one_rtt_keys.h"
#include "crypto/packet_key_material.h"
#include "tests/crypto/crypto_test_support.h"

namespace quasar {
namespace {

constexpr uint32_t kVersion1 = 0x00000001;

struct Packet {
  bool key_phase = false;
  uint64_t packet_number = 0;
  std::vector<uint8_t> header;
  std::vector<uint8_t> body;
};

Packet seal_with(OneRttKeys& sender, uint64_t packet_number) {
  Packet packet;
  packet.key_phase = sender.write_key_phase();
  packet.packet_number = packet_number;
  packet.header = {static_cast<uint8_t>(0x40 | (packet.key_phase ? 0x04 : 0)), 0x11,
                   static_cast<uint8_t>(packet_number)};
  packet.body.assign(64, static_cast<uint8_t>(packet_number));
  packet.body.resize(64 + kAeadTagLength);
  REQUIRE(sender.write_key().seal(packet_number, packet.header, packet.body).ok());
  return packet;
}

Result<OneRttKeys::Opened, CryptoError> deliver(OneRttKeys& receiver, Packet packet) {
  auto opened = receiver.open(packet.key_phase, packet.packet_number, packet.header, packet.body);
  if (opened.ok()) {
    CHECK(opened->plaintext_length == 64);
    CHECK(packet.body[0] == static_cast<uint8_t>(packet.packet_number));
  }
  return opened;
}

struct Endpoints {
  OneRttKeys client;
  OneRttKeys server;
};

Endpoints make_endpoints(CipherSuite suite) {
  std::vector<uint8_t> client_secret(secret_length(suite)), server_secret(secret_length(suite));
  std::iota(client_secret.begin(), client_secret.end(), uint8_t{0x10});
  std::iota(server_secret.begin(), server_secret.end(), uint8_t{0x80});
  const auto& factory = standard_packet_key_factory();
  auto client = OneRttKeys::create(factory, suite, kVersion1, server_secret, client_secret);
  auto server = OneRttKeys::create(factory, suite, kVersion1, client_secret, server_secret);
  REQUIRE(client.ok());
  REQUIRE(server.ok());
  return {std::move(client).value(), std::move(server).value()};
}

TEST_CASE("key update: three generations forward, with a delayed packet of the previous one",
          "[crypto][key-update]") {
  const CipherSuite suite =
      GENERATE(from_range(std::begin(kAllCipherSuites), std::end(kAllCipherSuites)));
  CAPTURE(cipher_suite_name(suite));
  auto [client, server] = make_endpoints(suite);
  uint64_t client_pn = 0, server_pn = 0;

  for (uint64_t generation = 1; generation <= 3; ++generation) {
    CAPTURE(generation);
    // Traffic in the current phase both ways.
    REQUIRE(deliver(server, seal_with(client, client_pn++)).ok());
    REQUIRE(deliver(client, seal_with(server, server_pn++)).ok());
    // This one is delayed in the network until after the update.
    const Packet delayed = seal_with(client, client_pn++);

    // The client initiates; it may not initiate again until the server answers (§6.1).
    REQUIRE(client.initiate_key_update().ok());
    CHECK(client.write_generation() == generation);
    CHECK(client.write_key_phase() == (generation % 2 == 1));
    CHECK(client.key_update_pending());
    CHECK(client.initiate_key_update().error() == CryptoError::kKeyUpdateNotAllowed);

    // The server sees the new phase, opens with its next keys, and follows (§6.2).
    auto opened = deliver(server, seal_with(client, client_pn++));
    REQUIRE(opened.ok());
    CHECK(opened->key == OneRttKeys::ReadKey::kNext);
    CHECK(opened->key_phase_changed);
    CHECK(server.read_generation() == generation);
    CHECK(server.write_generation() == generation);

    // The delayed packet has a lower number than any of the new phase: previous keys (§6.5).
    auto late = deliver(server, delayed);
    REQUIRE(late.ok());
    CHECK(late->key == OneRttKeys::ReadKey::kPrevious);
    CHECK_FALSE(late->key_phase_changed);
    CHECK(server.read_generation() == generation);

    // The server's answer completes the update at the client.
    auto answer = deliver(client, seal_with(server, server_pn++));
    REQUIRE(answer.ok());
    CHECK(answer->key == OneRttKeys::ReadKey::kNext);
    CHECK(client.read_generation() == generation);
    CHECK(client.write_generation() == generation);
    CHECK_FALSE(client.key_update_pending());
  }

  // Generation 3 keys are secret_3 = ku(ku(ku(secret_0))): a fresh endpoint built from that
  // secret opens what the client sends now.
  std::vector<uint8_t> secret(secret_length(suite));
  std::iota(secret.begin(), secret.end(), uint8_t{0x10});
  Secret next;
  REQUIRE(Secret::from_bytes(secret, next));
  for (int i = 0; i < 3; ++i) {
    auto derived = derive_next_generation_secret(next.span(), suite, kVersion1);
    REQUIRE(derived.ok());
    next = *derived;
  }
  auto independent =
      standard_packet_key_factory().make_packet_protector(next.span(), suite, kVersion1);
  REQUIRE(independent.ok());
  Packet packet = seal_with(client, client_pn++);
  CHECK((*independent)->open(packet.packet_number, packet.header, packet.body).ok());
}

TEST_CASE("key update: the header protection key never changes", "[crypto][key-update]") {
  auto [client, server] = make_endpoints(CipherSuite::kAes256GcmSha384);
  std::array<uint8_t, 16> sample;
  std::iota(sample.begin(), sample.end(), uint8_t{7});
  const auto before = server.read_header_key().mask(sample);
  CHECK(client.write_header_key().mask(sample) == before);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(client.initiate_key_update().ok());
    REQUIRE(deliver(server, seal_with(client, 10 + i)).ok());
    REQUIRE(deliver(client, seal_with(server, 10 + i)).ok());
  }
  CHECK(server.read_generation() == 3);
  CHECK(client.write_header_key().mask(sample) == before);
  CHECK(server.read_header_key().mask(sample) == before);
}

TEST_CASE("key update: a forged phase change does not move the keys", "[crypto][key-update]") {
  auto [client, server] = make_endpoints(CipherSuite::kChaCha20Poly1305Sha256);
  REQUIRE(deliver(server, seal_with(client, 0)).ok());
  Packet forged = seal_with(client, 1);
  forged.key_phase = !forged.key_phase;
  forged.header[0] ^= 0x04;
  CHECK(deliver(server, forged).error() == CryptoError::kAuthenticationFailed);
  CHECK(server.read_generation() == 0);
  CHECK(server.write_generation() == 0);
  CHECK(server.failed_opens() == 1);
  // Genuine traffic in the current phase still opens.
  CHECK(deliver(server, seal_with(client, 2)).ok());
}

TEST_CASE("key update: discarded previous keys make late packets unreadable",
          "[crypto][key-update]") {
  auto [client, server] = make_endpoints(CipherSuite::kAes128GcmSha256);
  REQUIRE(deliver(server, seal_with(client, 0)).ok());
  const Packet delayed = seal_with(client, 1);
  REQUIRE(client.initiate_key_update().ok());
  REQUIRE(deliver(server, seal_with(client, 2)).ok());
  CHECK(server.has_previous_read_key());
  server.discard_previous_read_key();
  CHECK_FALSE(server.has_previous_read_key());
  CHECK(deliver(server, delayed).error() == CryptoError::kKeyUnavailable);
}

TEST_CASE("key update: the server may initiate too", "[crypto][key-update]") {
  auto [client, server] = make_endpoints(CipherSuite::kAes128GcmSha256);
  REQUIRE(server.initiate_key_update().ok());
  CHECK(server.write_key_phase());
  auto opened = deliver(client, seal_with(server, 0));
  REQUIRE(opened.ok());
  CHECK(opened->key_phase_changed);
  CHECK(client.write_generation() == 1);
  CHECK(client.write_key_phase());
  REQUIRE(deliver(server, seal_with(client, 0)).ok());
  CHECK_FALSE(server.key_update_pending());
}

TEST_CASE("key update: a server sends half-RTT data before it can read 1-RTT packets",
          "[crypto][key-update]") {
  const CipherSuite suite = CipherSuite::kAes128GcmSha256;
  std::vector<uint8_t> client_secret(32, 0x11), server_secret(32, 0x22);
  const auto& factory = standard_packet_key_factory();
  auto server = OneRttKeys::create(factory, suite, kVersion1, server_secret);
  auto client = OneRttKeys::create(factory, suite, kVersion1, server_secret, client_secret);
  REQUIRE(server.ok());
  REQUIRE(client.ok());
  CHECK_FALSE(server->has_read_keys());
  // Half-RTT data reaches the client.
  REQUIRE(deliver(*client, seal_with(*server, 0)).ok());
  // The client's packets wait for the server's read keys...
  const Packet early = seal_with(*client, 0);
  CHECK(deliver(*server, early).error() == CryptoError::kKeyUnavailable);
  // ... which arrive with the client's Finished.
  REQUIRE(server->install_read_secret(client_secret).ok());
  CHECK(server->has_read_keys());
  CHECK(deliver(*server, early).ok());
  CHECK(server->install_read_secret(client_secret).error() == CryptoError::kInvalidArgument);
}

}  // namespace
}  // namespace quasar
