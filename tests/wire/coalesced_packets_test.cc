// Walking coalesced packets (RFC 9000 §12.2).
#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/wire/coalesced_packets.h"
#include "quic/wire/packet_header_writer.h"
#include "quic/wire/version.h"

namespace quasar {
namespace {

std::vector<uint8_t> hex(std::string_view text) { return *hex_decode(text); }
ConnectionId cid(std::string_view text) { return ConnectionId::of(hex(text)); }

// Appends a long-header packet with `payload` bytes after the packet number.
void append_long(std::vector<uint8_t>& datagram, PacketType type, const ConnectionId& dcid,
                 size_t payload, uint32_t version = kQuicVersion1) {
  std::vector<uint8_t> buffer(2000);
  BufferWriter writer(buffer);
  LongHeaderFields fields;
  fields.version = version;
  fields.type = type;
  fields.dcid = dcid;
  fields.scid = cid("5c5c5c5c");
  fields.packet_number_length = 2;
  const auto layout = write_long_header(writer, fields);
  REQUIRE(layout);
  REQUIRE(writer.write_zeros(payload));
  REQUIRE(write_length_field(writer.written_span(), *layout));
  datagram.insert(datagram.end(), buffer.begin(), buffer.begin() + writer.written());
}

void append_short(std::vector<uint8_t>& datagram, const ConnectionId& dcid, size_t payload) {
  std::vector<uint8_t> buffer(2000);
  BufferWriter writer(buffer);
  ShortHeaderFields fields;
  fields.dcid = dcid;
  REQUIRE(write_short_header(writer, fields));
  REQUIRE(writer.write_zeros(payload));
  datagram.insert(datagram.end(), buffer.begin(), buffer.begin() + writer.written());
}

TEST_CASE("Initial, Handshake and 1-RTT packets in one datagram", "[wire][coalesced]") {
  const ConnectionId dcid = cid("0102030405060708");
  std::vector<uint8_t> datagram;
  append_long(datagram, PacketType::kInitial, dcid, 100);
  const size_t initial_size = datagram.size();
  append_long(datagram, PacketType::kHandshake, dcid, 60);
  const size_t handshake_end = datagram.size();
  append_short(datagram, dcid, 40);

  CoalescedPackets packets(datagram, 8);
  PacketHeader header;
  REQUIRE(packets.next(header));
  CHECK(header.type == PacketType::kInitial);
  CHECK(header.packet.data() == datagram.data());
  CHECK(header.size() == initial_size);
  REQUIRE(packets.next(header));
  CHECK(header.type == PacketType::kHandshake);
  CHECK(header.packet.data() == datagram.data() + initial_size);
  CHECK(header.size() == handshake_end - initial_size);
  REQUIRE(packets.next(header));
  CHECK(header.type == PacketType::kOneRtt);
  CHECK(header.packet.data() == datagram.data() + handshake_end);
  CHECK(header.size() == datagram.size() - handshake_end);
  CHECK_FALSE(packets.next(header));
  CHECK_FALSE(packets.error());
  CHECK(packets.packet_count() == 3);
  CHECK(packets.dropped_bytes() == 0);
}

TEST_CASE("v2 packets coalesce the same way", "[wire][coalesced]") {
  const ConnectionId dcid = cid("aabbccdd");
  std::vector<uint8_t> datagram;
  append_long(datagram, PacketType::kInitial, dcid, 30, kQuicVersion2);
  append_long(datagram, PacketType::kZeroRtt, dcid, 30, kQuicVersion2);
  CoalescedPackets packets(datagram, 4);
  PacketHeader header;
  REQUIRE(packets.next(header));
  CHECK(header.type == PacketType::kInitial);
  REQUIRE(packets.next(header));
  CHECK(header.type == PacketType::kZeroRtt);
  CHECK_FALSE(packets.next(header));
  CHECK_FALSE(packets.error());
}

TEST_CASE("the walk stops at the first malformed packet", "[wire][coalesced]") {
  const ConnectionId dcid = cid("0102030405060708");
  std::vector<uint8_t> datagram;
  append_long(datagram, PacketType::kInitial, dcid, 100);
  const size_t first_size = datagram.size();
  // Trailing zero padding after the packet: not a valid packet, so dropped.
  datagram.resize(datagram.size() + 30, 0);
  CoalescedPackets packets(datagram, 8);
  PacketHeader header;
  REQUIRE(packets.next(header));
  CHECK_FALSE(packets.next(header));
  REQUIRE(packets.error());
  CHECK(packets.error()->is(TransportError::kProtocolViolation));
  CHECK(packets.dropped_bytes() == 30);
  CHECK_FALSE(packets.next(header));  // stays stopped

  // A second packet whose Length overruns the datagram: it and the rest are dropped.
  std::vector<uint8_t> overrun;
  append_long(overrun, PacketType::kInitial, dcid, 100);
  append_long(overrun, PacketType::kHandshake, dcid, 100);
  overrun.resize(overrun.size() - 1);
  CoalescedPackets second(overrun, 8);
  REQUIRE(second.next(header));
  CHECK(header.size() == first_size);
  CHECK_FALSE(second.next(header));
  REQUIRE(second.error());
  CHECK(std::string_view(second.error()->reason) == "Length runs past the datagram");
  CHECK(second.dropped_bytes() == overrun.size() - first_size);
  CHECK(second.packet_count() == 1);
}

TEST_CASE("a malformed first packet yields nothing", "[wire][coalesced]") {
  std::vector<uint8_t> datagram(50, 0);
  CoalescedPackets packets(datagram, 8);
  PacketHeader header;
  CHECK_FALSE(packets.next(header));
  REQUIRE(packets.error());
  CHECK(packets.dropped_bytes() == 50);
  CoalescedPackets empty({}, 8);
  CHECK_FALSE(empty.next(header));
  CHECK_FALSE(empty.error());
}

TEST_CASE("packets with another DCID are skipped", "[wire][coalesced]") {
  const ConnectionId dcid = cid("0102030405060708");
  std::vector<uint8_t> datagram;
  append_long(datagram, PacketType::kInitial, dcid, 40);
  append_long(datagram, PacketType::kHandshake, cid("0102030405060709"), 40);
  append_long(datagram, PacketType::kHandshake, dcid, 41);
  append_short(datagram, cid("ffffffffffffffff"), 30);
  CoalescedPackets packets(datagram, 8);
  PacketHeader header;
  REQUIRE(packets.next(header));
  CHECK(header.type == PacketType::kInitial);
  REQUIRE(packets.next(header));
  CHECK(header.type == PacketType::kHandshake);
  CHECK(header.length == 43);
  CHECK_FALSE(packets.next(header));
  CHECK_FALSE(packets.error());
  CHECK(packets.skipped_packets() == 2);
  CHECK(packets.packet_count() == 2);
}

}  // namespace
}  // namespace quasar
