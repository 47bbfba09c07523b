// Round trip of every QIF of the corpus through our encoder and decoder, at table sizes 0,
// 256, 512 and 4096 and 0 or 100 blocked streams, with and without acknowledgements, with
// the encoder stream delivered with its section or several sections late (so the decoder
// blocks), checking the decoder never exceeds its blocked-streams limit.
#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <vector>

#include "qpack/decoder.h"
#include "qpack/encoder.h"
#include "tests/qpack/qpack_test_util.h"
#include "tools/qpack/offline_codec.h"

namespace quasar::qpack {
namespace {

using offline::HeaderList;

std::vector<HeaderList> load(const std::string& qif) {
  const std::string text = test::read_file(test::interop_dir() / "qifs" / (qif + ".qif"));
  REQUIRE(!text.empty());
  return offline::parse_qif(text);
}

class ListSink : public FieldLineSink {
 public:
  void on_field_line(std::string_view name, std::string_view value, bool) override {
    list.push_back({std::string(name), std::string(value)});
  }
  HeaderList list;
};

struct Scenario {
  uint64_t capacity;
  uint64_t blocked;
  bool acknowledge;  // decoder stream fed back after every section
  size_t lag;        // sections the encoder stream arrives late by
};

// Returns the encoded size (sections and encoder stream).
uint64_t round_trip(const std::vector<HeaderList>& lists, const Scenario& s) {
  EncoderConfig config;
  config.max_table_capacity = s.capacity;
  config.max_blocked_streams = s.blocked;
  config.decoder_feedback = s.acknowledge;
  Encoder encoder(config);
  Decoder decoder({s.capacity, s.blocked, 1 << 20});
  std::vector<ListSink> sinks(lists.size());
  std::vector<bool> done(lists.size(), false);
  std::deque<std::vector<uint8_t>> in_flight;
  uint64_t encoded = 0;
  const auto deliver_oldest = [&] {
    REQUIRE(decoder.on_encoder_stream_data(in_flight.front()).ok());
    in_flight.pop_front();
    while (const auto stream = decoder.next_unblocked_stream()) {
      REQUIRE(decoder.decode_next_unblocked(sinks[*stream]).ok());
      done[*stream] = true;
    }
  };
  std::vector<FieldLine> fields;
  for (size_t i = 0; i < lists.size(); ++i) {
    fields.clear();
    for (const auto& h : lists[i]) fields.push_back({h.name, h.value});
    std::vector<uint8_t> section;
    encoder.encode_section(i, fields, section);
    in_flight.emplace_back();
    encoder.flush_encoder_stream(in_flight.back());
    encoded += section.size() + in_flight.back().size();
    while (in_flight.size() > s.lag) deliver_oldest();
    // The decoder enforces SETTINGS_QPACK_BLOCKED_STREAMS: an encoder exceeding it fails here.
    const auto state = decoder.decode_section(i, section, sinks[i]);
    INFO("section " << i);
    REQUIRE(state.ok());
    if (*state == SectionState::kDecoded) done[i] = true;
    CHECK(decoder.blocked_stream_count() <= s.blocked);
    if (s.acknowledge) {
      std::vector<uint8_t> decoder_stream;
      decoder.flush_decoder_stream(decoder_stream);
      REQUIRE(encoder.on_decoder_stream_data(decoder_stream).ok());
    }
  }
  while (!in_flight.empty()) deliver_oldest();
  for (size_t i = 0; i < lists.size(); ++i) {
    INFO("list " << i);
    REQUIRE(done[i]);
    REQUIRE(sinks[i].list == lists[i]);
  }
  return encoded;
}

void check_all(const std::string& qif) {
  const std::vector<HeaderList> lists = load(qif);
  for (uint64_t capacity : {0u, 256u, 512u, 4096u}) {
    for (uint64_t blocked : {0u, 100u}) {
      for (bool acknowledge : {false, true}) {
        for (size_t lag : {0u, 1u, 4u}) {
          INFO(qif << " T=" << capacity << " B=" << blocked << " ack=" << acknowledge
                   << " lag=" << lag);
          const uint64_t size = round_trip(lists, {capacity, blocked, acknowledge, lag});
          CHECK(size > 0);
        }
      }
    }
  }
}

TEST_CASE("round trip: netbsd", "[qpack][roundtrip]") {
  check_all("netbsd");
  check_all("netbsd-hq");
}
TEST_CASE("round trip: fb-req", "[qpack][roundtrip]") {
  check_all("fb-req");
  check_all("fb-req-hq");
}
TEST_CASE("round trip: fb-resp", "[qpack][roundtrip]") {
  check_all("fb-resp");
  check_all("fb-resp-hq");
}
TEST_CASE("round trip: draft-examples", "[qpack][roundtrip]") { check_all("draft-examples"); }

TEST_CASE("acknowledgements and a larger table pay off", "[qpack][roundtrip]") {
  // Not a fixed number: only that the dynamic table helps as it should on repetitive input.
  const std::vector<HeaderList> lists = load("fb-req");
  const uint64_t static_only = round_trip(lists, {0, 0, true, 0});
  const uint64_t small = round_trip(lists, {512, 100, true, 0});
  const uint64_t large = round_trip(lists, {4096, 100, true, 0});
  const uint64_t unacknowledged = round_trip(lists, {4096, 100, false, 0});
  CHECK(large < small);
  CHECK(small < static_only);
  CHECK(large < unacknowledged);
  CHECK(unacknowledged < static_only);
}

}  // namespace
}  // namespace quasar::qpack
