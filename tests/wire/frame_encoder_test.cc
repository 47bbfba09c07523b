// Frame encoding for the packet builder: STREAM/CRYPTO/DATAGRAM header writers and capacity,
// clean failure when a frame does not fit, and frames the encoder refuses.
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/wire/frame_decoder.h"
#include "quic/wire/frame_encoder.h"

namespace quasar {
namespace {

const uint8_t kData[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

TEST_CASE("STREAM header size counts each optional field", "[encoder][stream]") {
  // Type + stream ID, then the offset only when non-zero, then the length when explicit.
  CHECK(stream_frame_header_size(0, 0, 0, false) == 2);
  CHECK(stream_frame_header_size(0, 0, 0, true) == 3);
  CHECK(stream_frame_header_size(64, 0, 100, true) == 1 + 2 + 2);
  CHECK(stream_frame_header_size(4, 16384, 16384, true) == 1 + 1 + 4 + 4);
  CHECK(stream_frame_header_size(kMaxVarint, 1u << 30, 63, true) == 1 + 8 + 8 + 1);
  CHECK(stream_frame_header_size(0, kMaxVarint, 0, true) == 1 + 1 + 8 + 1);
  CHECK(stream_frame_header_size(0, kMaxVarint, 1, true) == 0);      // beyond 2^62-1
  CHECK(stream_frame_header_size(kMaxVarint + 1, 0, 1, true) == 0);  // no such stream ID
}

TEST_CASE("a STREAM header followed by copied data decodes as the frame", "[encoder][stream]") {
  for (bool fin : {false, true}) {
    for (bool explicit_length : {false, true}) {
      for (uint64_t offset : {uint64_t{0}, uint64_t{1000}}) {
        CAPTURE(fin, explicit_length, offset);
        std::array<uint8_t, 64> packet{};
        BufferWriter writer(packet);
        REQUIRE(write_stream_frame_header(writer, 9, offset, sizeof(kData), fin, explicit_length));
        CHECK(writer.written() ==
              stream_frame_header_size(9, offset, sizeof(kData), explicit_length));
        REQUIRE(writer.write_bytes(kData));  // the builder's copy from its send buffer

        BufferReader reader(writer.written_span());
        const Result<Frame> frame = decode_frame(reader);
        REQUIRE(frame.ok());
        CHECK(*frame == Frame{StreamFrame{9, offset, kData, fin, explicit_length}});
        CHECK(reader.empty());
      }
    }
  }
}

TEST_CASE("STREAM header refuses to start a frame whose data would not fit", "[encoder][stream]") {
  const size_t frame_size = stream_frame_header_size(4, 100, sizeof(kData), true) + sizeof(kData);
  std::vector<uint8_t> packet(frame_size - 1, 0xee);
  BufferWriter writer(packet);
  CHECK_FALSE(write_stream_frame_header(writer, 4, 100, sizeof(kData), false, true));
  CHECK(writer.written() == 0);
  CHECK(packet == std::vector<uint8_t>(frame_size - 1, 0xee));
  CHECK_FALSE(write_stream_frame_header(writer, 4, kMaxVarint, 1, false, true));
  std::vector<uint8_t> exact(frame_size);
  BufferWriter exact_writer(exact);
  CHECK(write_stream_frame_header(exact_writer, 4, 100, sizeof(kData), false, true));
}

// Checks that `capacity` is the largest data length whose frame fits in `room`.
template <typename HeaderSize>
void check_capacity_is_maximal(size_t room, size_t capacity, const HeaderSize& header_size) {
  CAPTURE(room, capacity);
  if (capacity > 0) {
    const size_t header = header_size(capacity);
    REQUIRE(header > 0);
    CHECK(header + capacity <= room);
  }
  const size_t bigger = header_size(capacity + 1);
  CHECK((bigger == 0 || bigger + capacity + 1 > room));
}

TEST_CASE("STREAM capacity is the most data that fits, length field included",
          "[encoder][stream]") {
  for (uint64_t stream_id : {uint64_t{0}, uint64_t{100}, kMaxVarint}) {
    for (uint64_t offset : {uint64_t{0}, uint64_t{5000}, uint64_t{1} << 40}) {
      for (bool explicit_length : {false, true}) {
        // Every room up to past the 2-byte/4-byte length boundaries.
        for (size_t room = 0; room < 16500; room += (room < 200 ? 1 : 7)) {
          const size_t capacity =
              stream_frame_data_capacity(stream_id, offset, room, explicit_length);
          check_capacity_is_maximal(room, capacity, [&](size_t n) {
            return stream_frame_header_size(stream_id, offset, n, explicit_length);
          });
          if (!explicit_length && capacity > 0) {
            CHECK(stream_frame_header_size(stream_id, offset, capacity, false) + capacity == room);
          }
        }
      }
    }
  }
  // At 66 bytes of room with a 2-byte header before the length: 63 data bytes and a 1-byte
  // length (66 total would need 64 bytes, whose length takes 2).
  CHECK(stream_frame_data_capacity(0, 0, 66, true) == 63);
  CHECK(stream_frame_data_capacity(0, 0, 68, true) == 64);
  // Near the end of the stream space the limit is 2^62-1, not the room.
  CHECK(stream_frame_data_capacity(0, kMaxVarint - 10, 1200, true) == 10);
  CHECK(stream_frame_data_capacity(0, kMaxVarint, 1200, true) == 0);
}

TEST_CASE("CRYPTO header, capacity and data round trip", "[encoder][crypto]") {
  CHECK(crypto_frame_header_size(0, 0) == 3);
  CHECK(crypto_frame_header_size(64, 64) == 5);
  CHECK(crypto_frame_header_size(kMaxVarint, 1) == 0);
  for (uint64_t offset : {uint64_t{0}, uint64_t{70000}}) {
    for (size_t room = 0; room < 17000; room += (room < 200 ? 1 : 5)) {
      const size_t capacity = crypto_frame_data_capacity(offset, room);
      check_capacity_is_maximal(room, capacity,
                                [&](size_t n) { return crypto_frame_header_size(offset, n); });
    }
  }
  std::array<uint8_t, 32> packet{};
  BufferWriter writer(packet);
  REQUIRE(write_crypto_frame_header(writer, 70000, sizeof(kData)));
  REQUIRE(writer.write_bytes(kData));
  BufferReader reader(writer.written_span());
  CHECK(*decode_frame(reader) == Frame{CryptoFrame{70000, kData}});
  std::array<uint8_t, 8> small{};
  BufferWriter small_writer(small);
  CHECK_FALSE(write_crypto_frame_header(small_writer, 0, sizeof(kData)));
  CHECK(small_writer.written() == 0);
}

TEST_CASE("DATAGRAM header, capacity and data round trip", "[encoder][datagram]") {
  CHECK(datagram_frame_header_size(0, false) == 1);
  CHECK(datagram_frame_header_size(63, true) == 2);
  CHECK(datagram_frame_header_size(64, true) == 3);
  for (bool explicit_length : {false, true}) {
    for (size_t room = 0; room < 17000; room += (room < 200 ? 1 : 5)) {
      const size_t capacity = datagram_frame_data_capacity(room, explicit_length);
      check_capacity_is_maximal(
          room, capacity, [&](size_t n) { return datagram_frame_header_size(n, explicit_length); });
    }
    std::array<uint8_t, 32> packet{};
    BufferWriter writer(packet);
    REQUIRE(write_datagram_frame_header(writer, sizeof(kData), explicit_length));
    REQUIRE(writer.write_bytes(kData));
    BufferReader reader(writer.written_span());
    CHECK(*decode_frame(reader) == Frame{DatagramFrame{kData, explicit_length}});
  }
  std::array<uint8_t, 4> small{};
  BufferWriter small_writer(small);
  CHECK_FALSE(write_datagram_frame_header(small_writer, sizeof(kData), true));
  CHECK(small_writer.written() == 0);
}

TEST_CASE("a frame that does not fit writes nothing", "[encoder]") {
  NewConnectionIdFrame new_cid;
  new_cid.sequence_number = 1;
  new_cid.connection_id = ConnectionId::of(kData);
  const Frame frames[] = {PaddingFrame{10},
                          PingFrame{},
                          ResetStreamFrame{1, 2, 3},
                          CryptoFrame{5, kData},
                          StreamFrame{4, 1, kData, true, true},
                          MaxStreamsFrame{false, 1000},
                          new_cid,
                          ConnectionCloseFrame{false, 1, 2, kData},
                          DatagramFrame{kData, false},
                          AckFrequencyFrame{1, 2, 3, 4}};
  for (const Frame& frame : frames) {
    const size_t size = encoded_size(frame);
    REQUIRE(size > 0);
    CAPTURE(size);
    for (size_t room = 0; room < size; ++room) {
      std::vector<uint8_t> out(room + 4, 0xee);
      BufferWriter writer{std::span(out).first(room)};
      CHECK_FALSE(encode_frame(writer, frame));
      CHECK(writer.written() == 0);
      CHECK(out == std::vector<uint8_t>(room + 4, 0xee));
    }
    std::vector<uint8_t> exact(size);
    BufferWriter writer(exact);
    CHECK(encode_frame(writer, frame));
    CHECK(writer.remaining() == 0);
  }
}

TEST_CASE("frames the decoder would reject cannot be encoded", "[encoder]") {
  NewConnectionIdFrame empty_id;  // RFC 9000 §19.15: length 0 is invalid
  NewConnectionIdFrame retire_too_high;
  retire_too_high.connection_id = ConnectionId::of(kData);
  retire_too_high.sequence_number = 1;
  retire_too_high.retire_prior_to = 2;
  const Frame invalid[] = {
      PaddingFrame{0},
      NewTokenFrame{},
      MaxStreamsFrame{true, MaxStreamsFrame::kMaxValue + 1},
      StreamsBlockedFrame{false, MaxStreamsFrame::kMaxValue + 1},
      empty_id,
      retire_too_high,
      StreamFrame{0, kMaxVarint, kData, false, true},
      CryptoFrame{kMaxVarint - 1, kData},
      MaxDataFrame{kMaxVarint + 1},
      ResetStreamFrame{kMaxVarint + 1, 0, 0},
      ConnectionCloseFrame{false, 0, kMaxVarint + 1, {}},
      AckFrequencyFrame{0, 0, AckFrequencyFrame::kRequestedMaxAckDelayLimitUs, 0},
  };
  for (const Frame& frame : invalid) {
    CAPTURE(frame.index());
    CHECK(encoded_size(frame) == 0);
    std::array<uint8_t, 128> out{};
    BufferWriter writer(out);
    CHECK_FALSE(encode_frame(writer, frame));
    CHECK(writer.written() == 0);
  }
}

TEST_CASE("frame_type_of reports the wire type of each frame", "[encoder]") {
  CHECK(frame_type_of(PaddingFrame{}) == FrameType::kPadding);
  CHECK(frame_type_of(StreamFrame{0, 0, {}, false, false}) == FrameType::kStream);
  CHECK(frame_type_of(StreamFrame{0, 5, {}, true, true}) == FrameType::kStreamOffLenFin);
  CHECK(frame_type_of(MaxStreamsFrame{false, 1}) == FrameType::kMaxStreamsUni);
  CHECK(frame_type_of(StreamsBlockedFrame{true, 1}) == FrameType::kStreamsBlockedBidi);
  CHECK(frame_type_of(ConnectionCloseFrame{true, 0, 0, {}}) ==
        FrameType::kConnectionCloseApplication);
  CHECK(frame_type_of(DatagramFrame{{}, false}) == FrameType::kDatagram);
  CHECK(frame_type_of(AckFrame{}) == FrameType::kAck);
  CHECK(frame_type_of(AckFrame{0, 0, 0, 0, {}, EcnCounts{}}) == FrameType::kAckEcn);
  CHECK(std::string(frame_type_name(FrameType::kStreamOffFin)) == "STREAM");
  CHECK(std::string(frame_type_name(FrameType::kAckFrequency)) == "ACK_FREQUENCY");
  CHECK(std::string(frame_type_name(static_cast<FrameType>(0x21))) == "UNKNOWN");
}

}  // namespace
}  // namespace quasar
