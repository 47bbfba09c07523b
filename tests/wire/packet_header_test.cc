// Partial header decoding (RFC 9000 §17, RFC 8999) against the packets of RFC 9001 Appendix A
// and RFC 9369 Appendix A, and every malformed header the decoder must reject.
#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "quic/base/hex.h"
#include "quic/base/rng.h"
#include "quic/wire/packet_header.h"
#include "quic/wire/version.h"

namespace quasar {
namespace {

std::vector<uint8_t> hex(std::string_view text) { return *hex_decode(text); }
std::vector<uint8_t> bytes(std::span<const uint8_t> span) { return {span.begin(), span.end()}; }
std::vector<uint8_t> concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
std::vector<uint8_t> zeros(size_t n) { return std::vector<uint8_t>(n, 0); }

bool is_malformed(const Result<PacketHeader>& result, std::string_view reason) {
  return !result.ok() && result.error().is(TransportError::kProtocolViolation) &&
         std::string_view(result.error().reason) == reason;
}

// RFC 9001 A.2: the unprotected client Initial header; its payload is a 245-byte CRYPTO frame
// padded to 1162 bytes, then a 16-byte AEAD tag.
constexpr std::string_view kClientInitialHeaderV1 = "c300000001088394c8f03e5157080000449e00000002";
// The start of the protected packet: header, then ciphertext holding the sample.
constexpr std::string_view kClientInitialProtectedPrefixV1 =
    "c000000001088394c8f03e5157080000449e7b9aec34d1b1c98dd7689fb8ec11d242b123dc9b";
// RFC 9001 A.3: the protected server Initial, whole.
constexpr std::string_view kServerInitialV1 =
    "cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a"
    "5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3"
    "dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84"
    "022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4"
    "2158407dd074ee";
// RFC 9001 A.3: the unprotected server Initial header and payload.
constexpr std::string_view kServerInitialHeaderV1 = "c1000000010008f067a5502a4262b50040750001";
constexpr std::string_view kServerInitialPayload =
    "02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739"
    "88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94"
    "0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00"
    "020304";
// RFC 9001 A.4 and RFC 9369 A.4: Retry packets.
constexpr std::string_view kRetryV1 =
    "ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba";
constexpr std::string_view kRetryV2 =
    "cf6b3343cf0008f067a5502a4262b5746f6b656ec8646ce8bfe33952d955543665dcc7b6";
// RFC 9001 A.5 and RFC 9369 A.5: minimal protected short header packets (empty DCID).
constexpr std::string_view kShortPacketV1 = "4cfe4189655e5cd55c41f69080575d7999c25a5bfb";
constexpr std::string_view kShortPacketV2 = "5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba";
// RFC 9369 A.2 and A.3.
constexpr std::string_view kClientInitialHeaderV2 = "d36b3343cf088394c8f03e5157080000449e00000002";
constexpr std::string_view kServerInitialV2 =
    "dc6b3343cf0008f067a5502a4262b5004075d92faaf16f05d8a4398c47089698"
    "baeea26b91eb761d9b89237bbf87263017915358230035f7fd3945d88965cf17"
    "f9af6e16886c61bfc703106fbaf3cb4cfa52382dd16a393e42757507698075b2"
    "c984c707f0a0812d8cd5a6881eaf21ceda98f4bd23f6fe1a3e2c43edd9ce7ca8"
    "4bed8521e2e140";

std::vector<uint8_t> client_initial_v1() {
  auto packet = concat(hex(kClientInitialHeaderV1), zeros(1162 + 16));
  REQUIRE(packet.size() == 1200);
  return packet;
}

TEST_CASE("RFC 9001 A.2 unprotected client Initial", "[wire][packet_header]") {
  const auto datagram = client_initial_v1();
  const auto header = parse_packet_header(datagram, 8);
  REQUIRE(header.ok());
  CHECK(header->form == HeaderForm::kLong);
  CHECK(header->first_byte == 0xc3);
  CHECK(header->fixed_bit);
  CHECK(header->version_known);
  CHECK(header->type == PacketType::kInitial);
  CHECK(header->version == kQuicVersion1);
  CHECK(bytes(header->dcid) == hex("8394c8f03e515708"));
  CHECK(header->scid.empty());
  CHECK(header->token.empty());
  CHECK(header->length == 1182);
  CHECK(header->packet_number_offset == 18);
  CHECK(header->size() == 1200);
  CHECK(header->packet.data() == datagram.data());
  CHECK(header->has_packet_number());
  // The unprotected first byte says 4 packet number bytes; here they read 00000002.
  CHECK(bytes(header->packet.subspan(header->packet_number_offset, 4)) == hex("00000002"));
}

TEST_CASE("RFC 9001 A.2 protected client Initial gives the documented sample",
          "[wire][packet_header]") {
  const auto datagram = concat(hex(kClientInitialProtectedPrefixV1), zeros(1200 - 38));
  const auto header = parse_packet_header(datagram, 8);
  REQUIRE(header.ok());
  CHECK(header->first_byte == 0xc0);
  CHECK(header->type == PacketType::kInitial);
  CHECK(header->packet_number_offset == 18);
  CHECK(header->sample_offset() == 22);
  CHECK(bytes(header->header_protection_sample()) == hex("d1b1c98dd7689fb8ec11d242b123dc9b"));
  CHECK(header->size() == 1200);
}

TEST_CASE("RFC 9001 A.3 server Initial, unprotected and protected", "[wire][packet_header]") {
  const auto unprotected =
      concat(concat(hex(kServerInitialHeaderV1), hex(kServerInitialPayload)), zeros(16));
  REQUIRE(unprotected.size() == 135);
  const auto protected_packet = hex(kServerInitialV1);
  for (const auto* datagram : {&unprotected, &protected_packet}) {
    const auto header = parse_packet_header(*datagram, 0);
    REQUIRE(header.ok());
    CHECK(header->type == PacketType::kInitial);
    CHECK(header->version == kQuicVersion1);
    CHECK(header->dcid.empty());
    CHECK(bytes(header->scid) == hex("f067a5502a4262b5"));
    CHECK(header->token.empty());
    CHECK(header->length == 117);
    CHECK(header->packet_number_offset == 18);
    CHECK(header->size() == 135);
  }
  CHECK(parse_packet_header(unprotected, 0)->first_byte == 0xc1);
  const auto header = parse_packet_header(protected_packet, 0);
  CHECK(bytes(header->header_protection_sample()) == hex("2cd0991cd25b0aac406a5816b6394100"));
}

TEST_CASE("RFC 9001 A.4 Retry", "[wire][packet_header]") {
  const auto datagram = hex(kRetryV1);
  const auto header = parse_packet_header(datagram, 0);
  REQUIRE(header.ok());
  CHECK(header->type == PacketType::kRetry);
  CHECK(header->version == kQuicVersion1);
  CHECK(header->dcid.empty());
  CHECK(bytes(header->scid) == hex("f067a5502a4262b5"));
  CHECK(bytes(header->token) == hex("746f6b656e"));  // "token"
  CHECK(bytes(header->retry_integrity_tag) == hex("04a265ba2eff4d829058fb3f0f2496ba"));
  CHECK_FALSE(header->has_packet_number());
  CHECK(header->header_protection_sample().empty());
  CHECK(header->size() == datagram.size());
}

TEST_CASE("RFC 9369 Appendix A headers parse with the v2 type codes", "[wire][packet_header]") {
  // A.2: the client Initial (type bits 01).
  const auto client = concat(hex(kClientInitialHeaderV2), zeros(1162 + 16));
  auto header = parse_packet_header(client, 8);
  REQUIRE(header.ok());
  CHECK(header->type == PacketType::kInitial);
  CHECK(header->version == kQuicVersion2);
  CHECK(bytes(header->dcid) == hex("8394c8f03e515708"));
  CHECK(header->length == 1182);
  CHECK(header->packet_number_offset == 18);
  CHECK(header->size() == 1200);

  // A.3: the protected server Initial.
  const auto server = hex(kServerInitialV2);
  header = parse_packet_header(server, 0);
  REQUIRE(header.ok());
  CHECK(header->type == PacketType::kInitial);
  CHECK(header->version == kQuicVersion2);
  CHECK(bytes(header->scid) == hex("f067a5502a4262b5"));
  CHECK(header->length == 117);
  CHECK(header->size() == 135);
  CHECK(bytes(header->header_protection_sample()) == hex("6f05d8a4398c47089698baeea26b91eb"));

  // A.4: the Retry (type bits 00, which would be an Initial in v1).
  const auto retry = hex(kRetryV2);
  header = parse_packet_header(retry, 0);
  REQUIRE(header.ok());
  CHECK(header->type == PacketType::kRetry);
  CHECK(header->version == kQuicVersion2);
  CHECK(bytes(header->token) == hex("746f6b656e"));
  CHECK(bytes(header->retry_integrity_tag) == hex("c8646ce8bfe33952d955543665dcc7b6"));
}

TEST_CASE("v1 and v2 Handshake and 0-RTT type codes", "[wire][packet_header]") {
  struct Case {
    uint32_t version;
    uint8_t first_byte;
    PacketType type;
  };
  const Case cases[] = {
      {kQuicVersion1, 0xd0, PacketType::kZeroRtt}, {kQuicVersion1, 0xe0, PacketType::kHandshake},
      {kQuicVersion2, 0xe0, PacketType::kZeroRtt}, {kQuicVersion2, 0xf0, PacketType::kHandshake},
      {kQuicVersion2, 0xd0, PacketType::kInitial}, {kQuicVersion1, 0xc0, PacketType::kInitial},
  };
  for (const Case& c : cases) {
    std::vector<uint8_t> datagram = {c.first_byte,
                                     static_cast<uint8_t>(c.version >> 24),
                                     static_cast<uint8_t>(c.version >> 16),
                                     static_cast<uint8_t>(c.version >> 8),
                                     static_cast<uint8_t>(c.version),
                                     1,
                                     0xaa,
                                     2,
                                     0xbb,
                                     0xcc};
    if (c.type == PacketType::kInitial) datagram.push_back(0);  // empty token
    datagram.push_back(20);                                     // Length
    const size_t pn_offset = datagram.size();
    datagram.resize(datagram.size() + 20, 0x5a);
    const auto header = parse_packet_header(datagram, 0);
    REQUIRE(header.ok());
    CHECK(header->type == c.type);
    CHECK(header->version == c.version);
    CHECK(bytes(header->dcid) == std::vector<uint8_t>{0xaa});
    CHECK(bytes(header->scid) == std::vector<uint8_t>{0xbb, 0xcc});
    CHECK(header->packet_number_offset == pn_offset);
    CHECK(header->size() == datagram.size());
  }
}

TEST_CASE("RFC 9001 A.5 and RFC 9369 A.5 short header packets", "[wire][packet_header]") {
  for (auto text : {kShortPacketV1, kShortPacketV2}) {
    const auto datagram = hex(text);
    REQUIRE(datagram.size() == 21);  // the smallest possible packet
    const auto header = parse_packet_header(datagram, 0);
    REQUIRE(header.ok());
    CHECK(header->form == HeaderForm::kShort);
    CHECK(header->type == PacketType::kOneRtt);
    CHECK(header->fixed_bit);
    CHECK(header->dcid.empty());
    CHECK(header->packet_number_offset == 1);
    CHECK(header->size() == 21);
    CHECK(bytes(header->header_protection_sample()) == bytes(std::span(datagram).subspan(5)));
  }
  // One byte fewer and the sample no longer fits (RFC 9001 §5.4.2).
  const auto datagram = hex(kShortPacketV1);
  CHECK(is_malformed(parse_packet_header(std::span(datagram).first(20), 0),
                     "short header packet too short for the header protection sample"));
}

TEST_CASE("short header with a connection ID runs to the end of the datagram",
          "[wire][packet_header]") {
  std::vector<uint8_t> datagram = {0x41, 1, 2, 3, 4, 5, 6, 7, 8};
  datagram.resize(100, 0x33);
  auto header = parse_packet_header(datagram, 8);
  REQUIRE(header.ok());
  CHECK(bytes(header->dcid) == std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(header->packet_number_offset == 9);
  CHECK(header->sample_offset() == 13);  // RFC 9001 §5.4.2: bytes 13 to 28 for an 8-byte CID
  CHECK(header->size() == 100);
  CHECK(spin_bit(header->first_byte) == false);
  datagram[0] = 0x60;
  CHECK(spin_bit(parse_packet_header(datagram, 8)->first_byte));
  // Exactly the minimum: DCID + 4 + 16.
  CHECK(parse_packet_header(std::span(datagram).first(29), 8).ok());
  CHECK(is_malformed(parse_packet_header(std::span(datagram).first(28), 8),
                     "short header packet too short for the header protection sample"));
  CHECK(is_malformed(parse_packet_header(std::span(datagram).first(5), 8),
                     "short header truncated in the DCID"));
}

TEST_CASE("a zero fixed bit is rejected in v1, v2 and short headers", "[wire][packet_header]") {
  auto v1 = client_initial_v1();
  v1[0] &= ~0x40;
  CHECK(is_malformed(parse_packet_header(v1, 8), "long header with the fixed bit clear"));
  auto v2 = hex(kServerInitialV2);
  v2[0] &= ~0x40;
  CHECK(is_malformed(parse_packet_header(v2, 0), "long header with the fixed bit clear"));
  auto retry = hex(kRetryV1);
  retry[0] &= ~0x40;
  CHECK(is_malformed(parse_packet_header(retry, 0), "long header with the fixed bit clear"));
  auto short_packet = hex(kShortPacketV1);
  short_packet[0] &= ~0x40;
  CHECK(
      is_malformed(parse_packet_header(short_packet, 0), "short header with the fixed bit clear"));
  // A zero byte, as trailing padding after coalesced packets would be, is not a packet either.
  CHECK(is_malformed(parse_packet_header(zeros(40), 0), "short header with the fixed bit clear"));
}

TEST_CASE("connection IDs over 20 bytes are rejected in v1 and v2 long headers",
          "[wire][packet_header]") {
  for (uint32_t version : kSupportedVersions) {
    for (int which = 0; which < 2; ++which) {
      std::vector<uint8_t> datagram = {
          static_cast<uint8_t>(version == kQuicVersion2 ? 0xd0 : 0xc0),
          static_cast<uint8_t>(version >> 24), static_cast<uint8_t>(version >> 16),
          static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version)};
      const size_t dcid_length = which == 0 ? 21 : 20;
      const size_t scid_length = which == 0 ? 0 : 21;
      datagram.push_back(static_cast<uint8_t>(dcid_length));
      datagram.resize(datagram.size() + dcid_length, 0x11);
      datagram.push_back(static_cast<uint8_t>(scid_length));
      datagram.resize(datagram.size() + scid_length, 0x22);
      datagram.push_back(0);   // token length
      datagram.push_back(20);  // Length
      datagram.resize(datagram.size() + 20, 0);
      CHECK(is_malformed(parse_packet_header(datagram, 0), "connection ID longer than 20 bytes"));
    }
  }
}

TEST_CASE("a Length beyond the datagram is rejected", "[wire][packet_header]") {
  auto datagram = client_initial_v1();
  datagram.pop_back();
  CHECK(is_malformed(parse_packet_header(datagram, 8), "Length runs past the datagram"));
  // The largest Length a varint holds cannot wrap the bounds check either.
  auto huge =
      hex("c300000001088394c8f03e5157080000"
          "ffffffffffffffff"
          "00000002");
  huge.resize(100, 0);
  CHECK(is_malformed(parse_packet_header(huge, 8), "Length runs past the datagram"));
  // A Length too small to hold the sample.
  auto tiny = hex("c300000001088394c8f03e515708000013");
  tiny.resize(tiny.size() + 19, 0);
  CHECK(is_malformed(parse_packet_header(tiny, 8),
                     "long header packet too short for the header protection sample"));
}

TEST_CASE("every truncation of a long header packet fails cleanly", "[wire][packet_header]") {
  const std::vector<std::vector<uint8_t>> packets = {
      client_initial_v1(), hex(kServerInitialV1), hex(kServerInitialV2),
      concat(hex(kClientInitialHeaderV2), zeros(1178))};
  for (const auto& packet : packets) {
    for (size_t length = 0; length < packet.size(); ++length) {
      // A copy of exactly `length` bytes, so ASan sees any read past the end.
      const std::vector<uint8_t> truncated(packet.begin(), packet.begin() + length);
      const auto header = parse_packet_header(truncated, 8);
      INFO("length " << length);
      REQUIRE_FALSE(header.ok());
      CHECK(header.error().is(TransportError::kProtocolViolation));
    }
  }
}

TEST_CASE("Retry packets cut before the token or tag are rejected", "[wire][packet_header]") {
  for (auto text : {kRetryV1, kRetryV2}) {
    const auto retry = hex(text);
    // Header up to the SCID is 15 bytes; a token needs at least one byte plus the 16-byte tag.
    for (size_t length = 0; length < 15 + 1 + 16; ++length) {
      const std::vector<uint8_t> truncated(retry.begin(), retry.begin() + length);
      INFO("length " << length);
      CHECK_FALSE(parse_packet_header(truncated, 0).ok());
    }
    const std::vector<uint8_t> no_token(retry.begin(), retry.begin() + 15 + 16);
    CHECK(is_malformed(parse_packet_header(no_token, 0), "retry with an empty token"));
    const std::vector<uint8_t> short_tag(retry.begin(), retry.begin() + 15 + 15);
    CHECK(is_malformed(parse_packet_header(short_tag, 0), "retry shorter than its tag"));
  }
}

TEST_CASE("the token of an Initial is exposed, even from a server", "[wire][packet_header]") {
  // RFC 9000 §17.2.2: a server's Initial must have an empty token; rejecting it is the
  // endpoint's call, so the decoder only exposes it.
  auto datagram =
      hex("c1000000010008f067a5502a4262b5"
          "03abcdef"
          "4075"
          "0001");
  datagram.resize(datagram.size() + 115, 0);
  const auto header = parse_packet_header(datagram, 0);
  REQUIRE(header.ok());
  CHECK(bytes(header->token) == hex("abcdef"));
  CHECK(header->packet_number_offset == 21);
  CHECK(header->size() == datagram.size());
  // A token length running past the datagram.
  auto bad_token =
      hex("c1000000010008f067a5502a4262b5"
          "4400");
  bad_token.resize(bad_token.size() + 100, 0);
  CHECK(is_malformed(parse_packet_header(bad_token, 0), "initial token runs past the datagram"));
}

TEST_CASE("Version Negotiation is recognised by version 0", "[wire][packet_header]") {
  // The Unused bits are arbitrary: even a clear 0x40 bit is fine (RFC 8999 §6).
  for (uint8_t first : {0x80, 0xc0, 0xbf, 0xff}) {
    std::vector<uint8_t> datagram = {first, 0, 0, 0, 0, 2, 0xaa, 0xbb, 1, 0xcc};
    for (uint8_t b : hex("000000016b3343cf1a2a3a4a")) datagram.push_back(b);
    const auto header = parse_packet_header(datagram, 0);
    REQUIRE(header.ok());
    CHECK(header->type == PacketType::kVersionNegotiation);
    CHECK(header->version == 0);
    CHECK(bytes(header->dcid) == hex("aabb"));
    CHECK(bytes(header->scid) == hex("cc"));
    CHECK(bytes(header->supported_versions) == hex("000000016b3343cf1a2a3a4a"));
    CHECK(header->size() == datagram.size());
    CHECK_FALSE(header->has_packet_number());
  }
  std::vector<uint8_t> empty_list = {0x80, 0, 0, 0, 0, 0, 0};
  CHECK(is_malformed(parse_packet_header(empty_list, 0), "version negotiation lists no version"));
  std::vector<uint8_t> truncated = {0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x6b};
  CHECK(is_malformed(parse_packet_header(truncated, 0),
                     "version negotiation with a truncated version"));
}

TEST_CASE("Version Negotiation and unknown versions allow 255-byte connection IDs",
          "[wire][packet_header]") {
  for (uint32_t version : {0x00000000u, 0x1a2a3a4au, 0xff00001du}) {
    std::vector<uint8_t> datagram = {0x80,
                                     static_cast<uint8_t>(version >> 24),
                                     static_cast<uint8_t>(version >> 16),
                                     static_cast<uint8_t>(version >> 8),
                                     static_cast<uint8_t>(version),
                                     255};
    datagram.resize(datagram.size() + 255, 0x11);
    datagram.push_back(255);
    datagram.resize(datagram.size() + 255, 0x22);
    datagram.insert(datagram.end(), {0, 0, 0, 1});
    const auto header = parse_packet_header(datagram, 0);
    REQUIRE(header.ok());
    CHECK(header->version == version);
    CHECK(header->dcid.size() == 255);
    CHECK(header->scid.size() == 255);
    CHECK(header->dcid[0] == 0x11);
    CHECK(header->scid[254] == 0x22);
    CHECK(header->version_known == (version == 0));
    CHECK(header->size() == datagram.size());
    // Cut inside the SCID: truncated.
    const std::vector<uint8_t> cut(datagram.begin(), datagram.begin() + 300);
    CHECK(is_malformed(parse_packet_header(cut, 0), "long header truncated in the SCID"));
  }
}

TEST_CASE("unknown versions expose version and CIDs without interpreting the rest",
          "[wire][packet_header]") {
  // The bytes after the SCID could be anything; the endpoint answers with Version Negotiation.
  std::vector<uint8_t> datagram = {0x80, 0x1a, 0x2a, 0x3a, 0x4a, 8, 1, 2, 3,
                                   4,    5,    6,    7,    8,    2, 9, 10};
  datagram.resize(1200, 0xff);
  const auto header = parse_packet_header(datagram, 0);
  REQUIRE(header.ok());
  CHECK_FALSE(header->version_known);
  CHECK(header->version == 0x1a2a3a4au);
  CHECK(bytes(header->dcid) == std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(bytes(header->scid) == std::vector<uint8_t>{9, 10});
  CHECK(header->size() == 1200);
  CHECK_FALSE(header->has_packet_number());
  // Even with a clear fixed bit: its meaning belongs to that version.
  datagram[0] = 0x80;
  CHECK(parse_packet_header(datagram, 0).ok());
  CHECK(is_malformed(parse_packet_header(std::span(datagram).first(3), 0),
                     "long header truncated in the version"));
  CHECK(is_malformed(parse_packet_header(std::span(datagram).first(5), 0),
                     "long header truncated in the DCID"));
  CHECK(is_malformed(parse_packet_header({}, 0), "empty datagram"));
}

TEST_CASE("first byte bit accessors", "[wire][packet_header]") {
  CHECK(header_protected_bits(HeaderForm::kLong) == 0x0f);
  CHECK(header_protected_bits(HeaderForm::kShort) == 0x1f);
  CHECK(reserved_bits_are_zero(HeaderForm::kLong, 0xc3));
  CHECK_FALSE(reserved_bits_are_zero(HeaderForm::kLong, 0xc4));
  CHECK_FALSE(reserved_bits_are_zero(HeaderForm::kLong, 0xc8));
  CHECK(reserved_bits_are_zero(HeaderForm::kShort, 0x67));
  CHECK_FALSE(reserved_bits_are_zero(HeaderForm::kShort, 0x48));
  CHECK_FALSE(reserved_bits_are_zero(HeaderForm::kShort, 0x50));
  CHECK(key_phase_bit(0x44));
  CHECK_FALSE(key_phase_bit(0x43));
}

TEST_CASE("random datagrams never yield out-of-bounds headers", "[wire][packet_header]") {
  SeededRng rng(2024);
  size_t parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> datagram(rng.uniform(80));
    rng.fill(datagram);
    // Bias towards plausible headers so that the deeper paths run too.
    if (!datagram.empty() && rng.chance(0.5)) datagram[0] |= 0xc0;
    if (datagram.size() > 5 && rng.chance(0.5))
      datagram[4] = 1, datagram[1] = datagram[2] = datagram[3] = 0;
    if (datagram.size() > 6 && rng.chance(0.5)) datagram[5] &= 0x0f;
    const auto header = parse_packet_header(datagram, rng.uniform(21));
    if (!header.ok()) continue;
    ++parsed;
    const auto* begin = datagram.data();
    const auto* end = datagram.data() + datagram.size();
    REQUIRE(header->packet.data() == begin);
    REQUIRE(header->size() <= datagram.size());
    for (auto span : {header->dcid, header->scid, header->token, header->retry_integrity_tag,
                      header->supported_versions}) {
      if (span.empty()) continue;
      REQUIRE(span.data() >= begin);
      REQUIRE(span.data() + span.size() <= begin + header->size());
    }
    if (header->has_packet_number()) {
      REQUIRE(header->sample_offset() + kHeaderProtectionSampleLength <= header->size());
    }
    REQUIRE(begin + header->size() <= end);
  }
  CHECK(parsed > 100);
}

}  // namespace
}  // namespace quasar
