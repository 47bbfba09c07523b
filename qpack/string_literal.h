// String literals (RFC 7541 §5.2 and the N-bit prefix form of RFC 9204 §4.1.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qpack/byte_reader.h"

namespace quasar::qpack {

// Whether the encoder may Huffman-encode string literals.
enum class HuffmanMode : uint8_t {
  kWhenShorter,  // Huffman exactly when it is shorter than the raw octets
  kNever,        // raw octets only
};

// How one string will be written: its encoded length and whether that is Huffman.
struct StringEncoding {
  size_t encoded_length = 0;
  bool huffman = false;
};

// Picks the shorter of Huffman and raw (raw on a tie: it is cheaper to decode).
StringEncoding choose_string_encoding(std::string_view s, HuffmanMode mode);

// Bytes an N-bit prefix string literal takes: the H bit and (N-1)-bit length, then data.
size_t string_literal_size(int prefix_bits, const StringEncoding& encoding);

// Appends `s` as an N-bit prefix string literal; `pattern` holds the bits of the first
// byte above the prefix.
void append_string_literal(std::vector<uint8_t>& out, uint8_t pattern, int prefix_bits,
                           std::string_view s, const StringEncoding& encoding);

// A string literal as received: its encoded bytes, viewed in the input.
struct EncodedString {
  std::span<const uint8_t> bytes;
  bool huffman = false;
};

// Reads an N-bit prefix string literal (2 <= prefix_bits <= 8). kInvalid if the length
// field is malformed or the encoded length exceeds `max_length`. On kIncomplete after the
// length was read, `*end_position` (if given) is set to the reader position where the string
// data will end, so a caller can wait for that many bytes.
ParseStatus read_string_literal(ByteReader& in, int prefix_bits, size_t max_length,
                                EncodedString& out, size_t* end_position = nullptr);

// Decoded length bounds, for checking limits before decoding.
size_t min_decoded_length(const EncodedString& s);

// The text of `s`: raw strings are viewed in place, Huffman strings are decoded into
// `scratch` (replacing its contents). False on invalid Huffman data.
bool decode_string(const EncodedString& s, std::string& scratch, std::string_view& out);

}  // namespace quasar::qpack
