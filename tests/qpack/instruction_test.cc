// Encoder and decoder stream instructions (RFC 9204 §4.3, §4.4): wire forms, and streams
// delivered split at every byte.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "qpack/decoder.h"
#include "qpack/decoder_instruction.h"
#include "qpack/encoder.h"
#include "qpack/encoder_instruction.h"
#include "tests/qpack/qpack_test_util.h"

namespace quasar::qpack {
namespace {

using test::from_hex;
using test::to_hex;

TEST_CASE("encoder instructions: writing and parsing every form", "[qpack][instructions]") {
  std::vector<uint8_t> out;
  write_set_dynamic_table_capacity(out, 220);
  write_insert_with_name_reference(out, true, 0, "www.example.com",
                                   choose_string_encoding("www.example.com", HuffmanMode::kNever));
  write_insert_with_name_reference(out, false, 70, "v", {1, false});
  write_insert_with_literal_name(out, "custom-key", {10, false}, "custom-value", {12, false});
  write_duplicate(out, 2);
  write_duplicate(out, 100);
  CHECK(to_hex(out) ==
        "3fbd01"
        "c00f7777772e6578616d706c652e636f6d"
        "bf0701"
        "76"
        "4a637573746f6d2d6b65790c637573746f6d2d76616c7565"
        "02"
        "1f45");

  ByteReader in(out);
  EncoderInstruction ins;
  size_t needed = 0;
  REQUIRE(parse_encoder_instruction(in, 1000, ins, needed) == ParseStatus::kOk);
  CHECK(ins.type == EncoderInstructionType::kSetDynamicTableCapacity);
  CHECK(ins.index == 220);
  REQUIRE(parse_encoder_instruction(in, 1000, ins, needed) == ParseStatus::kOk);
  CHECK(ins.type == EncoderInstructionType::kInsertWithNameReference);
  CHECK(ins.static_name);
  CHECK(ins.index == 0);
  CHECK(ins.value.bytes.size() == 15);
  REQUIRE(parse_encoder_instruction(in, 1000, ins, needed) == ParseStatus::kOk);
  CHECK(!ins.static_name);
  CHECK(ins.index == 70);
  REQUIRE(parse_encoder_instruction(in, 1000, ins, needed) == ParseStatus::kOk);
  CHECK(ins.type == EncoderInstructionType::kInsertWithLiteralName);
  CHECK(ins.name.bytes.size() == 10);
  CHECK(ins.value.bytes.size() == 12);
  REQUIRE(parse_encoder_instruction(in, 1000, ins, needed) == ParseStatus::kOk);
  CHECK(ins.type == EncoderInstructionType::kDuplicate);
  CHECK(ins.index == 2);
  REQUIRE(parse_encoder_instruction(in, 1000, ins, needed) == ParseStatus::kOk);
  CHECK(ins.index == 100);
  CHECK(in.empty());
}

TEST_CASE("encoder instruction parsing reports what a partial instruction needs",
          "[qpack][instructions]") {
  const auto bytes = from_hex("4a637573746f6d2d6b65790c637573746f6d2d76616c7565");
  EncoderInstruction ins;
  size_t needed = 0;
  ByteReader name_partial(std::span(bytes.data(), 3));
  CHECK(parse_encoder_instruction(name_partial, 100, ins, needed) == ParseStatus::kIncomplete);
  CHECK(needed == 12);  // the 11 name bytes and at least one byte of the value
  ByteReader value_partial(std::span(bytes.data(), 14));
  CHECK(parse_encoder_instruction(value_partial, 100, ins, needed) == ParseStatus::kIncomplete);
  CHECK(needed == bytes.size());
  ByteReader too_long(bytes);
  CHECK(parse_encoder_instruction(too_long, 11, ins, needed) == ParseStatus::kInvalid);
}

TEST_CASE("decoder instructions: writing and parsing every form", "[qpack][instructions]") {
  std::vector<uint8_t> out;
  write_section_acknowledgment(out, 4);
  write_section_acknowledgment(out, 200);
  write_stream_cancellation(out, 8);
  write_insert_count_increment(out, 1);
  write_insert_count_increment(out, 63);
  CHECK(to_hex(out) ==
        "84"
        "ff49"
        "48"
        "01"
        "3f00");
  ByteReader in(out);
  DecoderInstruction ins;
  const std::pair<DecoderInstructionType, uint64_t> expected[] = {
      {DecoderInstructionType::kSectionAcknowledgment, 4},
      {DecoderInstructionType::kSectionAcknowledgment, 200},
      {DecoderInstructionType::kStreamCancellation, 8},
      {DecoderInstructionType::kInsertCountIncrement, 1},
      {DecoderInstructionType::kInsertCountIncrement, 63}};
  for (const auto& [type, value] : expected) {
    REQUIRE(parse_decoder_instruction(in, ins) == ParseStatus::kOk);
    CHECK(ins.type == type);
    CHECK(ins.value == value);
  }
  CHECK(in.empty());
}

// An encoder stream exercising every instruction, with strings long enough to need
// multi-byte lengths.
std::vector<uint8_t> sample_encoder_stream(Encoder& encoder) {
  REQUIRE(encoder.set_capacity(4000));
  REQUIRE(encoder.insert(":authority", "www.example.com"));
  REQUIRE(encoder.insert("x-long-name-" + std::string(40, 'n'), std::string(300, 'v')));
  REQUIRE(encoder.insert("x-long-name-" + std::string(40, 'n'), "other"));  // dynamic name
  REQUIRE(encoder.duplicate(0));
  REQUIRE(encoder.insert("user-agent", "Mozilla/5.0 (X11; Linux x86_64) quasar-test"));
  std::vector<uint8_t> stream;
  encoder.flush_encoder_stream(stream);
  return stream;
}

TEST_CASE("the decoder reassembles encoder stream instructions split anywhere",
          "[qpack][instructions]") {
  EncoderConfig config;
  config.max_table_capacity = 4000;
  Encoder encoder(config);
  const std::vector<uint8_t> stream = sample_encoder_stream(encoder);

  for (size_t chunk = 1; chunk <= 7; ++chunk) {
    Decoder decoder({4000, 0, 1 << 16});
    for (size_t pos = 0; pos < stream.size(); pos += chunk) {
      const size_t n = std::min(chunk, stream.size() - pos);
      REQUIRE(decoder.on_encoder_stream_data(std::span(stream).subspan(pos, n)).ok());
    }
    REQUIRE(decoder.table().insert_count() == 5);
    for (uint64_t i = 0; i < 5; ++i) {
      CHECK(decoder.table().entry(i).name == encoder.table().entry(i).name);
      CHECK(decoder.table().entry(i).value == encoder.table().entry(i).value);
    }
  }
  // Split at every single position into two calls.
  for (size_t split = 0; split <= stream.size(); ++split) {
    Decoder decoder({4000, 0, 1 << 16});
    REQUIRE(decoder.on_encoder_stream_data(std::span(stream).first(split)).ok());
    REQUIRE(decoder.on_encoder_stream_data(std::span(stream).subspan(split)).ok());
    REQUIRE(decoder.table().insert_count() == 5);
    CHECK(decoder.table().entry(1).value == std::string(300, 'v'));
  }
}

TEST_CASE("the encoder reassembles decoder stream instructions split anywhere",
          "[qpack][instructions]") {
  // Section Acknowledgment of a stream ID that needs several bytes, Insert Count
  // Increment and Stream Cancellation.
  for (size_t split = 0; split <= 6; ++split) {
    EncoderConfig config;
    config.max_table_capacity = 4096;
    config.max_blocked_streams = 10;
    config.insertion = InsertionMode::kAlways;
    Encoder encoder(config);
    std::vector<uint8_t> section;
    const FieldLine fields[] = {{"x-a", "1"}, {"x-b", "2"}};
    encoder.encode_section(1000, fields, section);
    encoder.encode_section(8, fields, section);
    CHECK(encoder.blocking_stream_count() == 2);
    std::vector<uint8_t> stream;
    write_section_acknowledgment(stream, 1000);  // 3 bytes
    write_stream_cancellation(stream, 8);
    REQUIRE(stream.size() == 4);
    REQUIRE(encoder.on_decoder_stream_data(std::span(stream).first(std::min(split, stream.size())))
                .ok());
    REQUIRE(
        encoder.on_decoder_stream_data(std::span(stream).subspan(std::min(split, stream.size())))
            .ok());
    CHECK(encoder.known_received_count() == 2);
    CHECK(encoder.blocking_stream_count() == 0);
    CHECK(encoder.table().reference_count(0) == 0);
  }
}

}  // namespace
}  // namespace quasar::qpack
