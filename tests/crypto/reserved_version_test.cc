// Packet protection of a first flight in a reserved version (RFC 9000 §6.3, §15): the Initial
// salt of draft-ietf-quic-transport-29 with v1's labels, so that Wireshark and other stacks read
// it; its keys are draft-ietf-quic-tls-29 Appendix A's, and it has no Retry.
#include <catch2/catch.hpp>

#include "crypto/initial_secrets.h"
#include "crypto/retry_integrity.h"
#include "crypto/version_crypto.h"
#include "tests/crypto/crypto_test_support.h"
#include "tests/crypto/packet_vector_support.h"

namespace quasar {
namespace {

using test::bytes_of;
using test::check_key_material;
using test::from_hex;
using test::sample_dcid;

TEST_CASE("reserved versions: Initial keys are draft-29's for every 0x?a?a?a?a",
          "[crypto][version]") {
  for (uint32_t version : {0x1a2a3a4au, 0x0a0a0a0au, 0xfafafafau}) {
    INFO("version " << std::hex << version);
    auto secrets = derive_initial_secrets(sample_dcid(), version);
    REQUIRE(secrets.ok());
    CHECK(bytes_of(secrets->client.span()) ==
          from_hex("0088119288f1d866733ceeed15ff9d50902cf82952eee27e9d4d4918ea371d87"));
    check_key_material(secrets->client.span(), version,
                       {.key = "175257a31eb09dea9366d8bb79ad80ba",
                        .iv = "6b26114b9cba2b63a9e8dd4f",
                        .hp = "9ddd12c994c0698b89374a9c077a3077"});
    check_key_material(secrets->server.span(), version,
                       {.key = "149d0b1662ab871fbe63c49b5e655a5d",
                        .iv = {},  // not checked
                        .hp = "c0c499a65a60024a18a250974ea01dfa"});
  }
}

TEST_CASE("reserved versions: no Retry, and other unknown versions have no keys",
          "[crypto][version]") {
  const std::vector<uint8_t> pseudo_packet(40, 0x5a);
  CHECK(compute_retry_integrity_tag(pseudo_packet, 0x1a2a3a4a).error() ==
        CryptoError::kUnsupportedVersion);
  CHECK(derive_initial_secrets(sample_dcid(), 0x1a2a3a4b).error() ==
        CryptoError::kUnsupportedVersion);
  CHECK(version_crypto(0x1a2a3a4a) == &reserved_version_crypto());
}

}  // namespace
}  // namespace quasar
