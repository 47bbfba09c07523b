// Packet number length selection, truncation and recovery (RFC 9000 §17.1, Appendix A.2, A.3).
#include <catch2/catch.hpp>

#include <array>
#include <optional>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/rng.h"
#include "quic/wire/packet_number.h"

namespace quasar {
namespace {

std::vector<uint8_t> written(uint64_t packet_number, size_t length) {
  std::array<uint8_t, 8> buffer{};
  BufferWriter writer(buffer);
  REQUIRE(write_packet_number(writer, packet_number, length));
  return {buffer.begin(), buffer.begin() + writer.written()};
}

TEST_CASE("RFC 9000 A.2 packet number encoding examples", "[wire][packet_number]") {
  // Largest acknowledged 0xabe8b3; 0xac5c02 leaves 29,519 unacknowledged: 16 bits.
  CHECK(packet_number_length(0xac5c02, 0xabe8b3) == 2);
  CHECK(written(0xac5c02, 2) == std::vector<uint8_t>{0x5c, 0x02});
  // 0xace8fe needs 18 bits: the 24-bit encoding.
  CHECK(packet_number_length(0xace8fe, 0xabe8b3) == 3);
  CHECK(written(0xace8fe, 3) == std::vector<uint8_t>{0xac, 0xe8, 0xfe});
}

TEST_CASE("RFC 9000 A.3 packet number decoding example", "[wire][packet_number]") {
  CHECK(decode_packet_number(0xa82f30ea, 0x9b32, 2) == 0xa82f9b32);
  // And the values of RFC 9001 Appendix A: packet 2 in 4 bytes, packet 1 in 2 bytes, and
  // 654360564 carried as 49140 in 3 bytes (A.5).
  CHECK(decode_packet_number(std::nullopt, 2, 4) == 2);
  CHECK(decode_packet_number(0, 1, 2) == 1);
  CHECK(truncate_packet_number(654360564, 3) == 49140);
  CHECK(decode_packet_number(654360563, 49140, 3) == 654360564);
}

TEST_CASE("packet number length without an acknowledgment keeps the full number",
          "[wire][packet_number]") {
  CHECK(packet_number_length(0, std::nullopt) == 1);
  CHECK(packet_number_length(127, std::nullopt) == 1);
  CHECK(packet_number_length(128, std::nullopt) == 2);
  CHECK(packet_number_length(32767, std::nullopt) == 2);
  CHECK(packet_number_length(32768, std::nullopt) == 3);
  CHECK(packet_number_length((uint64_t{1} << 23) - 1, std::nullopt) == 3);
  CHECK(packet_number_length(uint64_t{1} << 23, std::nullopt) == 4);
  CHECK(packet_number_length(kMaxPacketNumber, std::nullopt) == 4);
}

TEST_CASE("packet number length at the window edges", "[wire][packet_number]") {
  // unacked = pn - largest_acked must stay within half the window: 2^(8n-1).
  CHECK(packet_number_length(1000 + 128, 1000) == 1);
  CHECK(packet_number_length(1000 + 129, 1000) == 2);
  CHECK(packet_number_length(1000 + 32768, 1000) == 2);
  CHECK(packet_number_length(1000 + 32769, 1000) == 3);
  CHECK(packet_number_length(1000 + (uint64_t{1} << 23), 1000) == 3);
  CHECK(packet_number_length(1000 + (uint64_t{1} << 23) + 1, 1000) == 4);
  // Beyond what 4 bytes can cover the length saturates.
  CHECK(packet_number_length(uint64_t{1} << 40, 0) == 4);
  // A packet number at or below the largest acknowledged (a caller bug) still gets 1 byte.
  CHECK(packet_number_length(5, 9) == 1);
}

TEST_CASE("packet number decoding wraps around the window", "[wire][packet_number]") {
  // Candidate at or below expected - half window: add a window.
  CHECK(decode_packet_number(0x1f0, 0x10, 1) == 0x210);
  CHECK(decode_packet_number(0x17f, 0x00, 1) == 0x200);
  CHECK(decode_packet_number(0x17f, 0x01, 1) == 0x101);  // just inside the window
  // Candidate above expected + half window: subtract a window.
  CHECK(decode_packet_number(0x100, 0xff, 1) == 0xff);
  CHECK(decode_packet_number(0x210, 0xf0, 1) == 0x1f0);
  CHECK(decode_packet_number(0x210, 0x91, 1) == 0x291);  // expected + half window stays
  // Near zero nothing underflows.
  CHECK(decode_packet_number(std::nullopt, 0xff, 1) == 0xff);
  CHECK(decode_packet_number(0, 0xff, 1) == 0xff);
  CHECK(decode_packet_number(std::nullopt, 0xffffffff, 4) == 0xffffffff);
  // Near 2^62 nothing overflows: the candidate is not moved past the maximum.
  CHECK(decode_packet_number(kMaxPacketNumber - 1, 0xff, 1) == kMaxPacketNumber);
  CHECK(decode_packet_number(kMaxPacketNumber - 200, 0x00, 1) == kMaxPacketNumber - 0xff);
}

TEST_CASE("encode then decode recovers every packet number in the window",
          "[wire][packet_number]") {
  SeededRng rng(42);
  for (int i = 0; i < 20000; ++i) {
    const uint64_t largest_acked = rng.uniform(kMaxPacketNumber / 2);
    const uint64_t packet_number = largest_acked + 1 + rng.uniform(uint64_t{1} << rng.uniform(31));
    const size_t length = packet_number_length(packet_number, largest_acked);
    // The receiver has seen anything from the largest acknowledged up to just below this one.
    const uint64_t largest_received = largest_acked + rng.uniform(packet_number - largest_acked);
    const uint64_t truncated = truncate_packet_number(packet_number, length);
    INFO("pn " << packet_number << " acked " << largest_acked << " recv " << largest_received);
    REQUIRE(decode_packet_number(largest_received, truncated, length) == packet_number);
  }
}

TEST_CASE("write and read truncated packet numbers", "[wire][packet_number]") {
  CHECK(written(0x1234567890, 1) == std::vector<uint8_t>{0x90});
  CHECK(written(0x1234567890, 2) == std::vector<uint8_t>{0x78, 0x90});
  CHECK(written(0x1234567890, 4) == std::vector<uint8_t>{0x34, 0x56, 0x78, 0x90});
  const std::array<uint8_t, 4> field = {0x34, 0x56, 0x78, 0x90};
  CHECK(read_truncated_packet_number(std::span(field).first(1)) == 0x34);
  CHECK(read_truncated_packet_number(field) == 0x34567890);
  CHECK(packet_number_length_from_first_byte(0xc0) == 1);
  CHECK(packet_number_length_from_first_byte(0xc3) == 4);
  CHECK(packet_number_length_from_first_byte(0x41) == 2);

  std::array<uint8_t, 2> small{};
  BufferWriter writer(small);
  CHECK_FALSE(write_packet_number(writer, 1, 0));  // lengths are 1..4
  CHECK_FALSE(write_packet_number(writer, 1, 5));
  CHECK_FALSE(write_packet_number(writer, 1, 3));  // no room
  CHECK(writer.written() == 0);
}

}  // namespace
}  // namespace quasar
