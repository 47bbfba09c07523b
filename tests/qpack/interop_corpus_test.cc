// Every encoding in the offline-interop corpus (six implementations, every setting, and the
// specification's examples) decodes to exactly the header lists of its QIF.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/qpack/qpack_test_util.h"
#include "tools/qpack/offline_codec.h"

namespace quasar::qpack {
namespace {

using offline::HeaderList;

// "fb-req.out.4096.100.1" -> qif "fb-req", T 4096, B 100.
struct EncodedName {
  std::string qif;
  uint64_t table_capacity = 0;
  uint64_t blocked_streams = 0;
};

EncodedName parse_encoded_name(const std::string& file_name) {
  const size_t out = file_name.find(".out.");
  REQUIRE(out != std::string::npos);
  EncodedName name;
  name.qif = file_name.substr(0, out);
  const std::string settings = file_name.substr(out + 5);
  const size_t dot = settings.find('.');
  name.table_capacity = std::stoull(settings.substr(0, dot));
  name.blocked_streams = std::stoull(settings.substr(dot + 1, settings.find('.', dot + 1)));
  return name;
}

const std::vector<HeaderList>& qif_lists(const std::string& qif) {
  static std::map<std::string, std::vector<HeaderList>> cache;
  auto it = cache.find(qif);
  if (it == cache.end()) {
    const std::string text = test::read_file(test::interop_dir() / "qifs" / (qif + ".qif"));
    REQUIRE(!text.empty());
    it = cache.emplace(qif, offline::parse_qif(text)).first;
  }
  return it->second;
}

std::vector<offline::DecodedSection> decode_file(const std::filesystem::path& path,
                                                 uint64_t table_capacity,
                                                 uint64_t blocked_streams) {
  const std::string bytes = test::read_file(path);
  REQUIRE(!bytes.empty());
  std::string error;
  const auto blocks = offline::parse_interop_file(
      std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), error);
  INFO(error);
  REQUIRE(blocks);
  const auto sections =
      offline::decode_offline(*blocks, {table_capacity, blocked_streams, false}, error);
  INFO(error);
  REQUIRE(sections);
  return *sections;
}

// Decodes every file of one implementation and returns how many there were.
size_t check_implementation(const std::string& implementation) {
  const auto dir = test::interop_dir() / "encoded/qpack-05" / implementation;
  REQUIRE(std::filesystem::is_directory(dir));
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string file_name = entry.path().filename().string();
    INFO(implementation << "/" << file_name);
    const EncodedName name = parse_encoded_name(file_name);
    const std::vector<HeaderList>& expected = qif_lists(name.qif);
    const auto sections = decode_file(entry.path(), name.table_capacity, name.blocked_streams);
    // Stream N carries the N-th header list.
    REQUIRE(sections.size() == expected.size());
    for (size_t i = 0; i < sections.size(); ++i) {
      INFO("stream " << sections[i].stream_id);
      REQUIRE(sections[i].stream_id == i + 1);
      REQUIRE(sections[i].fields == expected[i]);
    }
    ++files;
  }
  return files;
}

TEST_CASE("qpack-05 corpus: f5", "[qpack][interop]") { CHECK(check_implementation("f5") == 72); }
TEST_CASE("qpack-05 corpus: ls-qpack", "[qpack][interop]") {
  CHECK(check_implementation("ls-qpack") == 96);
}
TEST_CASE("qpack-05 corpus: nghttp3", "[qpack][interop]") {
  CHECK(check_implementation("nghttp3") == 96);
}
TEST_CASE("qpack-05 corpus: proxygen", "[qpack][interop]") {
  CHECK(check_implementation("proxygen") == 72);
}
TEST_CASE("qpack-05 corpus: qthingey", "[qpack][interop]") {
  CHECK(check_implementation("qthingey") == 96);
}
TEST_CASE("qpack-05 corpus: quinn", "[qpack][interop]") {
  CHECK(check_implementation("quinn") == 96);
}

TEST_CASE("qpack-05 corpus: the specification's examples", "[qpack][interop]") {
  // RFC 9204 Appendix B on streams 4, 8 and 12.
  const auto examples = decode_file(
      test::interop_dir() / "encoded/qpack-05/examples/examples.out.220.100.1", 220, 100);
  const std::vector<offline::DecodedSection> expected = {
      {4, {{":path", "/index.html"}}},
      {8, {{":authority", "www.example.com"}, {":path", "/sample/path"}}},
      {12, {{":authority", "www.example.com"}, {":path", "/"}, {"custom-key", "custom-value"}}}};
  REQUIRE(examples.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    CHECK(examples[i].stream_id == expected[i].stream_id);
    CHECK(examples[i].fields == expected[i].fields);
  }

  // draft-examples.out is draft-examples.qif, whose lists are on streams 4, 8 and 12.
  const auto draft =
      decode_file(test::interop_dir() / "encoded/qpack-05/draft-examples.out", 220, 100);
  const std::vector<HeaderList>& lists = qif_lists("draft-examples");
  REQUIRE(draft.size() == lists.size());
  for (size_t i = 0; i < lists.size(); ++i) {
    CHECK(draft[i].stream_id == 4 * (i + 1));
    CHECK(draft[i].fields == lists[i]);
  }
}

}  // namespace
}  // namespace quasar::qpack
