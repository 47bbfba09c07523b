// RFC 9204 Appendix B: the encoding and decoding examples, byte for byte, with the encoder's
// and the decoder's dynamic table state after each step.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "qpack/decoder.h"
#include "qpack/encoder.h"
#include "tests/qpack/qpack_test_util.h"
#include "tools/qpack/interop_file.h"

namespace quasar::qpack {
namespace {

using test::CollectingSink;
using test::DecodedLine;
using test::from_hex;
using test::to_hex;

struct ExpectedEntry {
  uint64_t absolute_index;
  std::string name;
  std::string value;
};

void check_table(const DynamicTable& table, const std::vector<ExpectedEntry>& expected,
                 uint64_t size) {
  CHECK(table.size() == size);
  REQUIRE(table.entry_count() == expected.size());
  for (const ExpectedEntry& e : expected) {
    REQUIRE(table.contains(e.absolute_index));
    CHECK(table.entry(e.absolute_index).name == e.name);
    CHECK(table.entry(e.absolute_index).value == e.value);
  }
}

// The encoder and decoder of the examples: maximum capacity 220, Huffman off (the examples
// use raw strings), every field line indexed, and no capacity until B.2 sets it.
struct ExamplePeers {
  static EncoderConfig encoder_config() {
    EncoderConfig config;
    config.max_table_capacity = 220;
    config.max_blocked_streams = 100;
    config.table_capacity = 0;
    config.huffman = HuffmanMode::kNever;
    config.insertion = InsertionMode::kAlways;
    return config;
  }
  Encoder encoder{encoder_config()};
  Decoder decoder{DecoderConfig{220, 100, 64 * 1024}};

  std::string take_encoder_stream() {
    std::vector<uint8_t> bytes;
    encoder.flush_encoder_stream(bytes);
    return to_hex(bytes);
  }
  std::string take_decoder_stream() {
    std::vector<uint8_t> bytes;
    decoder.flush_decoder_stream(bytes);
    return to_hex(bytes);
  }
};

TEST_CASE("RFC 9204 B.1-B.5 encoder output and table state", "[qpack][rfc9204]") {
  ExamplePeers p;
  CollectingSink sink;
  std::vector<uint8_t> section;

  // B.1 Literal Field Line with Name Reference.
  const FieldLine b1[] = {{":path", "/index.html"}};
  p.encoder.encode_section(0, b1, section);
  CHECK(to_hex(section) == "0000510b2f696e6465782e68746d6c");
  CHECK(p.take_encoder_stream().empty());
  REQUIRE(p.decoder.decode_section(0, section, sink).value() == SectionState::kDecoded);
  CHECK(sink.lines == std::vector<DecodedLine>{{":path", "/index.html", false}});
  CHECK(p.take_decoder_stream().empty());
  check_table(p.encoder.table().table(), {}, 0);

  // B.2 Dynamic Table.
  REQUIRE(p.encoder.set_capacity(220));
  const FieldLine b2[] = {{":authority", "www.example.com"}, {":path", "/sample/path"}};
  section.clear();
  p.encoder.encode_section(4, b2, section);
  const std::string b2_encoder_stream = p.take_encoder_stream();
  CHECK(b2_encoder_stream ==
        "3fbd01"
        "c00f7777772e6578616d706c652e636f6d"
        "c10c2f73616d706c652f70617468");
  CHECK(to_hex(section) == "03811011");
  check_table(p.encoder.table().table(),
              {{0, ":authority", "www.example.com"}, {1, ":path", "/sample/path"}}, 106);
  CHECK(p.encoder.table().reference_count(0) == 1);
  CHECK(p.encoder.table().reference_count(1) == 1);
  CHECK(p.encoder.known_received_count() == 0);

  REQUIRE(p.decoder.on_encoder_stream_data(from_hex(b2_encoder_stream)).ok());
  sink.lines.clear();
  REQUIRE(p.decoder.decode_section(4, section, sink).value() == SectionState::kDecoded);
  CHECK(sink.lines == std::vector<DecodedLine>{{":authority", "www.example.com", false},
                                               {":path", "/sample/path", false}});
  check_table(p.decoder.table(),
              {{0, ":authority", "www.example.com"}, {1, ":path", "/sample/path"}}, 106);
  const std::string b2_decoder_stream = p.take_decoder_stream();
  CHECK(b2_decoder_stream == "84");  // Section Acknowledgment (stream=4)
  REQUIRE(p.encoder.on_decoder_stream_data(from_hex(b2_decoder_stream)).ok());
  CHECK(p.encoder.known_received_count() == 2);
  CHECK(p.encoder.table().reference_count(0) == 0);
  CHECK(p.encoder.table().reference_count(1) == 0);

  // B.3 Speculative Insert.
  REQUIRE(p.encoder.insert("custom-key", "custom-value") == std::optional<uint64_t>(2));
  const std::string b3_encoder_stream = p.take_encoder_stream();
  CHECK(b3_encoder_stream == "4a637573746f6d2d6b65790c637573746f6d2d76616c7565");
  REQUIRE(p.decoder.on_encoder_stream_data(from_hex(b3_encoder_stream)).ok());
  check_table(p.decoder.table(),
              {{0, ":authority", "www.example.com"},
               {1, ":path", "/sample/path"},
               {2, "custom-key", "custom-value"}},
              160);
  const std::string b3_decoder_stream = p.take_decoder_stream();
  CHECK(b3_decoder_stream == "01");  // Insert Count Increment (1)
  CHECK(p.encoder.known_received_count() == 2);
  REQUIRE(p.encoder.on_decoder_stream_data(from_hex(b3_decoder_stream)).ok());
  CHECK(p.encoder.known_received_count() == 3);

  // B.4 Duplicate Instruction, Stream Cancellation.
  REQUIRE(p.encoder.duplicate(0) == std::optional<uint64_t>(3));
  const std::string b4_encoder_stream = p.take_encoder_stream();
  CHECK(b4_encoder_stream == "02");
  const FieldLine b4[] = {
      {":authority", "www.example.com"}, {":path", "/"}, {"custom-key", "custom-value"}};
  section.clear();
  p.encoder.encode_section(8, b4, section);
  CHECK(p.take_encoder_stream().empty());
  CHECK(to_hex(section) == "050080c181");
  check_table(p.encoder.table().table(),
              {{0, ":authority", "www.example.com"},
               {1, ":path", "/sample/path"},
               {2, "custom-key", "custom-value"},
               {3, ":authority", "www.example.com"}},
              217);
  CHECK(p.encoder.table().reference_count(2) == 1);
  CHECK(p.encoder.table().reference_count(3) == 1);
  CHECK(p.encoder.known_received_count() == 3);

  // The encoder stream data is delayed: the section blocks, then the stream is cancelled.
  sink.lines.clear();
  REQUIRE(p.decoder.decode_section(8, section, sink).value() == SectionState::kBlocked);
  CHECK(p.decoder.blocked_stream_count() == 1);
  p.decoder.cancel_stream(8);
  CHECK(p.decoder.blocked_stream_count() == 0);
  std::vector<uint8_t> cancellation;
  p.decoder.flush_decoder_stream(cancellation);
  CHECK(to_hex(cancellation) == "48");  // Stream Cancellation (Stream=8)
  REQUIRE(p.encoder.on_decoder_stream_data(cancellation).ok());
  CHECK(p.encoder.table().reference_count(2) == 0);
  CHECK(p.encoder.table().reference_count(3) == 0);
  CHECK(p.encoder.known_received_count() == 3);
  REQUIRE(p.decoder.on_encoder_stream_data(from_hex(b4_encoder_stream)).ok());
  CHECK(!p.decoder.next_unblocked_stream());
  CHECK(sink.lines.empty());

  // B.5 Dynamic Table Insert, Eviction.
  REQUIRE(p.encoder.insert("custom-key", "custom-value2") == std::optional<uint64_t>(4));
  const std::string b5_encoder_stream = p.take_encoder_stream();
  CHECK(b5_encoder_stream == "810d637573746f6d2d76616c756532");
  const std::vector<ExpectedEntry> after_b5 = {{1, ":path", "/sample/path"},
                                               {2, "custom-key", "custom-value"},
                                               {3, ":authority", "www.example.com"},
                                               {4, "custom-key", "custom-value2"}};
  check_table(p.encoder.table().table(), after_b5, 215);
  REQUIRE(p.decoder.on_encoder_stream_data(from_hex(b5_encoder_stream)).ok());
  check_table(p.decoder.table(), after_b5, 215);
}

// The corpus's examples file is the same exchange, with the sections on streams 4, 8 and 12.
TEST_CASE("RFC 9204 Appendix B reproduces examples.out.220.100.1", "[qpack][rfc9204]") {
  ExamplePeers p;
  std::vector<uint8_t> file;
  std::vector<uint8_t> section;
  std::vector<uint8_t> stream;
  const auto emit_encoder_stream = [&] {
    stream.clear();
    p.encoder.flush_encoder_stream(stream);
    if (!stream.empty()) offline::append_interop_block(file, 0, stream);
  };
  const FieldLine b1[] = {{":path", "/index.html"}};
  p.encoder.encode_section(4, b1, section);
  offline::append_interop_block(file, 4, section);

  REQUIRE(p.encoder.set_capacity(220));
  const FieldLine b2[] = {{":authority", "www.example.com"}, {":path", "/sample/path"}};
  section.clear();
  p.encoder.encode_section(8, b2, section);
  emit_encoder_stream();
  offline::append_interop_block(file, 8, section);
  REQUIRE(p.encoder.on_decoder_stream_data(from_hex("88")).ok());

  REQUIRE(p.encoder.insert("custom-key", "custom-value"));
  emit_encoder_stream();
  REQUIRE(p.encoder.on_decoder_stream_data(from_hex("01")).ok());
  REQUIRE(p.encoder.duplicate(0));
  emit_encoder_stream();
  const FieldLine b4[] = {
      {":authority", "www.example.com"}, {":path", "/"}, {"custom-key", "custom-value"}};
  section.clear();
  p.encoder.encode_section(12, b4, section);
  offline::append_interop_block(file, 12, section);
  REQUIRE(p.encoder.on_decoder_stream_data(from_hex("4c")).ok());
  REQUIRE(p.encoder.insert("custom-key", "custom-value2"));
  emit_encoder_stream();

  const std::string expected =
      test::read_file(test::interop_dir() / "encoded/qpack-05/examples/examples.out.220.100.1");
  REQUIRE(!expected.empty());
  CHECK(to_hex(file) == to_hex(std::vector<uint8_t>(expected.begin(), expected.end())));
}

}  // namespace
}  // namespace quasar::qpack
