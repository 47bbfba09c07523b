// String literals (RFC 7541 §5.2, C.2-C.4; RFC 9204 §4.1.2 N-bit prefixes).
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "qpack/string_literal.h"
#include "tests/qpack/qpack_test_util.h"

namespace quasar::qpack {
namespace {

using test::from_hex;
using test::to_hex;

std::string encode(std::string_view s, HuffmanMode mode, uint8_t pattern = 0, int prefix_bits = 8) {
  std::vector<uint8_t> out;
  const StringEncoding encoding = choose_string_encoding(s, mode);
  append_string_literal(out, pattern, prefix_bits, s, encoding);
  CHECK(out.size() == string_literal_size(prefix_bits, encoding));
  return to_hex(out);
}

std::optional<std::string> decode(const std::string& hex, int prefix_bits = 8) {
  const auto bytes = from_hex(hex);
  ByteReader in(bytes);
  EncodedString s;
  if (read_string_literal(in, prefix_bits, 1 << 20, s) != ParseStatus::kOk) return std::nullopt;
  CHECK(in.empty());
  std::string scratch;
  std::string_view text;
  if (!decode_string(s, scratch, text)) return std::nullopt;
  return std::string(text);
}

TEST_CASE("RFC 7541 C.2-C.4 string literals, raw and Huffman", "[qpack][string]") {
  // C.2.1, C.2.2, C.2.3, C.3.1: raw literals.
  CHECK(decode("0a637573746f6d2d6b6579") == "custom-key");
  CHECK(decode("0d637573746f6d2d686561646572") == "custom-header");
  CHECK(decode("0c2f73616d706c652f70617468") == "/sample/path");
  CHECK(decode("0870617373776f7264") == "password");
  CHECK(decode("06736563726574") == "secret");
  CHECK(decode("0f7777772e6578616d706c652e636f6d") == "www.example.com");
  // C.4.1, C.4.2, C.4.3: Huffman literals.
  CHECK(decode("8cf1e3c2e5f23a6ba0ab90f4ff") == "www.example.com");
  CHECK(decode("86a8eb10649cbf") == "no-cache");
  CHECK(decode("8825a849e95ba97d7f") == "custom-key");
  CHECK(decode("8925a849e95bb8e8b4bf") == "custom-value");
}

TEST_CASE("Huffman only when shorter", "[qpack][string]") {
  CHECK(encode("www.example.com", HuffmanMode::kWhenShorter) == "8cf1e3c2e5f23a6ba0ab90f4ff");
  CHECK(encode("www.example.com", HuffmanMode::kNever) == "0f7777772e6578616d706c652e636f6d");
  CHECK(encode("custom-key", HuffmanMode::kWhenShorter) == "8825a849e95ba97d7f");
  // Characters with long codes grow under Huffman: raw is kept.
  CHECK(encode("{}~", HuffmanMode::kWhenShorter) == "037b7d7e");
  // A tie keeps raw octets ("12" is 5+5 bits, 2 octets either way).
  CHECK(choose_string_encoding("12", HuffmanMode::kWhenShorter).huffman == false);
  CHECK(encode("", HuffmanMode::kWhenShorter) == "00");
}

TEST_CASE("N-bit prefix strings keep the bits before the H flag", "[qpack][string]") {
  // RFC 9204 §4.1.2: a 4-bit prefix string is H then a 3-bit length.
  CHECK(encode("abc", HuffmanMode::kNever, 0x20, 4) == "23616263");
  CHECK(decode("23616263", 4) == "abc");
  // 6-bit prefix (Insert with Literal Name): lengths of 31 and more continue.
  const std::string long_name(40, 'x');
  const std::string hex = encode(long_name, HuffmanMode::kNever, 0x40, 6);
  CHECK(hex.substr(0, 4) == "5f09");  // 31 + 9
  CHECK(decode(hex, 6) == long_name);
}

TEST_CASE("string literal length limits and partial input", "[qpack][string]") {
  const auto bytes = from_hex("0a637573746f6d2d6b6579");
  EncodedString s;
  {
    ByteReader in(bytes);
    CHECK(read_string_literal(in, 8, 9, s) == ParseStatus::kInvalid);  // 10 > 9
  }
  {
    ByteReader in(std::span(bytes.data(), 4));
    size_t end = 0;
    CHECK(read_string_literal(in, 8, 100, s, &end) == ParseStatus::kIncomplete);
    CHECK(end == 11);  // the string's data ends after the 1-byte length and 10 bytes
  }
  {
    ByteReader in(std::span(bytes.data(), 0));
    CHECK(read_string_literal(in, 8, 100, s) == ParseStatus::kIncomplete);
  }
}

TEST_CASE("min_decoded_length bounds Huffman output from below", "[qpack][string]") {
  std::vector<uint8_t> bytes(30, 0xff);
  EncodedString s{bytes, true};
  CHECK(min_decoded_length(s) == 8);  // 240 bits, at most 30 per symbol, 7 of padding
  s.huffman = false;
  CHECK(min_decoded_length(s) == 30);
}

}  // namespace
}  // namespace quasar::qpack
