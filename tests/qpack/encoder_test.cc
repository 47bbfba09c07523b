// Encoder (RFC 9204 §2.1): safe references, the blocked-streams budget, eviction rules,
// duplicates, Huffman and never-indexed literals, and decoder stream handling.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "qpack/decoder.h"
#include "qpack/decoder_instruction.h"
#include "qpack/encoder.h"
#include "tests/qpack/qpack_test_util.h"

namespace quasar::qpack {
namespace {

using test::CollectingSink;
using test::DecodedLine;
using test::from_hex;
using test::to_hex;

EncoderConfig always(uint64_t capacity, uint64_t blocked) {
  EncoderConfig config;
  config.max_table_capacity = capacity;
  config.max_blocked_streams = blocked;
  config.insertion = InsertionMode::kAlways;
  return config;
}

std::vector<uint8_t> encode(Encoder& encoder, uint64_t stream, std::vector<FieldLine> fields) {
  std::vector<uint8_t> section;
  encoder.encode_section(stream, fields, section);
  return section;
}

std::vector<uint8_t> encoder_stream(Encoder& encoder) {
  std::vector<uint8_t> out;
  encoder.flush_encoder_stream(out);
  return out;
}

QpackError decoder_stream_error(Encoder& encoder, const std::string& hex) {
  const Status status = encoder.on_decoder_stream_data(from_hex(hex));
  REQUIRE(!status.ok());
  CHECK(status.error().code == QpackErrorCode::kDecoderStreamError);
  return status.error();
}

TEST_CASE("without a dynamic table nothing goes to the encoder stream", "[qpack][encoder]") {
  Encoder encoder(always(0, 100));
  // RFC 9204 §3.2.3: with a maximum capacity of zero, no encoder instructions at all.
  const auto section = encode(encoder, 0, {{"x-custom", "v"}, {":method", "GET"}});
  CHECK(encoder_stream(encoder).empty());
  CHECK(section[0] == 0);
  CHECK((section[2] & 0xe0) == 0x20);  // literal with literal name
  CHECK(section.back() == 0xd1);       // static :method GET
  Decoder decoder({0, 0, 4096});
  CollectingSink sink;
  REQUIRE(decoder.decode_section(0, section, sink).ok());
  CHECK(sink.lines ==
        std::vector<DecodedLine>{{"x-custom", "v", false}, {":method", "GET", false}});
  CHECK(!encoder.insert("a", "b"));
  CHECK(encoder.set_capacity(0));
  CHECK(!encoder.set_capacity(32));
  CHECK(encoder_stream(encoder).empty());
}

TEST_CASE("Huffman only where it is shorter", "[qpack][encoder]") {
  Encoder encoder(always(0, 0));
  // RFC 7541 C.4.1: www.example.com is 12 octets in Huffman, 15 raw.
  CHECK(to_hex(encode(encoder, 0, {{":authority", "www.example.com"}})) ==
        "0000"
        "50"
        "8cf1e3c2e5f23a6ba0ab90f4ff");
  // Long codes: "{}~" would take 6 octets in Huffman.
  CHECK(to_hex(encode(encoder, 0, {{":authority", "{}~"}})) ==
        "0000"
        "50"
        "037b7d7e");
}

TEST_CASE("never-indexed field lines stay literal, with the N bit", "[qpack][encoder]") {
  Encoder encoder(always(4096, 100));
  // Even a static exact match (:method GET) and kAlways insertion give a literal with N set.
  const auto section =
      encode(encoder, 0, {{":method", "GET", true}, {"authorization", "secret", true}});
  CHECK(encoder_stream(encoder).empty());
  CHECK(encoder.table().table().entry_count() == 0);
  Decoder decoder({4096, 100, 4096});
  CollectingSink sink;
  REQUIRE(decoder.decode_section(0, section, sink).ok());
  CHECK(sink.lines ==
        std::vector<DecodedLine>{{":method", "GET", true}, {"authorization", "secret", true}});
  // The N bit of §4.5.4 (0x20) with the static name reference T bit.
  CHECK((section[2] & 0xf0) == 0x70);
}

TEST_CASE("unacknowledged entries are referenced only within the blocked-streams budget",
          "[qpack][encoder]") {
  Encoder encoder(always(4096, 1));
  // Stream 0 may block: it inserts and references.
  const auto first = encode(encoder, 0, {{"x-a", "1"}});
  CHECK(first[0] != 0);
  CHECK(encoder.blocking_stream_count() == 1);
  // Stream 4 may not: the entry is not acknowledged, so a literal, and no new insertion of
  // the same line.
  const auto second = encode(encoder, 4, {{"x-a", "1"}});
  CHECK(second[0] == 0);
  // Stream 0 again may (it is already counted).
  CHECK(encode(encoder, 0, {{"x-a", "1"}})[0] != 0);
  // Once the decoder acknowledges stream 0's sections the entry is usable everywhere.
  REQUIRE(encoder
              .on_decoder_stream_data(from_hex("80"
                                               "80"))
              .ok());
  CHECK(encoder.known_received_count() == 1);
  CHECK(encoder.blocking_stream_count() == 0);
  CHECK(encode(encoder, 8, {{"x-a", "1"}})[0] != 0);
  CHECK(encoder.blocking_stream_count() == 0);  // references only acknowledged entries
}

TEST_CASE("with no blocked streams the decoder never blocks", "[qpack][encoder]") {
  Encoder encoder(always(4096, 0));
  Decoder decoder({4096, 0, 4096});
  std::vector<uint8_t> instructions;
  // Sections arrive before the encoder stream: the decoder has no blocked stream to spare.
  for (int i = 0; i < 5; ++i) {
    CollectingSink sink;
    const auto section = encode(encoder, i, {{"x-a", "1"}, {"x-b", std::to_string(i)}});
    REQUIRE(decoder.decode_section(i, section, sink).value() == SectionState::kDecoded);
    CHECK(sink.lines.size() == 2);
    const auto stream = encoder_stream(encoder);
    REQUIRE(decoder.on_encoder_stream_data(stream).ok());
    std::vector<uint8_t> acks;
    decoder.flush_decoder_stream(acks);
    REQUIRE(encoder.on_decoder_stream_data(acks).ok());
  }
  CHECK(encoder.stats().dynamic_indexed > 0);  // acknowledged entries did get used
}

TEST_CASE("entries with outstanding references are never evicted", "[qpack][encoder]") {
  // Capacity 100 fits two 36-byte entries, not three.
  Encoder encoder(always(100, 10));
  encode(encoder, 0, {{"x-a", "1"}});  // entry 0, referenced by stream 0, unacknowledged
  CHECK(encoder.insert("x-b", "2"));   // entry 1
  // A third entry would need entry 0 evicted: it is neither acknowledged nor unreferenced.
  CHECK(!encoder.insert("x-c", "3"));
  CHECK(encoder.stats().blocked_inserts == 1);
  // Acknowledged but still referenced by a second unacknowledged section: still pinned.
  encode(encoder, 4, {{"x-a", "1"}});
  REQUIRE(encoder
              .on_decoder_stream_data(from_hex("80"
                                               "01"))
              .ok());  // ack 0, increment 1
  CHECK(encoder.table().reference_count(0) == 1);
  CHECK(!encoder.insert("x-c", "3"));
  // Cancelling stream 4 releases the last reference; now it may go.
  REQUIRE(encoder.on_decoder_stream_data(from_hex("44")).ok());
  CHECK(encoder.table().reference_count(0) == 0);
  CHECK(encoder.insert("x-c", "3") == std::optional<uint64_t>(2));
  CHECK(!encoder.table().table().contains(0));
}

TEST_CASE("entries about to be evicted are duplicated rather than pinned", "[qpack][encoder]") {
  // RFC 9204 §2.1.1.1: with 4 entries of 36 bytes in 160, the oldest is draining.
  EncoderConfig config = always(160, 10);
  config.draining_fraction = 64;  // keep 40 bytes reclaimable
  Encoder encoder(config);
  REQUIRE(encoder.insert("x-a", "1"));
  REQUIRE(encoder.insert("x-b", "2"));
  REQUIRE(encoder.insert("x-c", "3"));
  REQUIRE(encoder.insert("x-d", "4"));
  REQUIRE(encoder.on_decoder_stream_data(from_hex("04")).ok());
  encoder_stream(encoder);
  const auto section = encode(encoder, 0, {{"x-a", "1"}, {"x-d", "4"}});
  // A Duplicate of entry 0 (relative index 3) went out; the section references the copy.
  CHECK(to_hex(encoder_stream(encoder)) == "03");
  CHECK(encoder.table().table().insert_count() == 5);
  CHECK(encoder.table().reference_count(4) == 1);
  CHECK(encoder.table().reference_count(0) == 0);
  CHECK(encoder.stats().duplicates == 1);
  Decoder decoder({160, 10, 4096});
  REQUIRE(decoder
              .on_encoder_stream_data(from_hex("3f8101"  // capacity 160
                                               "43782d610131"
                                               "43782d620132"
                                               "43782d630133"
                                               "43782d640134"
                                               "03"))
              .ok());
  CollectingSink sink;
  REQUIRE(decoder.decode_section(0, section, sink).ok());
  CHECK(sink.lines == std::vector<DecodedLine>{{"x-a", "1", false}, {"x-d", "4", false}});
}

TEST_CASE("Known Received Count follows acknowledgements and increments", "[qpack][encoder]") {
  Encoder encoder(always(4096, 10));
  encode(encoder, 4, {{"x-a", "1"}, {"x-b", "2"}});  // RIC 2
  encode(encoder, 8, {{"x-c", "3"}});                // RIC 3
  REQUIRE(encoder.insert("x-d", "4"));               // entry 3
  CHECK(encoder.known_received_count() == 0);
  REQUIRE(encoder.on_decoder_stream_data(from_hex("88")).ok());  // stream 8: KRC = 3
  CHECK(encoder.known_received_count() == 3);
  // RFC 9204 §4.4.1: an acknowledgement never lowers it (stream 4: RIC 2).
  REQUIRE(encoder.on_decoder_stream_data(from_hex("84")).ok());
  CHECK(encoder.known_received_count() == 3);
  REQUIRE(encoder.on_decoder_stream_data(from_hex("01")).ok());
  CHECK(encoder.known_received_count() == 4);
}

TEST_CASE("QPACK_DECODER_STREAM_ERROR for every invalid decoder instruction", "[qpack][errors]") {
  {
    // RFC 9204 §4.4.1: acknowledgement of a section never sent.
    Encoder encoder(always(4096, 10));
    decoder_stream_error(encoder, "84");
  }
  {
    // ... or of a stream whose sections are all acknowledged already.
    Encoder encoder(always(4096, 10));
    encode(encoder, 4, {{"x-a", "1"}});
    REQUIRE(encoder.on_decoder_stream_data(from_hex("84")).ok());
    decoder_stream_error(encoder, "84");
  }
  {
    // Sections without dynamic references are not acknowledged either.
    Encoder encoder(always(0, 0));
    encode(encoder, 4, {{":method", "GET"}});
    decoder_stream_error(encoder, "84");
  }
  {
    // RFC 9204 §4.4.3: an increment of zero, and one beyond what was inserted.
    Encoder encoder(always(4096, 10));
    decoder_stream_error(encoder, "00");
    Encoder beyond(always(4096, 10));
    REQUIRE(beyond.insert("x-a", "1"));
    decoder_stream_error(beyond, "02");
    Encoder after_ack(always(4096, 10));
    encode(after_ack, 4, {{"x-a", "1"}});
    REQUIRE(after_ack.on_decoder_stream_data(from_hex("84")).ok());  // KRC 1 of 1
    decoder_stream_error(after_ack, "01");
  }
  {
    // An integer beyond 62 bits.
    Encoder encoder(always(4096, 10));
    decoder_stream_error(encoder, "ffffffffffffffffffff7f");
  }
  {
    // Stream Cancellation for a stream with nothing outstanding is not an error.
    Encoder encoder(always(4096, 10));
    REQUIRE(encoder.on_decoder_stream_data(from_hex("48")).ok());
  }
}

TEST_CASE("set_capacity refuses what the peer or pinned entries forbid", "[qpack][encoder]") {
  EncoderConfig config = always(200, 10);
  config.table_capacity = 0;
  Encoder encoder(config);
  CHECK(!encoder.set_capacity(201));  // RFC 9204 §3.2.3: above the peer's maximum
  REQUIRE(encoder.set_capacity(100));
  encode(encoder, 0, {{"x-a", "1"}});  // pinned, unacknowledged
  CHECK(!encoder.set_capacity(0));     // would evict a pinned entry (RFC 9204 §4.3.1)
  REQUIRE(encoder.on_decoder_stream_data(from_hex("80")).ok());
  CHECK(encoder.set_capacity(0));
  CHECK(to_hex(encoder_stream(encoder)) ==
        "3f45"
        "43782d610131"
        "20");
}

TEST_CASE("a never-acknowledging peer cannot make the encoder track sections without bound",
          "[qpack][encoder]") {
  EncoderConfig config = always(4096, 5000);
  Encoder encoder(config);
  for (uint64_t stream = 0; stream < 4200; ++stream) {
    encode(encoder, stream * 4, {{"x-a", "1"}});
  }
  // Past 4096 outstanding sections the encoder stops referencing the table.
  CHECK(encoder.blocking_stream_count() == 4096);
  CHECK(encode(encoder, 99999, {{"x-a", "1"}})[0] == 0);
}

}  // namespace
}  // namespace quasar::qpack
