// qlog: JSON building and the JSON-SEQ file format.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "quic/qlog/json_builder.h"
#include "quic/qlog/qlog_file_writer.h"

namespace quasar {
namespace {

TEST_CASE("JsonBuilder writes nested objects with commas and escapes", "[qlog]") {
  std::string out;
  JsonBuilder json(out);
  json.begin_object()
      .member("a", uint64_t{1})
      .member("s", "q\"uo\\te\n\x01")
      .key("list")
      .begin_array()
      .value(int64_t{-2})
      .value(true)
      .begin_object()
      .member("x", 1.5)
      .end_object()
      .end_array()
      .key("raw")
      .hex(std::vector<uint8_t>{0xde, 0xad})
      .end_object();
  CHECK(out == R"({"a":1,"s":"q\"uo\\te\n\u0001","list":[-2,true,{"x":1.500}],"raw":"dead"})");
}

TEST_CASE("QlogFileWriter writes a JSON-SEQ header and relative times", "[qlog]") {
  const auto path = std::filesystem::temp_directory_path() / "quasar_qlog_test.sqlog";
  std::string error;
  {
    auto writer = QlogFileWriter::open(path.string(), "client", "abcd", &error);
    REQUIRE(writer);
    writer->emit(Instant::from_nanos(5'000'000), "quic:packet_sent", R"({"n":1})");
    writer->emit(Instant::from_nanos(7'500'000), "quic:packet_received", R"({"n":2})");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::string> records;
  std::string current;
  for (char c : text) {
    if (c == '\x1e') {
      if (!current.empty()) records.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  records.push_back(current);
  REQUIRE(records.size() == 3);
  CHECK(records[0].find(R"("qlog_format":"JSON-SEQ")") != std::string::npos);
  CHECK(records[0].find(R"("type":"client")") != std::string::npos);
  CHECK(records[1] == "{\"time\":0.000,\"name\":\"quic:packet_sent\",\"data\":{\"n\":1}}\n");
  CHECK(records[2] == "{\"time\":2.500,\"name\":\"quic:packet_received\",\"data\":{\"n\":2}}\n");
  std::filesystem::remove(path);
}

TEST_CASE("QlogFileWriter reports an unwritable path", "[qlog]") {
  std::string error;
  auto writer = QlogFileWriter::open("/nonexistent-dir/x.sqlog", "server", "", &error);
  CHECK_FALSE(writer);
  CHECK(error.find("cannot open") != std::string::npos);
}

}  // namespace
}  // namespace quasar
