// Version Negotiation packets (RFC 9000 §6, §17.2.1; RFC 8999 §6).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/base/rng.h"
#include "quic/wire/packet_header.h"
#include "quic/wire/version.h"
#include "quic/wire/version_negotiation.h"

namespace quasar {
namespace {

std::vector<uint8_t> hex(std::string_view text) { return *hex_decode(text); }
std::vector<uint8_t> bytes(std::span<const uint8_t> span) { return {span.begin(), span.end()}; }

std::vector<uint8_t> build(std::span<const uint8_t> dcid, std::span<const uint8_t> scid,
                           std::span<const uint32_t> versions, uint64_t seed) {
  std::vector<uint8_t> buffer(2000);
  BufferWriter writer(buffer);
  SeededRng rng(seed);
  const auto size = write_version_negotiation(writer, dcid, scid, versions, rng);
  REQUIRE(size);
  REQUIRE(*size == writer.written());
  buffer.resize(*size);
  return buffer;
}

TEST_CASE("a built Version Negotiation echoes the CIDs swapped", "[wire][version_negotiation]") {
  const auto client_dcid = hex("8394c8f03e515708");
  const auto client_scid = hex("c1c2c3");
  const auto packet = build(client_dcid, client_scid, kSupportedVersions, 1);
  // 1 + 4 + (1 + 3) + (1 + 8) + 4 * 3
  CHECK(packet.size() == 30);
  CHECK((packet[0] & 0xc0) == 0xc0);  // Header Form and the 0x40 bit (RFC 9000 §17.2.1)
  CHECK(bytes(std::span(packet).subspan(1, 4)) == hex("00000000"));

  const auto parsed = parse_version_negotiation(packet);
  REQUIRE(parsed.ok());
  CHECK(bytes(parsed->dcid) == client_scid);
  CHECK(bytes(parsed->scid) == client_dcid);
  REQUIRE(parsed->version_count() == 3);
  CHECK(parsed->lists(kQuicVersion1));
  CHECK(parsed->lists(kQuicVersion2));
  CHECK_FALSE(parsed->lists(0xff00001d));
  // Exactly one reserved version greases the list, and the supported ones keep their order.
  std::vector<uint32_t> listed;
  int reserved = 0;
  for (size_t i = 0; i < parsed->version_count(); ++i) {
    if (is_reserved_version(parsed->version(i))) {
      ++reserved;
    } else {
      listed.push_back(parsed->version(i));
    }
  }
  CHECK(reserved == 1);
  CHECK(listed == std::vector<uint32_t>{kQuicVersion1, kQuicVersion2});
}

TEST_CASE("Version Negotiation randomises its unused bits and grease position",
          "[wire][version_negotiation]") {
  const auto dcid = hex("0102030405060708");
  const std::array<uint32_t, 1> versions = {kQuicVersion1};
  std::vector<uint8_t> first_bytes;
  std::vector<size_t> grease_positions;
  for (uint64_t seed = 0; seed < 64; ++seed) {
    const auto packet = build(dcid, {}, versions, seed);
    first_bytes.push_back(packet[0]);
    const auto parsed = parse_version_negotiation(packet);
    REQUIRE(parsed.ok());
    for (size_t i = 0; i < parsed->version_count(); ++i) {
      if (is_reserved_version(parsed->version(i))) grease_positions.push_back(i);
    }
  }
  std::sort(first_bytes.begin(), first_bytes.end());
  CHECK(std::unique(first_bytes.begin(), first_bytes.end()) - first_bytes.begin() > 10);
  CHECK(std::count(grease_positions.begin(), grease_positions.end(), 0) > 0);
  CHECK(std::count(grease_positions.begin(), grease_positions.end(), 1) > 0);
  CHECK(grease_positions.size() == 64);
}

TEST_CASE("Version Negotiation carries 255-byte CIDs of other versions",
          "[wire][version_negotiation]") {
  const std::vector<uint8_t> long_dcid(255, 0xd0);
  const std::vector<uint8_t> long_scid(255, 0x5c);
  const auto packet = build(long_dcid, long_scid, kSupportedVersions, 3);
  const auto parsed = parse_version_negotiation(packet);
  REQUIRE(parsed.ok());
  CHECK(bytes(parsed->dcid) == long_scid);
  CHECK(bytes(parsed->scid) == long_dcid);
  const std::vector<uint8_t> too_long(256, 0);
  std::vector<uint8_t> buffer(2000);
  BufferWriter writer(buffer);
  SeededRng rng(1);
  CHECK_FALSE(write_version_negotiation(writer, too_long, {}, kSupportedVersions, rng));
  CHECK(writer.written() == 0);
}

TEST_CASE("Version Negotiation that does not fit writes nothing", "[wire][version_negotiation]") {
  const auto dcid = hex("0102030405060708");
  // 1 + 4 + 1 + 1 + 8 + 12 = 27 bytes needed.
  for (size_t room = 0; room < 27; ++room) {
    std::vector<uint8_t> buffer(room);
    BufferWriter writer(buffer);
    SeededRng rng(1);
    CHECK_FALSE(write_version_negotiation(writer, dcid, {}, kSupportedVersions, rng));
    CHECK(writer.written() == 0);
  }
}

TEST_CASE("parsing rejects empty and truncated version lists", "[wire][version_negotiation]") {
  auto packet =
      hex("c000000000"
          "00"
          "00"
          "00000001");
  CHECK(parse_version_negotiation(packet).ok());
  // RFC 8999 §6: no Supported Version, or a truncated one, is ignored.
  for (size_t cut = 1; cut < 4; ++cut) {
    const std::vector<uint8_t> truncated(packet.begin(), packet.end() - cut);
    const auto parsed = parse_version_negotiation(truncated);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().is(TransportError::kProtocolViolation));
  }
  const std::vector<uint8_t> empty(packet.begin(), packet.end() - 4);
  const auto parsed = parse_version_negotiation(empty);
  REQUIRE_FALSE(parsed.ok());
  CHECK(std::string_view(parsed.error().reason) == "version negotiation lists no version");
  // Every shorter prefix fails as well.
  for (size_t length = 0; length < packet.size() - 4; ++length) {
    const std::vector<uint8_t> prefix(packet.begin(), packet.begin() + length);
    CHECK_FALSE(parse_version_negotiation(prefix).ok());
  }
}

TEST_CASE("parsing rejects packets that are not Version Negotiation",
          "[wire][version_negotiation]") {
  // A v1 Handshake packet.
  auto handshake =
      hex("e000000001"
          "00"
          "00"
          "14");
  handshake.resize(handshake.size() + 20, 0);
  auto parsed = parse_version_negotiation(handshake);
  REQUIRE_FALSE(parsed.ok());
  CHECK(std::string_view(parsed.error().reason) == "not a version negotiation packet");
  // A short header.
  const std::vector<uint8_t> short_header(30, 0x40);
  CHECK_FALSE(parse_version_negotiation(short_header).ok());
  // An unknown version.
  const auto unknown = hex("c01a2a3a4a000000000001");
  CHECK_FALSE(parse_version_negotiation(unknown).ok());
}

}  // namespace
}  // namespace quasar
