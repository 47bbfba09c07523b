// Frames the decoder must refuse, each with the RFC 9000 §20 code and the offending frame type:
// truncation at every byte, non-minimal and unknown types, and every field rule of §19.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/wire/frame_decoder.h"
#include "quic/wire/frame_encoder.h"

namespace quasar {
namespace {

std::vector<uint8_t> bytes_of(const char* hex) { return *hex_decode(hex); }

std::vector<uint8_t> encode(const Frame& frame) {
  std::vector<uint8_t> out(encoded_size(frame));
  BufferWriter writer(out);
  REQUIRE(!out.empty());
  REQUIRE(encode_frame(writer, frame));
  return out;
}

// Decodes `bytes` expecting `code` for `frame_type`, and checks the reader did not move.
void check_error(const std::vector<uint8_t>& bytes, TransportError code, uint64_t frame_type) {
  BufferReader reader(bytes);
  const Result<Frame> frame = decode_frame(reader);
  REQUIRE_FALSE(frame.ok());
  CHECK(frame.error().is(code));
  CHECK(frame.error().frame_type == frame_type);
  CHECK(frame.error().reason[0] != '\0');
  CHECK(reader.offset() == 0);
}

void check_decodes(const std::vector<uint8_t>& bytes) {
  BufferReader reader(bytes);
  const Result<Frame> frame = decode_frame(reader);
  CHECK(frame.ok());
  CHECK(reader.empty());
}

const uint8_t kData[] = {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22, 0x33, 0x44};

// One frame of every type whose fields all have a fixed extent (no data to end of packet),
// with some multi-byte varints so truncation falls inside them too.
std::vector<std::vector<uint8_t>> frames_with_fixed_extent() {
  std::vector<std::vector<uint8_t>> out;
  NewConnectionIdFrame new_cid;
  new_cid.sequence_number = 70000;
  new_cid.retire_prior_to = 300;
  new_cid.connection_id = ConnectionId::of(std::span(kData).first(8));
  const std::array<uint8_t, 8> path{9, 8, 7, 6, 5, 4, 3, 2};
  const Frame frames[] = {
      ResetStreamFrame{100, 20000, 1u << 31},
      StopSendingFrame{100, 64},
      CryptoFrame{1000, kData},
      NewTokenFrame{kData},
      StreamFrame{64, 0, kData, false, true},
      StreamFrame{64, 1u << 20, kData, true, true},
      MaxDataFrame{1u << 20},
      MaxStreamDataFrame{4, 70000},
      MaxStreamsFrame{true, 100},
      MaxStreamsFrame{false, 100},
      DataBlockedFrame{1u << 20},
      StreamDataBlockedFrame{8, 1u << 20},
      StreamsBlockedFrame{true, 200},
      StreamsBlockedFrame{false, 200},
      new_cid,
      RetireConnectionIdFrame{1000},
      PathChallengeFrame{path},
      PathResponseFrame{path},
      ConnectionCloseFrame{false, 0x0a, 0x08, kData},
      ConnectionCloseFrame{true, 0x100, 0, kData},
      DatagramFrame{kData, true},
      AckFrequencyFrame{5, 10, 25000, 3},
  };
  for (const Frame& frame : frames) out.push_back(encode(frame));
  // ACK and ACK_ECN with several ranges.
  RangeSet received;
  for (uint64_t pn : {1, 2, 5, 100, 101, 102, 400, 70000}) received.add(pn);
  for (bool ecn : {false, true}) {
    std::vector<uint8_t> ack(64);
    BufferWriter writer(ack);
    REQUIRE(encode_ack_frame(writer, received, 1000,
                             ecn ? std::optional<EcnCounts>({70000, 1, 2}) : std::nullopt,
                             100) == 5);
    ack.resize(writer.written());
    out.push_back(ack);
  }
  return out;
}

TEST_CASE("every frame truncated at every byte fails with FRAME_ENCODING_ERROR",
          "[frames][errors]") {
  for (const std::vector<uint8_t>& encoded : frames_with_fixed_extent()) {
    BufferReader type_reader(encoded);
    uint64_t type = 0;
    size_t type_length = 0;
    REQUIRE(type_reader.read_varint(type, &type_length));
    check_decodes(encoded);
    for (size_t cut = 1; cut < encoded.size(); ++cut) {
      CAPTURE(type, cut);
      const std::vector<uint8_t> prefix(encoded.begin(), encoded.begin() + cut);
      // A cut inside the type itself leaves no type to report.
      check_error(prefix, TransportError::kFrameEncodingError, cut < type_length ? 0 : type);
    }
  }
}

TEST_CASE("an empty input is not a frame", "[frames][errors]") {
  check_error({}, TransportError::kFrameEncodingError, 0);
}

TEST_CASE("STREAM and DATAGRAM without LEN take the rest of the packet", "[frames][errors]") {
  // Cutting their data is not an error: the data is whatever remains.
  const std::vector<uint8_t> stream = encode(StreamFrame{64, 1u << 20, kData, true, false});
  const size_t header = stream_frame_header_size(64, 1u << 20, 0, false);
  for (size_t cut = 1; cut < stream.size(); ++cut) {
    CAPTURE(cut);
    const std::vector<uint8_t> prefix(stream.begin(), stream.begin() + cut);
    if (cut < header) {
      check_error(prefix, TransportError::kFrameEncodingError, 0x0d);
      continue;
    }
    BufferReader reader(prefix);
    const Result<Frame> frame = decode_frame(reader);
    REQUIRE(frame.ok());
    CHECK(std::get<StreamFrame>(*frame).data.size() == cut - header);
    CHECK(reader.empty());
  }
  const std::vector<uint8_t> datagram = encode(DatagramFrame{kData, false});
  for (size_t cut = 1; cut <= datagram.size(); ++cut) {
    BufferReader reader{std::span(datagram).first(cut)};
    const Result<Frame> frame = decode_frame(reader);
    REQUIRE(frame.ok());
    CHECK(std::get<DatagramFrame>(*frame).data.size() == cut - 1);
  }
}

TEST_CASE("a run of PADDING stops at the first non-zero byte", "[frames]") {
  const std::vector<uint8_t> bytes = bytes_of("0000000001000000");
  BufferReader reader(bytes);
  const Result<Frame> padding = decode_frame(reader);
  REQUIRE(padding.ok());
  CHECK(std::get<PaddingFrame>(*padding).length == 4);
  CHECK(std::holds_alternative<PingFrame>(*decode_frame(reader)));
  CHECK(std::get<PaddingFrame>(*decode_frame(reader)).length == 3);
  CHECK(reader.empty());
}

TEST_CASE("frame types not in their shortest encoding are PROTOCOL_VIOLATION", "[frames][errors]") {
  // RFC 9000 §12.4: "0x4001 ... PING frames are always encoded as a single byte".
  check_error(bytes_of("4001"), TransportError::kProtocolViolation, 0x01);
  check_error(bytes_of("4000"), TransportError::kProtocolViolation, 0x00);
  check_error(bytes_of("80000006000100"), TransportError::kProtocolViolation, 0x06);
  check_error(bytes_of("c00000000000001e"), TransportError::kProtocolViolation, 0x1e);
  check_error(bytes_of("800000af"), TransportError::kProtocolViolation, 0xaf);
  check_error(bytes_of("4008000100"), TransportError::kProtocolViolation, 0x08);
  // The shortest form of ACK_FREQUENCY is two bytes; that one decodes.
  check_decodes(bytes_of("40af01020304"));
}

TEST_CASE("unknown frame types are FRAME_ENCODING_ERROR with the type", "[frames][errors]") {
  for (const char* hex : {"20", "21", "2f", "32", "3f", "4040", "40ae", "40b0", "7fff", "80004000",
                          "c000000040000000"}) {
    const std::vector<uint8_t> bytes = bytes_of(hex);
    BufferReader reader(bytes);
    uint64_t type = 0;
    REQUIRE(reader.read_varint(type));
    CAPTURE(hex);
    check_error(bytes, TransportError::kFrameEncodingError, type);
  }
}

TEST_CASE("ACK ranges below packet number 0 are FRAME_ENCODING_ERROR", "[frames][errors][ack]") {
  // RFC 9000 §19.3.1: smallest = largest - ack_range; largest = previous_smallest - gap - 2.
  check_error(bytes_of("0205000006"), TransportError::kFrameEncodingError, 0x02);
  check_decodes(bytes_of("0205000005"));  // acknowledges 0..5
  // First range is just 5; gap 4 would make the next largest -1.
  check_error(bytes_of("02050001000400"), TransportError::kFrameEncodingError, 0x02);
  // Gap 3 gives largest 0; length 1 would make smallest -1.
  check_error(bytes_of("02050001000301"), TransportError::kFrameEncodingError, 0x02);
  check_decodes(bytes_of("02050001000300"));  // acknowledges 5 and 0
  // ACK_ECN: 60, then gap 10 -> 48..28, then gap 10 -> largest 16; length 17 underflows.
  check_error(bytes_of("033c0002000a140a11000000"), TransportError::kFrameEncodingError, 0x03);
  check_decodes(bytes_of("033c0002000a140a10000000"));  // length 16: down to packet 0
}

TEST_CASE("an ACK range count larger than the packet fails fast", "[frames][errors][ack]") {
  // 2^62-1 ranges announced, two present: truncated, without looping over the count.
  check_error(bytes_of("020a00ffffffffffffffff00000000"), TransportError::kFrameEncodingError,
              0x02);
}

TEST_CASE("STREAM and CRYPTO data beyond offset 2^62-1 is FRAME_ENCODING_ERROR",
          "[frames][errors]") {
  // RFC 9000 §19.8: offset 2^62-1 with one byte of data ends past the limit.
  check_error(bytes_of("0e00ffffffffffffffff01aa"), TransportError::kFrameEncodingError, 0x0e);
  check_error(bytes_of("0c00ffffffffffffffffaa"), TransportError::kFrameEncodingError, 0x0c);
  check_decodes(bytes_of("0f00ffffffffffffffff00"));  // empty FIN at 2^62-1: allowed
  check_decodes(bytes_of("0e00fffffffffffffffe01aa"));
  // RFC 9000 §19.6, the same limit for CRYPTO.
  check_error(bytes_of("06ffffffffffffffff01aa"), TransportError::kFrameEncodingError, 0x06);
  check_decodes(bytes_of("06fffffffffffffffe01aa"));
}

TEST_CASE("MAX_STREAMS and STREAMS_BLOCKED above 2^60 are FRAME_ENCODING_ERROR",
          "[frames][errors]") {
  // RFC 9000 §19.11, §19.14: 2^60 + 1 is d000000000000001.
  for (const char* type : {"12", "13", "16", "17"}) {
    const std::string over = std::string(type) + "d000000000000001";
    const std::string at = std::string(type) + "d000000000000000";
    const std::string max = std::string(type) + "ffffffffffffffff";
    uint64_t type_value = std::stoul(type, nullptr, 16);
    check_error(bytes_of(over.c_str()), TransportError::kFrameEncodingError, type_value);
    check_error(bytes_of(max.c_str()), TransportError::kFrameEncodingError, type_value);
    check_decodes(bytes_of(at.c_str()));
  }
}

TEST_CASE("NEW_CONNECTION_ID length and Retire Prior To rules", "[frames][errors]") {
  const std::string token = "00112233445566778899aabbccddeeff";
  auto frame = [&](const char* fields, size_t id_length) {
    std::string hex = std::string("18") + fields;
    for (size_t i = 0; i < id_length; ++i) hex += "ab";
    return bytes_of((hex + token).c_str());
  };
  // RFC 9000 §19.15: "Values less than 1 and greater than 20 are invalid".
  check_error(frame("010000", 0), TransportError::kFrameEncodingError, 0x18);
  check_error(frame("010015", 21), TransportError::kFrameEncodingError, 0x18);
  check_error(frame("0100ff", 0), TransportError::kFrameEncodingError, 0x18);
  check_decodes(frame("010001", 1));
  check_decodes(frame("010014", 20));
  // "Retire Prior To field that is greater than that in the Sequence Number field".
  check_error(frame("010208", 8), TransportError::kFrameEncodingError, 0x18);
  check_decodes(frame("020208", 8));
}

TEST_CASE("NEW_TOKEN with an empty token is FRAME_ENCODING_ERROR", "[frames][errors]") {
  // RFC 9000 §19.7.
  check_error(bytes_of("0700"), TransportError::kFrameEncodingError, 0x07);
  check_decodes(bytes_of("070100"));
}

TEST_CASE("CONNECTION_CLOSE reason longer than the frame is FRAME_ENCODING_ERROR",
          "[frames][errors]") {
  check_error(bytes_of("1c0a0005616263"), TransportError::kFrameEncodingError, 0x1c);
  check_error(bytes_of("1d0a05616263"), TransportError::kFrameEncodingError, 0x1d);
  check_error(bytes_of("1d0affffffffffffffff"), TransportError::kFrameEncodingError, 0x1d);
  check_decodes(bytes_of("1c0a0003616263"));
  check_decodes(bytes_of("1d0a03616263"));
}

TEST_CASE("lengths beyond the packet never read out of bounds", "[frames][errors]") {
  // Length fields at their maximum with almost nothing behind them (ASan watches the reads).
  check_error(bytes_of("0600ffffffffffffffff"), TransportError::kFrameEncodingError, 0x06);
  check_error(bytes_of("07ffffffffffffffffaa"), TransportError::kFrameEncodingError, 0x07);
  check_error(bytes_of("0a00ffffffffffffffffaa"), TransportError::kFrameEncodingError, 0x0a);
  check_error(bytes_of("31ffffffffffffffffaa"), TransportError::kFrameEncodingError, 0x31);
  check_error(bytes_of("1c0000ffffffffffffffff"), TransportError::kFrameEncodingError, 0x1c);
}

TEST_CASE("ACK_FREQUENCY requesting 2^14 ms or more is PROTOCOL_VIOLATION", "[frames][errors]") {
  // draft-ietf-quic-ack-frequency §4: 16384000 us = 0x80fa0000 is invalid, one less is not.
  check_error(bytes_of("40af010280fa000001"), TransportError::kProtocolViolation, 0xaf);
  check_decodes(bytes_of("40af010280f9ffff01"));
}

TEST_CASE("decoding stops at the first bad frame and keeps the good ones", "[frames][errors]") {
  const std::vector<uint8_t> payload = bytes_of(
      "01"
      "1005"
      "21"
      "01");
  BufferReader reader(payload);
  REQUIRE(decode_frame(reader).ok());
  REQUIRE(decode_frame(reader).ok());
  const size_t before = reader.offset();
  const Result<Frame> bad = decode_frame(reader);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().frame_type == 0x21);
  CHECK(reader.offset() == before);
}

}  // namespace
}  // namespace quasar
