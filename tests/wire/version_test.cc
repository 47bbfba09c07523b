// QUIC versions, reserved versions and long-header type codes (RFC 9000 §15, RFC 9369 §3).
#include <catch2/catch.hpp>

#include "quic/base/rng.h"
#include "quic/wire/version.h"

namespace quasar {
namespace {

TEST_CASE("v1 and v2 are the supported versions", "[wire][version]") {
  CHECK(kQuicVersion1 == 0x00000001u);
  CHECK(kQuicVersion2 == 0x6b3343cfu);
  CHECK(is_supported_version(kQuicVersion1));
  CHECK(is_supported_version(kQuicVersion2));
  CHECK_FALSE(is_supported_version(kVersionNegotiationVersion));
  CHECK_FALSE(is_supported_version(0xff00001d));  // a draft version
  CHECK_FALSE(is_supported_version(0x709a50c4));  // the provisional v2 draft code point
  for (uint32_t version : kSupportedVersions) CHECK(is_supported_version(version));
}

TEST_CASE("reserved versions follow 0x?a?a?a?a", "[wire][version]") {
  CHECK(is_reserved_version(0x0a0a0a0a));
  CHECK(is_reserved_version(0x1a2a3a4a));
  CHECK(is_reserved_version(0xfafafafa));
  CHECK_FALSE(is_reserved_version(0x0a0a0a0b));
  CHECK_FALSE(is_reserved_version(0x1a2a3a4b));
  CHECK_FALSE(is_reserved_version(kQuicVersion1));
  CHECK_FALSE(is_reserved_version(kQuicVersion2));
  SeededRng rng(7);
  bool high_nibbles_vary = false;
  const uint32_t first = random_reserved_version(rng);
  for (int i = 0; i < 100; ++i) {
    const uint32_t version = random_reserved_version(rng);
    CHECK(is_reserved_version(version));
    CHECK_FALSE(is_supported_version(version));
    high_nibbles_vary |= version != first;
  }
  CHECK(high_nibbles_vary);
}

TEST_CASE("long header type codes per version", "[wire][version]") {
  // RFC 9000 Table 5.
  CHECK(long_header_type_code(kQuicVersion1, PacketType::kInitial) == 0);
  CHECK(long_header_type_code(kQuicVersion1, PacketType::kZeroRtt) == 1);
  CHECK(long_header_type_code(kQuicVersion1, PacketType::kHandshake) == 2);
  CHECK(long_header_type_code(kQuicVersion1, PacketType::kRetry) == 3);
  // RFC 9369 §3.2.
  CHECK(long_header_type_code(kQuicVersion2, PacketType::kInitial) == 1);
  CHECK(long_header_type_code(kQuicVersion2, PacketType::kZeroRtt) == 2);
  CHECK(long_header_type_code(kQuicVersion2, PacketType::kHandshake) == 3);
  CHECK(long_header_type_code(kQuicVersion2, PacketType::kRetry) == 0);
  // No long-header code for these, nor for unknown versions.
  CHECK_FALSE(long_header_type_code(kQuicVersion1, PacketType::kOneRtt));
  CHECK_FALSE(long_header_type_code(kQuicVersion2, PacketType::kVersionNegotiation));
  CHECK_FALSE(long_header_type_code(0x0a0a0a0a, PacketType::kInitial));

  for (uint32_t version : kSupportedVersions) {
    for (uint8_t code = 0; code < 4; ++code) {
      const auto type = packet_type_from_long_header_code(version, code);
      REQUIRE(type);
      CHECK(long_header_type_code(version, *type) == code);
    }
    CHECK_FALSE(packet_type_from_long_header_code(version, 4));
  }
  CHECK(packet_type_from_long_header_code(kQuicVersion2, 0) == PacketType::kRetry);
  CHECK(packet_type_from_long_header_code(kQuicVersion1, 0) == PacketType::kInitial);
  CHECK_FALSE(packet_type_from_long_header_code(0x12345678, 0));
}

TEST_CASE("version names", "[wire][version]") {
  CHECK(std::string_view(version_name(kQuicVersion1)) == "v1");
  CHECK(std::string_view(version_name(kQuicVersion2)) == "v2");
  CHECK(std::string_view(version_name(0)) == "version_negotiation");
  CHECK(std::string_view(version_name(0x5a6a7a8a)) == "reserved");
  CHECK(std::string_view(version_name(0x12345678)) == "unknown");
}

}  // namespace
}  // namespace quasar
