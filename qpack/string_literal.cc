// String literals (RFC 7541 §5.2, RFC 9204 §4.1.2).
#include "qpack/string_literal.h"

#include <cassert>

#include "qpack/huffman.h"
#include "qpack/prefix_integer.h"

namespace quasar::qpack {

StringEncoding choose_string_encoding(std::string_view s, HuffmanMode mode) {
  if (mode == HuffmanMode::kNever || s.empty()) return {s.size(), false};
  const size_t huffman_length = huffman_encoded_length(s);
  if (huffman_length < s.size()) return {huffman_length, true};
  return {s.size(), false};
}

size_t string_literal_size(int prefix_bits, const StringEncoding& encoding) {
  return prefix_integer_length(prefix_bits - 1, encoding.encoded_length) + encoding.encoded_length;
}

void append_string_literal(std::vector<uint8_t>& out, uint8_t pattern, int prefix_bits,
                           std::string_view s, const StringEncoding& encoding) {
  assert(prefix_bits >= 2 && prefix_bits <= 8);
  const auto huffman_bit = static_cast<uint8_t>(1u << (prefix_bits - 1));
  append_prefix_integer(out, encoding.huffman ? pattern | huffman_bit : pattern, prefix_bits - 1,
                        encoding.encoded_length);
  if (encoding.huffman) {
    append_huffman(out, s);
  } else {
    out.insert(out.end(), s.begin(), s.end());
  }
}

ParseStatus read_string_literal(ByteReader& in, int prefix_bits, size_t max_length,
                                EncodedString& out, size_t* end_position) {
  assert(prefix_bits >= 2 && prefix_bits <= 8);
  if (in.empty()) return ParseStatus::kIncomplete;
  const bool huffman = (in.peek() >> (prefix_bits - 1)) & 1;
  uint64_t length = 0;
  const ParseStatus status = read_prefix_integer(in, prefix_bits - 1, length);
  if (status != ParseStatus::kOk) return status;
  if (length > max_length) return ParseStatus::kInvalid;
  if (in.remaining() < length) {
    if (end_position != nullptr) *end_position = in.position() + length;
    return ParseStatus::kIncomplete;
  }
  out.bytes = in.read_bytes(length);
  out.huffman = huffman;
  return ParseStatus::kOk;
}

size_t min_decoded_length(const EncodedString& s) {
  if (!s.huffman) return s.bytes.size();
  // No code is longer than 30 bits and at most 7 bits are padding.
  const size_t bits = s.bytes.size() * 8;
  return bits <= 7 ? 0 : (bits - 7 + 29) / 30;
}

bool decode_string(const EncodedString& s, std::string& scratch, std::string_view& out) {
  if (!s.huffman) {
    out = std::string_view(reinterpret_cast<const char*>(s.bytes.data()), s.bytes.size());
    return true;
  }
  scratch.clear();
  if (!huffman_decode(s.bytes, scratch)) return false;
  out = scratch;
  return true;
}

}  // namespace quasar::qpack
