// Header writing for the packet builder (RFC 9000 §17.2, §17.3), checked byte-exact against
// the unprotected headers of RFC 9001 and RFC 9369 Appendix A and against the decoder.
#include <catch2/catch.hpp>

#include <array>
#include <string_view>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/wire/packet_header.h"
#include "quic/wire/packet_header_writer.h"
#include "quic/wire/version.h"

namespace quasar {
namespace {

std::vector<uint8_t> hex(std::string_view text) { return *hex_decode(text); }
std::vector<uint8_t> bytes(std::span<const uint8_t> span) { return {span.begin(), span.end()}; }
ConnectionId cid(std::string_view text) { return ConnectionId::of(hex(text)); }

// Writes a long header, fills the payload, patches Length; returns the whole packet.
std::vector<uint8_t> build_long_packet(const LongHeaderFields& fields, size_t payload_and_tag,
                                       PacketHeaderLayout* layout_out = nullptr) {
  std::vector<uint8_t> buffer(2000, 0xee);
  BufferWriter writer(buffer);
  const auto layout = write_long_header(writer, fields);
  REQUIRE(layout);
  REQUIRE(writer.written() == layout->header_length);
  REQUIRE(writer.write_zeros(payload_and_tag));
  REQUIRE(write_length_field(writer.written_span(), *layout));
  if (layout_out) *layout_out = *layout;
  return bytes(writer.written_span());
}

TEST_CASE("RFC 9001 A.2 and RFC 9369 A.2 client Initial headers byte-exact",
          "[wire][packet_header_writer]") {
  for (auto [version, expected] :
       {std::pair{kQuicVersion1, "c300000001088394c8f03e5157080000449e00000002"},
        std::pair{kQuicVersion2, "d36b3343cf088394c8f03e5157080000449e00000002"}}) {
    LongHeaderFields fields;
    fields.version = version;
    fields.type = PacketType::kInitial;
    fields.dcid = cid("8394c8f03e515708");
    fields.packet_number = 2;
    fields.packet_number_length = 4;
    PacketHeaderLayout layout;
    const auto packet = build_long_packet(fields, 1162 + 16, &layout);
    CHECK(packet.size() == 1200);
    CHECK(bytes(std::span(packet).first(layout.header_length)) == hex(expected));
    CHECK(layout.header_length == 22);
    CHECK(layout.length_offset == 16);
    CHECK(layout.length_field_length == 2);
    CHECK(layout.packet_number_offset == 18);
    CHECK(layout.packet_number_length == 4);

    const auto parsed = parse_packet_header(packet, 0);
    REQUIRE(parsed.ok());
    CHECK(parsed->type == PacketType::kInitial);
    CHECK(parsed->version == version);
    CHECK(parsed->length == 1182);
    CHECK(parsed->packet_number_offset == layout.packet_number_offset);
    CHECK(parsed->size() == packet.size());
  }
}

TEST_CASE("RFC 9001 A.3 and RFC 9369 A.3 server Initial headers byte-exact",
          "[wire][packet_header_writer]") {
  for (auto [version, expected] :
       {std::pair{kQuicVersion1, "c1000000010008f067a5502a4262b50040750001"},
        std::pair{kQuicVersion2, "d16b3343cf0008f067a5502a4262b50040750001"}}) {
    LongHeaderFields fields;
    fields.version = version;
    fields.type = PacketType::kInitial;
    fields.scid = cid("f067a5502a4262b5");
    fields.packet_number = 1;
    fields.packet_number_length = 2;
    PacketHeaderLayout layout;
    const auto packet = build_long_packet(fields, 99 + 16, &layout);
    CHECK(packet.size() == 135);
    CHECK(bytes(std::span(packet).first(layout.header_length)) == hex(expected));
  }
}

TEST_CASE("Handshake, 0-RTT and Initial with a token round-trip through the decoder",
          "[wire][packet_header_writer]") {
  const auto token = hex("0102030405060708090a");
  for (uint32_t version : kSupportedVersions) {
    for (PacketType type : {PacketType::kInitial, PacketType::kZeroRtt, PacketType::kHandshake}) {
      for (size_t pn_length = 1; pn_length <= 4; ++pn_length) {
        LongHeaderFields fields;
        fields.version = version;
        fields.type = type;
        fields.dcid = cid("0011223344556677889900112233445566778899");  // 20 bytes
        fields.scid = cid("a1a2a3");
        if (type == PacketType::kInitial) fields.token = token;
        fields.packet_number = 0x12345678;
        fields.packet_number_length = pn_length;
        PacketHeaderLayout layout;
        const auto packet = build_long_packet(fields, 50, &layout);
        const auto parsed = parse_packet_header(packet, 0);
        REQUIRE(parsed.ok());
        CHECK(parsed->type == type);
        CHECK(parsed->version == version);
        CHECK(bytes(parsed->dcid) == bytes(fields.dcid.span()));
        CHECK(bytes(parsed->scid) == bytes(fields.scid.span()));
        CHECK(bytes(parsed->token) ==
              (type == PacketType::kInitial ? token : std::vector<uint8_t>{}));
        CHECK(parsed->packet_number_offset == layout.packet_number_offset);
        CHECK(parsed->length == pn_length + 50);
        // Reserved bits are zero and the PN length bits say pn_length.
        CHECK((packet[0] & 0x0c) == 0);
        CHECK(static_cast<size_t>(packet[0] & 0x03) + 1 == pn_length);
        const auto pn_bytes = std::span(packet).subspan(layout.packet_number_offset, pn_length);
        uint64_t truncated = 0;
        for (uint8_t b : pn_bytes) truncated = (truncated << 8) | b;
        CHECK(truncated == (0x12345678 & ((uint64_t{1} << (8 * pn_length)) - 1)));
      }
    }
  }
}

TEST_CASE("Length field widths and limits", "[wire][packet_header_writer]") {
  LongHeaderFields fields;
  fields.version = kQuicVersion1;
  fields.type = PacketType::kHandshake;
  fields.packet_number_length = 1;
  // A 1-byte Length holds up to 63.
  fields.length_field_length = 1;
  PacketHeaderLayout layout;
  auto packet = build_long_packet(fields, 62, &layout);
  CHECK(parse_packet_header(packet, 0)->length == 63);
  std::vector<uint8_t> too_long(layout.header_length + 63, 0);
  CHECK_FALSE(write_length_field(too_long, layout));
  // A 4-byte Length for jumbo packets.
  fields.length_field_length = 4;
  packet = build_long_packet(fields, 1500, &layout);
  CHECK(parse_packet_header(packet, 0)->length == 1501);
  CHECK(layout.length_field_length == 4);
  // Invalid widths and a packet shorter than its header.
  fields.length_field_length = 3;
  std::array<uint8_t, 100> buffer{};
  BufferWriter writer(buffer);
  CHECK_FALSE(write_long_header(writer, fields));
  fields.length_field_length = 2;
  const auto ok = write_long_header(writer, fields);
  REQUIRE(ok);
  CHECK_FALSE(write_length_field(std::span(buffer).first(ok->header_length - 1), *ok));
}

TEST_CASE("invalid long header fields write nothing", "[wire][packet_header_writer]") {
  std::array<uint8_t, 100> buffer{};
  BufferWriter writer(buffer);
  LongHeaderFields fields;
  fields.version = kQuicVersion1;
  fields.type = PacketType::kRetry;  // written by write_retry_without_tag instead
  CHECK_FALSE(write_long_header(writer, fields));
  fields.type = PacketType::kOneRtt;
  CHECK_FALSE(write_long_header(writer, fields));
  fields.type = PacketType::kHandshake;
  fields.version = 0x1a2a3a4a;  // reserved: only an Initial elicits Version Negotiation
  CHECK_FALSE(write_long_header(writer, fields));
  fields.version = 0xff00001d;  // a draft version
  fields.type = PacketType::kInitial;
  CHECK_FALSE(write_long_header(writer, fields));
  fields.version = kQuicVersion2;
  fields.packet_number_length = 5;
  CHECK_FALSE(write_long_header(writer, fields));
  fields.packet_number_length = 0;
  CHECK_FALSE(write_long_header(writer, fields));
  const auto token = hex("aa");
  fields.packet_number_length = 1;
  fields.type = PacketType::kHandshake;
  fields.token = token;  // only Initial packets carry a token
  CHECK_FALSE(write_long_header(writer, fields));
  CHECK(writer.written() == 0);
}

TEST_CASE("an Initial in a reserved version is laid out as in v1", "[wire][packet_header_writer]") {
  // RFC 9000 §6.3: the probe that elicits Version Negotiation.
  LongHeaderFields fields;
  fields.version = 0x1a2a3a4a;
  fields.type = PacketType::kInitial;
  fields.dcid = cid("0011223344556677");
  fields.scid = cid("a1a2a3");
  fields.packet_number_length = 1;
  const auto packet = build_long_packet(fields, 1200);
  CHECK(((packet[0] & 0x30) >> 4) == 0);  // v1's Initial type code (RFC 9000 §17.2.2)
  CHECK(bytes(std::span(packet).subspan(1, 4)) == hex("1a2a3a4a"));
  // A receiver that does not speak the version sees only its invariant fields (RFC 8999 §5.1).
  const auto parsed = parse_packet_header(packet, 0);
  REQUIRE(parsed.ok());
  CHECK_FALSE(parsed->version_known);
  CHECK(bytes(parsed->dcid) == bytes(fields.dcid.span()));
}

TEST_CASE("a header that does not fit writes nothing", "[wire][packet_header_writer]") {
  LongHeaderFields fields;
  fields.version = kQuicVersion1;
  fields.type = PacketType::kInitial;
  fields.dcid = cid("8394c8f03e515708");
  fields.packet_number_length = 4;
  for (size_t room = 0; room < 22; ++room) {
    std::vector<uint8_t> buffer(room + 1, 0xee);
    BufferWriter writer{std::span(buffer).first(room)};
    CHECK_FALSE(write_long_header(writer, fields));
    CHECK(writer.written() == 0);
  }
  ShortHeaderFields short_fields;
  short_fields.dcid = cid("0102030405060708");
  for (size_t room = 0; room < 13; ++room) {
    std::vector<uint8_t> buffer(room);
    BufferWriter writer(buffer);
    CHECK_FALSE(write_short_header(writer, short_fields));
    CHECK(writer.written() == 0);
  }
}

TEST_CASE("RFC 9001 A.5 short header byte-exact", "[wire][packet_header_writer]") {
  // An empty DCID, packet number 654360564 encoded in 3 bytes: 4200bff4.
  std::array<uint8_t, 16> buffer{};
  BufferWriter writer(buffer);
  ShortHeaderFields fields;
  fields.packet_number = 654360564;
  fields.packet_number_length = 3;
  const auto layout = write_short_header(writer, fields);
  REQUIRE(layout);
  CHECK(bytes(writer.written_span()) == hex("4200bff4"));
  CHECK(layout->packet_number_offset == 1);
  CHECK(layout->header_length == 4);
  CHECK(layout->length_field_length == 0);
  // A short header has no Length to patch.
  CHECK_FALSE(write_length_field(buffer, *layout));
}

TEST_CASE("short header bits and decoder agreement", "[wire][packet_header_writer]") {
  for (bool spin : {false, true}) {
    for (bool key_phase : {false, true}) {
      std::vector<uint8_t> buffer(64, 0);
      BufferWriter writer(buffer);
      ShortHeaderFields fields;
      fields.dcid = cid("0102030405060708");
      fields.spin_bit = spin;
      fields.key_phase = key_phase;
      fields.packet_number = 77;
      fields.packet_number_length = 2;
      const auto layout = write_short_header(writer, fields);
      REQUIRE(layout);
      CHECK(layout->packet_number_offset == 9);
      CHECK(spin_bit(buffer[0]) == spin);
      CHECK(key_phase_bit(buffer[0]) == key_phase);
      CHECK(reserved_bits_are_zero(HeaderForm::kShort, buffer[0]));
      CHECK(buffer[10] == 77);
      const auto parsed = parse_packet_header(buffer, 8);
      REQUIRE(parsed.ok());
      CHECK(parsed->form == HeaderForm::kShort);
      CHECK(bytes(parsed->dcid) == bytes(fields.dcid.span()));
      CHECK(parsed->packet_number_offset == 9);
    }
  }
}

}  // namespace
}  // namespace quasar
