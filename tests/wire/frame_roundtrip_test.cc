// Frame encode/decode round trips at edge values, byte-exact encodings checked by hand against
// RFC 9000 §19, the RFC 9001 Appendix A payloads, and decoding whole payloads frame by frame.
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

std::string encode_hex(const Frame& frame) {
  std::vector<uint8_t> buffer(encoded_size(frame));
  BufferWriter writer(buffer);
  if (buffer.empty() || !encode_frame(writer, frame)) return "<unencodable>";
  return hex_encode(writer.written_span());
}

// Encodes, checks the size matches encoded_size(), decodes, and compares.
void check_round_trip(const Frame& frame) {
  const size_t size = encoded_size(frame);
  REQUIRE(size > 0);
  std::vector<uint8_t> buffer(size);
  BufferWriter writer(buffer);
  REQUIRE(encode_frame(writer, frame));
  REQUIRE(writer.written() == size);
  BufferReader reader(buffer);
  const Result<Frame> decoded = decode_frame(reader);
  REQUIRE(decoded.ok());
  CHECK(reader.empty());
  CHECK(decoded->index() == frame.index());
  CHECK(*decoded == frame);
  CHECK(frame_type_of(*decoded) == frame_type_of(frame));
}

// RFC 9000 §16 boundaries: the largest and smallest value of each varint length.
const uint64_t kEdgeValues[] = {
    0, 1, 63, 64, 16383, 16384, 1073741823, 1073741824, kMaxVarint - 1, kMaxVarint};

TEST_CASE("PADDING, PING, HANDSHAKE_DONE and IMMEDIATE_ACK round trip", "[frames]") {
  check_round_trip(PingFrame{});
  check_round_trip(HandshakeDoneFrame{});
  check_round_trip(ImmediateAckFrame{});
  for (size_t length : {1, 2, 63, 64, 1200, 65536}) check_round_trip(PaddingFrame{length});
  CHECK(encode_hex(PingFrame{}) == "01");
  CHECK(encode_hex(HandshakeDoneFrame{}) == "1e");
  CHECK(encode_hex(ImmediateAckFrame{}) == "1f");
  CHECK(encode_hex(PaddingFrame{3}) == "000000");
}

TEST_CASE("single-integer control frames round trip at varint edges", "[frames]") {
  for (uint64_t v : kEdgeValues) {
    CAPTURE(v);
    check_round_trip(MaxDataFrame{v});
    check_round_trip(DataBlockedFrame{v});
    check_round_trip(RetireConnectionIdFrame{v});
  }
  CHECK(encode_hex(MaxDataFrame{0}) == "1000");
  CHECK(encode_hex(DataBlockedFrame{16384}) == "1480004000");
  CHECK(encode_hex(RetireConnectionIdFrame{kMaxVarint}) == "19ffffffffffffffff");
}

TEST_CASE("stream-scoped control frames round trip at varint edges", "[frames]") {
  for (uint64_t a : kEdgeValues) {
    for (uint64_t b : kEdgeValues) {
      CAPTURE(a, b);
      check_round_trip(ResetStreamFrame{a, b, a ^ b});
      check_round_trip(StopSendingFrame{a, b});
      check_round_trip(MaxStreamDataFrame{a, b});
      check_round_trip(StreamDataBlockedFrame{a, b});
    }
  }
  // RFC 9000 §19.4 field order: Stream ID, Application Protocol Error Code, Final Size.
  CHECK(encode_hex(ResetStreamFrame{4, 0x100, 64}) ==
        "0404410040"
        "40");
  CHECK(encode_hex(StopSendingFrame{3, 7}) == "050307");
  CHECK(encode_hex(MaxStreamDataFrame{8, 63}) == "11083f");
  CHECK(encode_hex(StreamDataBlockedFrame{0, 64}) == "15004040");
}

TEST_CASE("MAX_STREAMS and STREAMS_BLOCKED round trip up to 2^60", "[frames]") {
  for (bool bidi : {true, false}) {
    for (uint64_t v : {uint64_t{0}, uint64_t{100}, MaxStreamsFrame::kMaxValue}) {
      check_round_trip(MaxStreamsFrame{bidi, v});
      check_round_trip(StreamsBlockedFrame{bidi, v});
    }
  }
  CHECK(encode_hex(MaxStreamsFrame{true, 1}) == "1201");
  CHECK(encode_hex(MaxStreamsFrame{false, 1}) == "1301");
  CHECK(encode_hex(StreamsBlockedFrame{true, 2}) == "1602");
  CHECK(encode_hex(StreamsBlockedFrame{false, 2}) == "1702");
  CHECK(encode_hex(MaxStreamsFrame{true, MaxStreamsFrame::kMaxValue}) == "12d000000000000000");
}

TEST_CASE("CRYPTO round trips with empty and large data at edge offsets", "[frames]") {
  std::vector<uint8_t> data(16384);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  for (uint64_t offset : {uint64_t{0}, uint64_t{63}, uint64_t{1} << 40, kMaxVarint - 16384}) {
    for (size_t length : {0, 1, 63, 64, 16383, 16384}) {
      CAPTURE(offset, length);
      check_round_trip(CryptoFrame{offset, std::span(data).first(length)});
    }
  }
  check_round_trip(CryptoFrame{kMaxVarint, {}});  // offset + length == 2^62-1 exactly
  const uint8_t abc[] = {0x61, 0x62, 0x63};
  CHECK(encode_hex(CryptoFrame{5, abc}) == "060503616263");
}

TEST_CASE("NEW_TOKEN round trips from one byte to a large token", "[frames]") {
  std::vector<uint8_t> token(3000, 0xab);
  for (size_t length : {1, 63, 64, 3000}) {
    check_round_trip(NewTokenFrame{std::span(token).first(length)});
  }
  CHECK(encode_hex(NewTokenFrame{std::span(token).first(2)}) == "0702abab");
}

TEST_CASE("STREAM round trips with every OFF/LEN/FIN combination", "[frames]") {
  std::vector<uint8_t> data(1500);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  for (uint64_t stream_id : kEdgeValues) {
    for (uint64_t offset : {uint64_t{0}, uint64_t{1}, uint64_t{16384}, kMaxVarint - 1500}) {
      for (size_t length : {0, 1, 64, 1500}) {
        for (bool fin : {false, true}) {
          for (bool has_length : {false, true}) {
            CAPTURE(stream_id, offset, length, fin, has_length);
            check_round_trip(
                StreamFrame{stream_id, offset, std::span(data).first(length), fin, has_length});
          }
        }
      }
    }
  }
  check_round_trip(StreamFrame{0, kMaxVarint, {}, true, true});
  // RFC 9000 §19.8: 0x08 | OFF 0x04 | LEN 0x02 | FIN 0x01.
  const uint8_t hi[] = {0x68, 0x69};
  CHECK(encode_hex(StreamFrame{4, 0, hi, false, false}) == "08046869");
  CHECK(encode_hex(StreamFrame{4, 0, hi, true, true}) == "0b04026869");
  CHECK(encode_hex(StreamFrame{4, 7, hi, false, true}) == "0e0407026869");
  CHECK(encode_hex(StreamFrame{4, 7, {}, true, false}) == "0d0407");
  CHECK(to_wire(StreamFrame{4, 7, hi, true, true}.type()) == 0x0f);
}

TEST_CASE("NEW_CONNECTION_ID round trips with 1- and 20-byte IDs", "[frames]") {
  std::array<uint8_t, 20> id_bytes;
  for (size_t i = 0; i < id_bytes.size(); ++i) id_bytes[i] = static_cast<uint8_t>(0xc0 + i);
  NewConnectionIdFrame frame;
  for (size_t i = 0; i < frame.stateless_reset_token.size(); ++i) {
    frame.stateless_reset_token[i] = static_cast<uint8_t>(i);
  }
  for (size_t length : {1, 8, 20}) {
    for (uint64_t sequence : kEdgeValues) {
      frame.connection_id = ConnectionId::of(std::span(id_bytes).first(length));
      frame.sequence_number = sequence;
      frame.retire_prior_to = sequence / 2;
      check_round_trip(frame);
      frame.retire_prior_to = sequence;  // equal is allowed (RFC 9000 §19.15)
      check_round_trip(frame);
    }
  }
  frame.sequence_number = 1;
  frame.retire_prior_to = 0;
  frame.connection_id = ConnectionId::of(std::span(id_bytes).first(2));
  CHECK(encode_hex(frame) == "18010002c0c1000102030405060708090a0b0c0d0e0f");
}

TEST_CASE("PATH_CHALLENGE and PATH_RESPONSE round trip their 8 bytes", "[frames]") {
  const std::array<uint8_t, 8> zeros{};
  const std::array<uint8_t, 8> data{0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0xff, 0x7f};
  for (const auto& bytes : {zeros, data}) {
    check_round_trip(PathChallengeFrame{bytes});
    check_round_trip(PathResponseFrame{bytes});
  }
  CHECK(encode_hex(PathChallengeFrame{data}) == "1adeadbeef0001ff7f");
  CHECK(encode_hex(PathResponseFrame{data}) == "1bdeadbeef0001ff7f");
}

TEST_CASE("CONNECTION_CLOSE round trips in both variants", "[frames]") {
  const std::string long_reason(1000, 'x');
  const std::span<const uint8_t> reason(reinterpret_cast<const uint8_t*>(long_reason.data()),
                                        long_reason.size());
  for (uint64_t code : kEdgeValues) {
    for (size_t length : {0, 1, 1000}) {
      check_round_trip(ConnectionCloseFrame{false, code, 0x08, reason.first(length)});
      check_round_trip(ConnectionCloseFrame{false, code, kMaxVarint, reason.first(length)});
      check_round_trip(ConnectionCloseFrame{true, code, 0, reason.first(length)});
    }
  }
  // RFC 9000 §19.19: type 0x1d has no Frame Type field.
  CHECK(encode_hex(ConnectionCloseFrame{false, 0x0a, 0x06, reason.first(2)}) == "1c0a06027878");
  CHECK(encode_hex(ConnectionCloseFrame{true, 0x0a, 0, {}}) == "1d0a00");
}

TEST_CASE("DATAGRAM round trips with and without length, empty included", "[frames]") {
  std::vector<uint8_t> data(1200, 0x5a);
  for (size_t length : {0, 1, 63, 64, 1200}) {
    check_round_trip(DatagramFrame{std::span(data).first(length), true});
    check_round_trip(DatagramFrame{std::span(data).first(length), false});
  }
  CHECK(encode_hex(DatagramFrame{std::span(data).first(1), true}) == "31015a");
  CHECK(encode_hex(DatagramFrame{std::span(data).first(1), false}) == "305a");
}

TEST_CASE("ACK_FREQUENCY round trips and uses a two-byte type", "[frames]") {
  for (uint64_t v : kEdgeValues) {
    check_round_trip(AckFrequencyFrame{v, v, 0, v});
    check_round_trip(
        AckFrequencyFrame{v, 0, AckFrequencyFrame::kRequestedMaxAckDelayLimitUs - 1, v});
  }
  // 0xaf needs two bytes (RFC 9000 §16): 0x40af.
  CHECK(encode_hex(AckFrequencyFrame{1, 2, 25000, 1}) == "40af0102800061a801");
}

TEST_CASE("ACK round trips with and without ECN counts", "[frames]") {
  for (uint64_t largest : kEdgeValues) {
    RangeSet received;
    received.add(largest);
    if (largest >= 10) received.add(largest - 10, largest - 3);
    std::vector<uint8_t> buffer(64);
    BufferWriter writer(buffer);
    REQUIRE(encode_ack_frame(writer, received, largest, EcnCounts{1, 2, largest}, 8) > 0);
    BufferReader reader(writer.written_span());
    const Result<Frame> decoded = decode_frame(reader);
    REQUIRE(decoded.ok());
    check_round_trip(*decoded);
    const auto& ack = std::get<AckFrame>(*decoded);
    CHECK(ack.largest_acknowledged == largest);
    CHECK(ack.ack_delay == largest);
    CHECK(ack.ecn == EcnCounts{1, 2, largest});
  }
  // RFC 9000 §19.3: largest 2, delay 0, one range pair (gap 0, length 0): acks 2 and 0.
  RangeSet received;
  received.add(0);
  received.add(2);
  std::array<uint8_t, 16> buffer{};
  BufferWriter writer(buffer);
  REQUIRE(encode_ack_frame(writer, received, 0, std::nullopt, 2) == 2);
  CHECK(hex_encode(writer.written_span()) == "02020001000000");
}

// RFC 9001 Appendix A.2: the client's Initial payload is one CRYPTO frame then PADDING up to
// 1162 bytes.
const char kClientInitialCrypto[] =
    "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868"
    "04fe3a47f06a2b69484c000004130113 02010000c000000010000e00000b6578"
    "616d706c652e636f6dff01000100000a00080006001d00170018001000070005"
    "04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba"
    "baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400"
    "0d0010000e0403050306030203080408050806002d00020101001c0002400100"
    "3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000"
    "75300901100f088394c8f03e51570806048000ffff";

TEST_CASE("RFC 9001 A.2 client Initial payload decodes and re-encodes byte-exactly",
          "[frames][vectors]") {
  std::vector<uint8_t> payload = bytes_of(kClientInitialCrypto);
  REQUIRE(payload.size() == 245);
  payload.resize(1162, 0x00);

  BufferReader reader(payload);
  const Result<Frame> crypto = decode_frame(reader);
  REQUIRE(crypto.ok());
  const auto& c = std::get<CryptoFrame>(*crypto);
  CHECK(c.offset == 0);
  CHECK(c.data.size() == 0xf1);
  CHECK(c.data.data() == payload.data() + 4);  // zero-copy: a view into the payload
  CHECK(c.data[0] == 0x01);                    // TLS ClientHello

  const Result<Frame> padding = decode_frame(reader);
  REQUIRE(padding.ok());
  CHECK(std::get<PaddingFrame>(*padding).length == 1162 - 245);
  CHECK(reader.empty());

  std::vector<uint8_t> out(1162);
  BufferWriter writer(out);
  REQUIRE(encode_frame(writer, *crypto));
  REQUIRE(encode_frame(writer, *padding));
  CHECK(writer.remaining() == 0);
  CHECK(out == payload);
}

// RFC 9001 Appendix A.3: the server's Initial payload is an ACK then a CRYPTO frame.
const char kServerInitialPayload[] =
    "02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739"
    "88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94"
    "0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00"
    "020304";

TEST_CASE("RFC 9001 A.3 server Initial payload decodes and re-encodes byte-exactly",
          "[frames][vectors]") {
  const std::vector<uint8_t> payload = bytes_of(kServerInitialPayload);
  BufferReader reader(payload);
  const Result<Frame> ack = decode_frame(reader);
  REQUIRE(ack.ok());
  const auto& a = std::get<AckFrame>(*ack);
  CHECK(a.largest_acknowledged == 0);
  CHECK(a.ack_delay == 0);
  CHECK(a.first_ack_range == 0);
  CHECK(a.ack_range_count == 0);
  CHECK_FALSE(a.ecn.has_value());

  const Result<Frame> crypto = decode_frame(reader);
  REQUIRE(crypto.ok());
  CHECK(std::get<CryptoFrame>(*crypto).offset == 0);
  CHECK(std::get<CryptoFrame>(*crypto).data.size() == 0x5a);
  CHECK(reader.empty());

  // The same bytes come out of the ACK writer (packet 0 received) and the CRYPTO encoder.
  std::vector<uint8_t> out(payload.size());
  BufferWriter writer(out);
  RangeSet received;
  received.add(0);
  REQUIRE(encode_ack_frame(writer, received, 0, std::nullopt, 1) == 1);
  REQUIRE(encode_frame(writer, *crypto));
  CHECK(out == payload);
}

TEST_CASE("RFC 9001 A.5 short header payload is a single PING", "[frames][vectors]") {
  const std::vector<uint8_t> payload = bytes_of("01");
  BufferReader reader(payload);
  const Result<Frame> frame = decode_frame(reader);
  REQUIRE(frame.ok());
  CHECK(std::holds_alternative<PingFrame>(*frame));
  CHECK(reader.empty());
}

TEST_CASE("a payload of every frame type decodes frame by frame until it ends", "[frames]") {
  const uint8_t data[] = {1, 2, 3, 4, 5};
  const std::array<uint8_t, 8> path{1, 2, 3, 4, 5, 6, 7, 8};
  NewConnectionIdFrame new_cid;
  new_cid.sequence_number = 3;
  new_cid.retire_prior_to = 1;
  new_cid.connection_id = ConnectionId::of(data);
  RangeSet received;
  received.add(0, 5);
  received.add(7, 9);
  std::array<uint8_t, 32> ack_bytes{};
  BufferWriter ack_writer(ack_bytes);
  REQUIRE(encode_ack_frame(ack_writer, received, 10, EcnCounts{3, 0, 1}, 4) == 2);
  BufferReader ack_reader(ack_writer.written_span());
  const Frame ack = *decode_frame(ack_reader);

  const std::vector<Frame> frames = {
      PaddingFrame{4},
      PingFrame{},
      ack,
      ResetStreamFrame{1, 2, 3},
      StopSendingFrame{4, 5},
      CryptoFrame{6, data},
      NewTokenFrame{data},
      StreamFrame{8, 9, data, true, true},
      MaxDataFrame{10},
      MaxStreamDataFrame{11, 12},
      MaxStreamsFrame{true, 13},
      MaxStreamsFrame{false, 14},
      DataBlockedFrame{15},
      StreamDataBlockedFrame{16, 17},
      StreamsBlockedFrame{true, 18},
      StreamsBlockedFrame{false, 19},
      new_cid,
      RetireConnectionIdFrame{20},
      PathChallengeFrame{path},
      PathResponseFrame{path},
      ConnectionCloseFrame{false, 21, 22, data},
      ConnectionCloseFrame{true, 23, 0, data},
      HandshakeDoneFrame{},
      DatagramFrame{data, true},
      AckFrequencyFrame{24, 25, 26, 27},
      ImmediateAckFrame{},
      PaddingFrame{1},
      StreamFrame{28, 0, data, false, false},  // no length: runs to the end, so last
  };
  REQUIRE(std::variant_size_v<Frame> == 23);

  std::vector<uint8_t> payload(2048);
  BufferWriter writer(payload);
  for (const Frame& frame : frames) REQUIRE(encode_frame(writer, frame));
  payload.resize(writer.written());

  BufferReader reader(payload);
  std::vector<Frame> decoded;
  while (!reader.empty()) {
    Result<Frame> frame = decode_frame(reader);
    REQUIRE(frame.ok());
    decoded.push_back(*frame);
  }
  REQUIRE(decoded.size() == frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    CAPTURE(i);
    CHECK(decoded[i] == frames[i]);
  }
}

TEST_CASE("non-minimal field varints decode to the same frame", "[frames]") {
  // RFC 9000 §16 allows longer encodings inside frames; only the type must be minimal (§12.4).
  const std::vector<uint8_t> minimal = bytes_of("110401");
  const std::vector<uint8_t> padded = bytes_of("11400480000001");
  BufferReader a(minimal), b(padded);
  const Result<Frame> fa = decode_frame(a), fb = decode_frame(b);
  REQUIRE(fa.ok());
  REQUIRE(fb.ok());
  CHECK(*fa == *fb);
  CHECK(encode_hex(*fb) == "110401");
}

}  // namespace
}  // namespace quasar
