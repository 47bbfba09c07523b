// Decoder (RFC 9204 §2.2): blocked sections, cancellation, acknowledgements, and every
// decoding error of RFC 9204 §2.2.3, §3, §4 and §7 triggered by crafted input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "qpack/decoder.h"
#include "tests/qpack/qpack_test_util.h"

namespace quasar::qpack {
namespace {

using test::CollectingSink;
using test::DecodedLine;
using test::from_hex;
using test::to_hex;

// Capacity 220 (MaxEntries 6), 2 blocked streams; entries 0 (:authority www.example.com)
// and 1 (:path /sample/path) from RFC 9204 B.2.
Decoder make_decoder(uint64_t blocked = 2, uint64_t max_section = 1024) {
  Decoder decoder({220, blocked, max_section});
  REQUIRE(decoder
              .on_encoder_stream_data(from_hex("3fbd01"
                                               "c00f7777772e6578616d706c652e636f6d"
                                               "c10c2f73616d706c652f70617468"))
              .ok());
  return decoder;
}

QpackError section_error(Decoder& decoder, const std::string& hex, uint64_t stream = 4) {
  CollectingSink sink;
  const auto result = decoder.decode_section(stream, from_hex(hex), sink);
  REQUIRE(!result.ok());
  CHECK(result.error().code == QpackErrorCode::kDecompressionFailed);
  return result.error();
}

QpackError encoder_stream_error(Decoder& decoder, const std::string& hex) {
  const Status status = decoder.on_encoder_stream_data(from_hex(hex));
  REQUIRE(!status.ok());
  CHECK(status.error().code == QpackErrorCode::kEncoderStreamError);
  return status.error();
}

TEST_CASE("decoding with relative and post-base indices", "[qpack][decoder]") {
  Decoder decoder = make_decoder();
  CollectingSink sink;
  // RIC 2, Base 2: relative 0 is entry 1, relative 1 is entry 0; then a literal with the
  // dynamic name of entry 0 (relative 1), N bit set.
  REQUIRE(decoder
              .decode_section(4,
                              from_hex("0300"
                                       "80"
                                       "81"
                                       "6103616263"),
                              sink)
              .ok());
  CHECK(sink.lines == std::vector<DecodedLine>{{":path", "/sample/path", false},
                                               {":authority", "www.example.com", false},
                                               {":authority", "abc", true}});
  // RIC 2, Base 0: post-base 0 and 1; literal with post-base name reference 1, N bit set.
  sink.lines.clear();
  REQUIRE(decoder
              .decode_section(8,
                              from_hex("0381"
                                       "10"
                                       "11"
                                       "0901"
                                       "78"),
                              sink)
              .ok());
  CHECK(sink.lines == std::vector<DecodedLine>{{":authority", "www.example.com", false},
                                               {":path", "/sample/path", false},
                                               {":path", "x", true}});
  // Literal with literal name, N bit set, Huffman name "custom-key".
  sink.lines.clear();
  REQUIRE(decoder
              .decode_section(12,
                              from_hex("0000"
                                       "3f01"
                                       "25a849e95ba97d7f"
                                       "0176"),
                              sink)
              .ok());
  CHECK(sink.lines == std::vector<DecodedLine>{{"custom-key", "v", true}});
  std::vector<uint8_t> stream;
  decoder.flush_decoder_stream(stream);
  CHECK(to_hex(stream) ==
        "84"
        "88");  // sections with RIC 0 are not acknowledged
}

TEST_CASE("blocked sections resume when the encoder stream catches up", "[qpack][decoder]") {
  Decoder decoder = make_decoder();
  CollectingSink sink4;
  CollectingSink sink8;
  // Stream 4 needs entry 2, stream 8 entry 3: RIC 3 and 4 (encoded 4 and 5), Base = RIC.
  REQUIRE(decoder
              .decode_section(4,
                              from_hex("0400"
                                       "80"),
                              sink4)
              .value() == SectionState::kBlocked);
  REQUIRE(decoder
              .decode_section(8,
                              from_hex("0500"
                                       "80"
                                       "c1"),
                              sink8)
              .value() == SectionState::kBlocked);
  CHECK(decoder.blocked_stream_count() == 2);
  CHECK(!decoder.next_unblocked_stream());
  // A third stream would exceed SETTINGS_QPACK_BLOCKED_STREAMS = 2 (RFC 9204 §2.1.2).
  CHECK(std::string(section_error(decoder,
                                  "0500"
                                  "80",
                                  12)
                        .reason)
            .find("blocked") != std::string::npos);

  // Entry 2 arrives split across two calls.
  const auto insert2 = from_hex("4a637573746f6d2d6b65790c637573746f6d2d76616c7565");
  REQUIRE(decoder.on_encoder_stream_data(std::span(insert2).first(5)).ok());
  CHECK(!decoder.next_unblocked_stream());
  REQUIRE(decoder.on_encoder_stream_data(std::span(insert2).subspan(5)).ok());
  REQUIRE(decoder.next_unblocked_stream() == std::optional<uint64_t>(4));
  REQUIRE(decoder.decode_next_unblocked(sink4).ok());
  CHECK(sink4.lines == std::vector<DecodedLine>{{"custom-key", "custom-value", false}});
  CHECK(!decoder.next_unblocked_stream());
  CHECK(decoder.blocked_stream_count() == 1);

  REQUIRE(decoder.on_encoder_stream_data(from_hex("01")).ok());  // Duplicate entry 1 -> 3
  REQUIRE(decoder.next_unblocked_stream() == std::optional<uint64_t>(8));
  REQUIRE(decoder.decode_next_unblocked(sink8).ok());
  CHECK(sink8.lines ==
        std::vector<DecodedLine>{{":path", "/sample/path", false}, {":path", "/", false}});
  CHECK(decoder.blocked_stream_count() == 0);
  std::vector<uint8_t> stream;
  decoder.flush_decoder_stream(stream);
  CHECK(to_hex(stream) ==
        "84"
        "88");  // both acknowledged; they cover every insertion
}

TEST_CASE("later sections of a stream wait behind its blocked one", "[qpack][decoder]") {
  Decoder decoder = make_decoder(1);
  CollectingSink first;
  CollectingSink second;
  REQUIRE(decoder
              .decode_section(4,
                              from_hex("0400"
                                       "80"),
                              first)
              .value() == SectionState::kBlocked);
  // Decodable on its own, but must not overtake the blocked section of the same stream; it
  // does not count as another blocked stream.
  REQUIRE(decoder
              .decode_section(4,
                              from_hex("0000"
                                       "d1"),
                              second)
              .value() == SectionState::kBlocked);
  CHECK(decoder.blocked_stream_count() == 1);
  REQUIRE(decoder.on_encoder_stream_data(from_hex("c1017a")).ok());  // :path z -> entry 2
  REQUIRE(decoder.next_unblocked_stream() == std::optional<uint64_t>(4));
  REQUIRE(decoder.decode_next_unblocked(first).ok());
  REQUIRE(decoder.next_unblocked_stream() == std::optional<uint64_t>(4));
  REQUIRE(decoder.decode_next_unblocked(second).ok());
  CHECK(first.lines == std::vector<DecodedLine>{{":path", "z", false}});
  CHECK(second.lines == std::vector<DecodedLine>{{":method", "GET", false}});
}

TEST_CASE("stream cancellation releases held sections", "[qpack][decoder]") {
  Decoder decoder = make_decoder(1);
  CollectingSink sink;
  REQUIRE(decoder
              .decode_section(4,
                              from_hex("0400"
                                       "80"),
                              sink)
              .value() == SectionState::kBlocked);
  decoder.cancel_stream(4);
  CHECK(decoder.blocked_stream_count() == 0);
  // The slot is free again.
  REQUIRE(decoder
              .decode_section(8,
                              from_hex("0400"
                                       "80"),
                              sink)
              .value() == SectionState::kBlocked);
  std::vector<uint8_t> stream;
  decoder.flush_decoder_stream(stream);
  CHECK(to_hex(stream) ==
        "44"
        "02");  // Stream Cancellation 4, Insert Count Increment 2
  // A decoder without a dynamic table may omit Stream Cancellation (RFC 9204 §4.4.2).
  Decoder no_table({0, 0, 1024});
  no_table.cancel_stream(4);
  stream.clear();
  no_table.flush_decoder_stream(stream);
  CHECK(stream.empty());
}

TEST_CASE("QPACK_DECOMPRESSION_FAILED for every invalid field section", "[qpack][errors]") {
  Decoder decoder = make_decoder();
  // RFC 9204 §4.5.1.1: Encoded Required Insert Count above 2 * MaxEntries (12).
  section_error(decoder, "0d00");
  // ...or one that decodes to zero: with 2 inserts, MaxValue 8, 0 + 9 - 1 = 8... use 10 ->
  // 9 > 8 and 9 <= 12.
  section_error(decoder, "0a00");
  // §4.5.1.2: Sign 1 with Delta Base >= Required Insert Count (negative Base).
  section_error(decoder, "0382");
  // §2.2.3: a relative reference at or above the Required Insert Count (RIC 1, Base 2).
  section_error(decoder,
                "0201"
                "80");
  // §2.2.3: a post-base reference at or above the Required Insert Count (RIC 2, Base 0).
  section_error(decoder,
                "0381"
                "12");
  // §3.2.5: a relative index at or below Base zero (RIC 2, Base 2, relative 2).
  section_error(decoder,
                "0300"
                "82");
  // §2.2.1: a Required Insert Count larger than the references need (RIC 2, uses entry 0).
  section_error(decoder,
                "0300"
                "81");
  // ... or with no dynamic reference at all.
  section_error(decoder,
                "0300"
                "d1");
  // §3.1: an invalid static index (99).
  section_error(decoder,
                "0000"
                "ff24");
  section_error(decoder,
                "0000"
                "5f54"
                "00");  // in a literal with name reference
  // Truncated prefix, truncated representation, truncated string.
  section_error(decoder, "00");
  section_error(decoder,
                "0000"
                "5f");
  section_error(decoder,
                "0000"
                "5104"
                "6162");
  // Integer beyond 62 bits in a representation.
  section_error(decoder,
                "0000"
                "ff"
                "ffffffffffffffffff7f");
  // Invalid Huffman in a value (padding of zeros) and in a name (EOS).
  section_error(decoder,
                "0000"
                "5181"
                "18");
  section_error(decoder,
                "0000"
                "2c"
                "ffffffff"
                "00");

  // §2.2.3: a reference to an evicted entry. Entries of 57 and 49 bytes fill 106 of 220;
  // inserting 3 entries of 54 bytes evicts entry 0 and entry 1.
  REQUIRE(decoder
              .on_encoder_stream_data(from_hex("4a637573746f6d2d6b65790c637573746f6d2d7661"
                                               "6c7565"
                                               "00"
                                               "00"))
              .ok());
  REQUIRE(!decoder.table().contains(0));
  // RIC 5 (encoded 6), Base 5: relative 4 is entry 0.
  section_error(decoder,
                "0600"
                "84"
                "80");
}

TEST_CASE("a decoder without a dynamic table refuses any dynamic reference", "[qpack][errors]") {
  Decoder decoder({0, 0, 1024});
  section_error(decoder,
                "0200"
                "80");
  CollectingSink sink;
  REQUIRE(decoder
              .decode_section(0,
                              from_hex("0000"
                                       "d1"),
                              sink)
              .ok());
}

TEST_CASE("field section size limit (RFC 9114 §4.2.2 sizes)", "[qpack][errors]") {
  Decoder decoder = make_decoder(1, 100);
  CollectingSink sink;
  // :authority www.example.com is 57; twice is 114 > 100 (RIC 1, Base 1, relative 0).
  REQUIRE(decoder
              .decode_section(0,
                              from_hex("0200"
                                       "80"),
                              sink)
              .ok());
  section_error(decoder,
                "0200"
                "80"
                "80");
  // A blocked section (RIC 3) of more than 100 bytes is not held.
  std::string blocked =
      "0400"
      "80";
  for (int i = 0; i < 100; ++i) blocked += "c1";
  section_error(decoder, blocked);
  CHECK(decoder.blocked_stream_count() == 0);
  // Held sections together stay within one field section size per blocked stream: a second
  // 58-byte section queued behind a blocked one on the same stream would pass 100.
  std::string held =
      "0400"
      "80";
  for (int i = 0; i < 57; ++i) held += "c1";
  REQUIRE(decoder.decode_section(4, from_hex(held), sink).value() == SectionState::kBlocked);
  section_error(decoder, held, 4);
  // A string longer than the limit is refused before it is decoded.
  section_error(decoder,
                "0000"
                "5f0a"
                "7f"
                "65" +
                    std::string(2 * 140, '6'));
}

TEST_CASE("QPACK_ENCODER_STREAM_ERROR for every invalid instruction", "[qpack][errors]") {
  {
    // §4.3.1: capacity above SETTINGS_QPACK_MAX_TABLE_CAPACITY.
    Decoder decoder({220, 0, 1024});
    encoder_stream_error(decoder, "3fbe01");  // 221
  }
  {
    // §3.2.3: no capacity yet: any insertion is larger than the table.
    Decoder decoder({220, 0, 1024});
    encoder_stream_error(decoder, "c00161");
  }
  {
    // §3.2.2: an entry larger than the capacity.
    Decoder decoder({220, 0, 1024});
    REQUIRE(decoder.on_encoder_stream_data(from_hex("3f21")).ok());  // capacity 64
    encoder_stream_error(decoder,
                         "c0"
                         "20" +
                             std::string(64, '6'));  // 10 + 32 + 32 > 64
  }
  {
    // §3.1: invalid static index in Insert with Name Reference (99).
    Decoder decoder({220, 0, 1024});
    REQUIRE(decoder.on_encoder_stream_data(from_hex("3fbd01")).ok());
    encoder_stream_error(decoder,
                         "ff2401"
                         "61");
  }
  {
    // §3.2.5 / §2.2.3: dynamic name reference to an entry never inserted, then evicted.
    Decoder decoder({220, 0, 1024});
    REQUIRE(decoder.on_encoder_stream_data(from_hex("3fbd01")).ok());
    encoder_stream_error(decoder, "800161");
    Decoder evicted({220, 0, 1024});
    REQUIRE(evicted
                .on_encoder_stream_data(from_hex("3f21"
                                                 "c00161"
                                                 "c00162"))
                .ok());  // 2nd evicts 1st
    encoder_stream_error(evicted, "810163");
  }
  {
    // §4.3.4: Duplicate of a missing entry, and of an evicted one.
    Decoder decoder({220, 0, 1024});
    REQUIRE(decoder.on_encoder_stream_data(from_hex("3fbd01")).ok());
    encoder_stream_error(decoder, "00");
    Decoder evicted({220, 0, 1024});
    REQUIRE(evicted
                .on_encoder_stream_data(from_hex("3f21"
                                                 "c00161"
                                                 "c00162"))
                .ok());
    encoder_stream_error(evicted, "01");
  }
  {
    // Invalid Huffman value, integer too large, string longer than the table could hold.
    Decoder decoder({220, 0, 1024});
    REQUIRE(decoder.on_encoder_stream_data(from_hex("3fbd01")).ok());
    encoder_stream_error(decoder, "c08118");
    Decoder overflow({220, 0, 1024});
    encoder_stream_error(overflow, "3fffffffffffffffffff7f");
    Decoder huge({220, 0, 1024});
    REQUIRE(huge.on_encoder_stream_data(from_hex("3fbd01")).ok());
    encoder_stream_error(huge,
                         "5f"
                         "ffffff0f");  // a name of 2^28 bytes: refused at once
  }
}

TEST_CASE("hostile encoder streams cannot make the decoder buffer much", "[qpack][errors]") {
  Decoder decoder({4096, 0, 1024});
  REQUIRE(decoder.on_encoder_stream_data(from_hex("3fe11f")).ok());  // 4096
  // An insert announcing a value just short of what the table can hold waits for its bytes;
  // one longer is refused before its bytes arrive.
  REQUIRE(decoder
              .on_encoder_stream_data(from_hex("c0"
                                               "7f"
                                               "ff1e"))
              .ok());  // 127 + 3967
  REQUIRE(decoder.on_encoder_stream_data(std::vector<uint8_t>(1000, 'a')).ok());
  Decoder refused({4096, 0, 1024});
  REQUIRE(refused.on_encoder_stream_data(from_hex("3fe11f")).ok());
  encoder_stream_error(refused,
                       "c0"
                       "7f"
                       "ff7f");  // 127 + 16383: more than 4096 * 30 / 8
}

}  // namespace
}  // namespace quasar::qpack
