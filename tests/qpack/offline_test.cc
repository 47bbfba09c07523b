// The offline interop formats: QIF header lists and interop files, and the offline codec's
// error reporting.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/qpack/qpack_test_util.h"
#include "tools/qpack/interop_file.h"
#include "tools/qpack/offline_codec.h"
#include "tools/qpack/qif.h"

namespace quasar::qpack::offline {
namespace {

using test::from_hex;
using test::to_hex;

TEST_CASE("QIF parsing: comments, empty lines, tabs in values", "[qpack][offline]") {
  const auto lists = parse_qif(
      "# stream 4\n"
      ":path\t/index.html\n"
      "\n\n"
      "x-empty\t\n"
      "x-tab\ta\tb\n"
      "no-tab\n");
  REQUIRE(lists.size() == 2);
  CHECK(lists[0] == HeaderList{{":path", "/index.html"}});
  CHECK(lists[1] == HeaderList{{"x-empty", ""}, {"x-tab", "a\tb"}, {"no-tab", ""}});
  CHECK(format_qif(lists) == ":path\t/index.html\n\nx-empty\t\nx-tab\ta\tb\nno-tab\t\n\n");
}

TEST_CASE("QIF of the corpus formats back to the same text", "[qpack][offline]") {
  for (const char* name : {"fb-req", "fb-resp", "netbsd-hq"}) {
    const std::string text =
        test::read_file(test::interop_dir() / "qifs" / (std::string(name) + ".qif"));
    CHECK(format_qif(parse_qif(text)) == text);
  }
}

TEST_CASE("interop file blocks", "[qpack][offline]") {
  std::vector<uint8_t> file;
  append_interop_block(file, 0, from_hex("3fbd01"));
  append_interop_block(file, 0x0102030405060708, from_hex(""));
  CHECK(to_hex(file) ==
        "0000000000000000"
        "00000003"
        "3fbd01"
        "0102030405060708"
        "00000000");
  std::string error;
  const auto blocks = parse_interop_file(file, error);
  REQUIRE(blocks);
  REQUIRE(blocks->size() == 2);
  CHECK((*blocks)[1].stream_id == 0x0102030405060708);
  CHECK((*blocks)[1].data.empty());
  // A truncated block header, then a block announcing more bytes than the file holds.
  CHECK(!parse_interop_file(std::span(file).first(file.size() - 2), error));
  CHECK(error == "block 2 at offset 15: truncated block header");
  std::vector<uint8_t> short_data;
  append_interop_block(short_data, 4, from_hex("0000"));
  short_data.pop_back();
  CHECK(!parse_interop_file(short_data, error));
  CHECK(error == "block 1 (stream 4): 2 bytes announced, 1 present");
}

TEST_CASE("decode_offline names the block and the QPACK error", "[qpack][offline]") {
  std::string error;
  // A reference to a dynamic entry that was never inserted (RIC 1 with nothing inserted,
  // and no blocked streams allowed).
  std::vector<InteropBlock> blocks = {{1, from_hex("0200"
                                                   "80")}};
  CHECK(!decode_offline(blocks, {4096, 0, false}, error));
  CHECK(error ==
        "block 1 (stream 1): QPACK_DECOMPRESSION_FAILED: blocked streams exceed the "
        "advertised limit");
  // A Duplicate of a missing entry on the encoder stream.
  blocks = {{1, from_hex("0000"
                         "d1")},
            {0, from_hex("00")}};
  CHECK(!decode_offline(blocks, {4096, 0, false}, error));
  CHECK(error.find("block 2 (encoder stream): QPACK_ENCODER_STREAM_ERROR") == 0);
  // A section still blocked when the file ends.
  blocks = {{7, from_hex("0200"
                         "80")}};
  CHECK(!decode_offline(blocks, {4096, 1, false}, error));
  CHECK(error.find("block 1 (stream 7): still blocked") == 0);
  // Sections come out sorted by stream.
  blocks = {{9, from_hex("0000"
                         "d1")},
            {3, from_hex("0000"
                         "c1")}};
  const auto sections = decode_offline(blocks, {0, 0, false}, error);
  REQUIRE(sections);
  CHECK((*sections)[0].stream_id == 3);
  CHECK((*sections)[1].fields == HeaderList{{":method", "GET"}});
}

TEST_CASE("encode_offline output decodes with the same settings", "[qpack][offline]") {
  const auto lists = parse_qif(test::read_file(test::interop_dir() / "qifs" / "netbsd.qif"));
  for (const bool ack : {false, true}) {
    const auto file = encode_offline(lists, {256, 100, ack});
    std::string error;
    const auto blocks = parse_interop_file(file, error);
    REQUIRE(blocks);
    // Encoder instructions precede the section that needs them, so even a decoder without
    // blocked streams decodes the file.
    const auto sections = decode_offline(*blocks, {256, 0, false}, error);
    INFO(error);
    REQUIRE(sections);
    REQUIRE(sections->size() == lists.size());
    for (size_t i = 0; i < lists.size(); ++i) CHECK((*sections)[i].fields == lists[i]);
  }
}

}  // namespace
}  // namespace quasar::qpack::offline
