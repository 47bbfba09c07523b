// Huffman encoding and decoding of string literals (RFC 7541 §5.2, Appendix B).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quasar::qpack {

// Bytes the Huffman encoding of `s` takes, padding included.
size_t huffman_encoded_length(std::string_view s);

// Appends the Huffman encoding of `s`, padded with the most significant bits of EOS.
void append_huffman(std::vector<uint8_t>& out, std::string_view s);

// Upper bound of the decoded length of `encoded_length` Huffman bytes: no code is shorter
// than 5 bits.
constexpr size_t huffman_max_decoded_length(size_t encoded_length) {
  return encoded_length * 8 / 5;
}

// Decodes into `out`, which has room for huffman_max_decoded_length(in.size()) bytes, and
// returns the decoded length. nullopt if the input holds EOS, padding longer than 7 bits, or
// padding that is not a prefix of EOS (RFC 7541 §5.2).
std::optional<size_t> huffman_decode(std::span<const uint8_t> in, char* out);

// Appends the decoded string to `out`; false on invalid input (then `out` is unspecified).
bool huffman_decode(std::span<const uint8_t> in, std::string& out);

}  // namespace quasar::qpack
