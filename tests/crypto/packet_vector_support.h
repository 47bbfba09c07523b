// Shared pieces of the Appendix A tests of RFC 9001, RFC 9369 and draft-ietf-quic-tls-29: the
// sample Destination CID and client payload, a check of derived keys, and a sender's protect step.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/header_protection.h"
#include "crypto/packet_key_material.h"
#include "crypto/packet_keys.h"
#include "quic/base/connection_id.h"
#include "tests/crypto/crypto_test_support.h"

namespace quasar::test {

inline std::vector<uint8_t> bytes_of(std::span<const uint8_t> span) {
  return {span.begin(), span.end()};
}

// The client's original Destination CID in every Appendix A (RFC 9001 §A, RFC 9369 §A).
inline ConnectionId sample_dcid() { return ConnectionId::of(from_hex("8394c8f03e515708")); }

// The AES-128-GCM packet key, IV and header protection key a vector gives for `secret`, in hex;
// an empty field is one the vector does not give.
struct ExpectedKeyMaterial {
  std::string_view key, iv, hp;
};

inline void check_key_material(std::span<const uint8_t> secret, uint32_t version,
                               const ExpectedKeyMaterial& expected) {
  auto material = derive_packet_key_material(secret, CipherSuite::kAes128GcmSha256, version);
  REQUIRE(material.ok());
  CHECK(bytes_of(material->key.span()) == from_hex(expected.key));
  if (!expected.iv.empty()) CHECK(bytes_of(material->iv.span()) == from_hex(expected.iv));
  CHECK(bytes_of(material->hp.span()) == from_hex(expected.hp));
}

// RFC 9001 §A.2 and RFC 9369 §A.2: the client's CRYPTO frame, padded with PADDING frames to 1162
// bytes.
inline std::vector<uint8_t> client_initial_payload() {
  auto payload = from_hex(
      "060040f1010000ed0303ebf8fa56f129 39b9584a3896472ec40bb863cfd3e868"
      "04fe3a47f06a2b69484c000004130113 02010000c000000010000e00000b6578"
      "616d706c652e636f6dff01000100000a 00080006001d00170018001000070005"
      "04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba"
      "baf4559fedba753de171fa71f50f1ce1 5d43e994ec74d748002b000302030400"
      "0d0010000e0403050306030203080408 050806002d00020101001c0002400100"
      "3900320408ffffffffffffffff050480 00ffff07048000ffff08011001048000"
      "75300901100f088394c8f03e51570806 048000ffff");
  payload.resize(1162, 0x00);
  return payload;
}

// Seals `payload` behind `header` with `keys`, applies header protection and returns the
// packet, as a sender would.
inline std::vector<uint8_t> protect(PacketKeys& keys, std::span<const uint8_t> header,
                                    std::span<const uint8_t> payload, uint64_t packet_number,
                                    size_t pn_offset) {
  std::vector<uint8_t> packet = test::concat(header, payload);
  packet.resize(packet.size() + kAeadTagLength);
  auto body = std::span<uint8_t>(packet).subspan(header.size());
  REQUIRE(keys.aead->seal(packet_number, header, body).ok());
  REQUIRE(apply_header_protection(*keys.header, packet, pn_offset).ok());
  return packet;
}

}  // namespace quasar::test
