// Retry packets (RFC 9000 §17.2.5) and the Retry pseudo-packet (RFC 9001 §5.8), against the
// Retry packets of RFC 9001 A.4 and RFC 9369 A.4.
#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/wire/retry_packet.h"
#include "quic/wire/version.h"

namespace quasar {
namespace {

std::vector<uint8_t> hex(std::string_view text) { return *hex_decode(text); }
std::vector<uint8_t> bytes(std::span<const uint8_t> span) { return {span.begin(), span.end()}; }

constexpr std::string_view kRetryV1 =
    "ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba";
constexpr std::string_view kRetryV2 =
    "cf6b3343cf0008f067a5502a4262b5746f6b656ec8646ce8bfe33952d955543665dcc7b6";

struct Vector {
  uint32_t version;
  std::string_view packet;
  std::string_view tag;
  uint8_t unused_bits;
};
const Vector kVectors[] = {
    {kQuicVersion1, kRetryV1, "04a265ba2eff4d829058fb3f0f2496ba", 0x0f},
    {kQuicVersion2, kRetryV2, "c8646ce8bfe33952d955543665dcc7b6", 0x0f},
};

TEST_CASE("RFC 9001 A.4 and RFC 9369 A.4 Retry packets parse into their fields", "[wire][retry]") {
  for (const Vector& v : kVectors) {
    const auto packet = hex(v.packet);
    const auto retry = parse_retry_packet(packet);
    REQUIRE(retry.ok());
    CHECK(retry->version == v.version);
    CHECK(retry->dcid.empty());
    CHECK(bytes(retry->scid) == hex("f067a5502a4262b5"));
    CHECK(bytes(retry->token) == hex("746f6b656e"));
    CHECK(bytes(retry->integrity_tag) == hex(v.tag));
    CHECK(retry->without_tag.size() == packet.size() - 16);
    CHECK(retry->without_tag.data() == packet.data());
  }
}

TEST_CASE("writing the RFC Retry packets byte-exact, tag aside", "[wire][retry]") {
  const auto token = hex("746f6b656e");
  for (const Vector& v : kVectors) {
    std::vector<uint8_t> buffer(100);
    BufferWriter writer(buffer);
    RetryPacketFields fields;
    fields.version = v.version;
    fields.scid = ConnectionId::of(hex("f067a5502a4262b5"));
    fields.token = token;
    fields.unused_bits = v.unused_bits;
    const auto size = write_retry_without_tag(writer, fields);
    REQUIRE(size);
    const auto expected = hex(v.packet);
    CHECK(*size == expected.size() - 16);
    CHECK(bytes(writer.written_span()) == bytes(std::span(expected).first(expected.size() - 16)));
    // Appending the tag gives back the packet.
    REQUIRE(writer.write_bytes(hex(v.tag)));
    CHECK(bytes(writer.written_span()) == expected);
  }
}

TEST_CASE("the Retry pseudo-packet prepends the original DCID", "[wire][retry]") {
  const auto packet = hex(kRetryV1);
  const auto retry = parse_retry_packet(packet);
  REQUIRE(retry.ok());
  const ConnectionId odcid = ConnectionId::of(hex("8394c8f03e515708"));
  std::vector<uint8_t> out(100, 0xee);
  const auto size = write_retry_pseudo_packet(out, odcid, retry->without_tag);
  REQUIRE(size);
  CHECK(*size == retry_pseudo_packet_size(8, retry->without_tag.size()));
  CHECK(*size == 1 + 8 + packet.size() - 16);
  const auto expected =
      hex("08"
          "8394c8f03e515708"
          "ff000000010008f067a5502a4262b5746f6b656e");
  CHECK(bytes(std::span(out).first(*size)) == expected);
  // Too small a buffer.
  std::vector<uint8_t> small(*size - 1);
  CHECK_FALSE(write_retry_pseudo_packet(small, odcid, retry->without_tag));
  // An empty original DCID is just a zero length byte.
  const auto empty_size = write_retry_pseudo_packet(out, ConnectionId(), retry->without_tag);
  REQUIRE(empty_size);
  CHECK(out[0] == 0);
  CHECK(*empty_size == 1 + retry->without_tag.size());
}

TEST_CASE("invalid Retry fields write nothing", "[wire][retry]") {
  std::vector<uint8_t> buffer(100);
  BufferWriter writer(buffer);
  const auto token = hex("aa");
  RetryPacketFields fields;
  fields.version = kQuicVersion1;
  CHECK_FALSE(write_retry_without_tag(writer, fields));  // empty token
  fields.token = token;
  fields.version = 0x1a2a3a4a;
  CHECK_FALSE(write_retry_without_tag(writer, fields));
  fields.version = kQuicVersion2;
  std::vector<uint8_t> tiny(7);
  BufferWriter tiny_writer(tiny);
  CHECK_FALSE(write_retry_without_tag(tiny_writer, fields));
  CHECK(tiny_writer.written() == 0);
  CHECK(writer.written() == 0);
  REQUIRE(write_retry_without_tag(writer, fields));
  CHECK(writer.written() == 1 + 4 + 1 + 1 + 1);
}

TEST_CASE("malformed Retry packets are rejected", "[wire][retry]") {
  auto packet = hex(kRetryV1);
  // An empty token: the client discards it (RFC 9000 §17.2.5.2).
  auto no_token = hex("ff000000010008f067a5502a4262b504a265ba2eff4d829058fb3f0f2496ba");
  auto result = parse_retry_packet(no_token);
  REQUIRE_FALSE(result.ok());
  CHECK(std::string_view(result.error().reason) == "retry with an empty token");
  // Not a Retry: a v1 packet with type bits 00 is an Initial; in v2 type 3 is Handshake.
  auto v2_type3 = hex(kRetryV2);
  v2_type3[0] = 0xf0;
  CHECK_FALSE(parse_retry_packet(v2_type3).ok());
  // CIDs beyond 20 bytes.
  std::vector<uint8_t> long_cid = {0xf0, 0, 0, 0, 1, 21};
  long_cid.resize(long_cid.size() + 21, 1);
  long_cid.push_back(0);
  long_cid.resize(long_cid.size() + 20, 2);
  result = parse_retry_packet(long_cid);
  REQUIRE_FALSE(result.ok());
  CHECK(std::string_view(result.error().reason) == "connection ID longer than 20 bytes");
  // Truncations through the header and the tag.
  for (size_t length = 0; length < 15 + 17; ++length) {
    const std::vector<uint8_t> prefix(packet.begin(), packet.begin() + length);
    CHECK_FALSE(parse_retry_packet(prefix).ok());
  }
}

}  // namespace
}  // namespace quasar
