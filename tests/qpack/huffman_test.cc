// The Huffman code (RFC 7541 Appendix B) with the Huffman-coded strings of RFC 7541 C.4 and
// C.6, and the decoding errors of RFC 7541 §5.2.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "qpack/huffman.h"
#include "qpack/huffman_code.h"
#include "tests/qpack/qpack_test_util.h"

namespace quasar::qpack {
namespace {

using test::from_hex;
using test::to_hex;

struct Vector {
  const char* text;
  const char* huffman;
};

// Every Huffman-coded string literal of RFC 7541 C.4 (requests) and C.6 (responses).
constexpr Vector kRfc7541Vectors[] = {
    {"www.example.com", "f1e3c2e5f23a6ba0ab90f4ff"},
    {"no-cache", "a8eb10649cbf"},
    {"custom-key", "25a849e95ba97d7f"},
    {"custom-value", "25a849e95bb8e8b4bf"},
    {"302", "6402"},
    {"private", "aec3771a4b"},
    {"Mon, 21 Oct 2013 20:13:21 GMT", "d07abe941054d444a8200595040b8166e082a62d1bff"},
    {"https://www.example.com", "9d29ad171863c78f0b97c8e9ae82ae43d3"},
    {"307", "640eff"},
    {"Mon, 21 Oct 2013 20:13:22 GMT", "d07abe941054d444a8200595040b8166e084a62d1bff"},
    {"gzip", "9bd9ab"},
    {"foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
     "94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d50"
     "07"},
};

std::optional<std::string> decode(const std::vector<uint8_t>& bytes) {
  std::string out;
  if (!huffman_decode(bytes, out)) return std::nullopt;
  return out;
}

TEST_CASE("RFC 7541 C.4 and C.6 Huffman strings encode and decode", "[qpack][huffman]") {
  for (const Vector& v : kRfc7541Vectors) {
    INFO(v.text);
    std::vector<uint8_t> encoded;
    append_huffman(encoded, v.text);
    CHECK(to_hex(encoded) == v.huffman);
    CHECK(huffman_encoded_length(v.text) == encoded.size());
    CHECK(decode(from_hex(v.huffman)) == std::optional<std::string>(v.text));
  }
}

TEST_CASE("RFC 7541 Appendix B: the code is canonical and '/' is 011000", "[qpack][huffman]") {
  // The example the RFC gives for symbol 47.
  CHECK(kHuffmanCodes['/'].code == 0x18);
  CHECK(kHuffmanCodes['/'].length == 6);
  CHECK(kHuffmanCodes[kHuffmanEos].code == 0x3fffffff);
  CHECK(kHuffmanCodes[kHuffmanEos].length == 30);
  // Kraft equality: a complete prefix code.
  double kraft = 0;
  for (const HuffmanCode& c : kHuffmanCodes) kraft += 1.0 / static_cast<double>(1ull << c.length);
  CHECK(kraft == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("every octet round-trips alone and in sequence", "[qpack][huffman]") {
  std::string all;
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    std::vector<uint8_t> encoded;
    append_huffman(encoded, one);
    CHECK(decode(encoded) == std::optional<std::string>(one));
    all += one;
  }
  std::vector<uint8_t> encoded;
  append_huffman(encoded, all);
  CHECK(decode(encoded) == std::optional<std::string>(all));
}

TEST_CASE("random strings round-trip", "[qpack][huffman]") {
  std::mt19937 rng(7541);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 64, '\0');
    // Mostly header-like characters, sometimes any octet (long codes).
    for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 32 + rng() % 95);
    std::vector<uint8_t> encoded;
    append_huffman(encoded, s);
    REQUIRE(encoded.size() == huffman_encoded_length(s));
    REQUIRE(decode(encoded) == std::optional<std::string>(s));
  }
}

TEST_CASE("RFC 7541 §5.2: invalid padding and EOS are decoding errors", "[qpack][huffman]") {
  // 'a' is 00011; padded with 111 it is valid.
  CHECK(decode(from_hex("1f")) == std::optional<std::string>("a"));
  // Padding that is not the most significant bits of EOS (zeros).
  CHECK(!decode(from_hex("18")));
  // Padding longer than 7 bits: 'a', then 11 ones.
  CHECK(!decode(from_hex("1fff")));
  // A whole octet of padding alone.
  CHECK(!decode(from_hex("ff")));
  // EOS itself (30 ones) followed by 2 bits of padding.
  CHECK(!decode(from_hex("ffffffff")));
  // EOS after a symbol: 'a' (00011), EOS (30 ones), 5 bits of padding.
  CHECK(!decode(from_hex("1fffffffff")));
  // The empty string is the empty encoding.
  CHECK(decode({}) == std::optional<std::string>(""));
}

// Bits of Huffman codes, most significant first, padded with ones.
std::vector<uint8_t> code_bits(std::initializer_list<int> symbols) {
  std::vector<uint8_t> out;
  uint64_t acc = 0;
  int pending = 0;
  for (int symbol : symbols) {
    acc = (acc << kHuffmanCodes[symbol].length) | kHuffmanCodes[symbol].code;
    pending += kHuffmanCodes[symbol].length;
    while (pending >= 8) {
      pending -= 8;
      out.push_back(static_cast<uint8_t>(acc >> pending));
    }
  }
  if (pending > 0) out.push_back(static_cast<uint8_t>((acc << (8 - pending)) | (0xff >> pending)));
  return out;
}

TEST_CASE("EOS is refused anywhere in long input", "[qpack][huffman]") {
  // Long enough that EOS falls in the word-at-a-time part of the decoder, then near the end.
  CHECK(!decode(code_bits({'a', 'b', 'c', kHuffmanEos, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i',
                           'j', 'k', 'l', 'm'})));
  CHECK(!decode(code_bits(
      {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', kHuffmanEos, 'a'})));
  CHECK(decode(code_bits({'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
                          'p', 'q', 'r'})) == std::optional<std::string>("abcdefghijklmnopqr"));
}

TEST_CASE("the decoder never writes past huffman_max_decoded_length", "[qpack][huffman]") {
  // All 5-bit codes: the densest input decodes to 8/5 of its length.
  const std::string zeros(80, '0');  // '0' is 00000
  std::vector<uint8_t> encoded;
  append_huffman(encoded, zeros);
  CHECK(encoded.size() == 50);
  std::vector<char> out(huffman_max_decoded_length(encoded.size()));
  const auto length = huffman_decode(encoded, out.data());
  REQUIRE(length);
  CHECK(*length == 80);
  CHECK(out.size() == 80);
}

}  // namespace
}  // namespace quasar::qpack
