// Huffman coding (RFC 7541 Appendix B). Encoding shifts codes through a 64-bit accumulator.
// Decoding reads the next 12 bits of input as an index into a table that yields one or two
// whole symbols per step; the rare codes longer than 12 bits are decoded canonically.
#include "qpack/huffman.h"

#include <array>
#include <cassert>
#include <cstring>

#include "qpack/huffman_code.h"

namespace quasar::qpack {
namespace {

constexpr int kLookupBits = 12;
constexpr int kMaxCodeLength = 30;

// A lookup entry: up to two symbols decoded from the next kLookupBits bits.
//   bits 0-7 first symbol, 8-15 second symbol, 16-20 length of the first code,
//   21-25 length of both codes, 26-27 number of symbols (0: the code is longer than
//   kLookupBits bits and needs the canonical decoder).
using LookupEntry = uint32_t;

struct DecodeTables {
  // Canonical decoding: `limit[len]` is one past the largest code of length `len`, aligned
  // to the top of a 64-bit word, so the code of the next symbol is the shortest length
  // whose limit exceeds the input window.
  std::array<uint64_t, kMaxCodeLength + 1> limit{};
  std::array<uint32_t, kMaxCodeLength + 1> first_code{};
  std::array<uint16_t, kMaxCodeLength + 1> first_index{};
  std::array<uint16_t, 257> symbols_by_code{};
  std::array<LookupEntry, 1 << kLookupBits> lookup{};
};

struct Decoded {
  int symbol;
  int length;
};

// Decodes the symbol at the top of `window` (the next input bits, most significant first).
Decoded decode_canonical(const DecodeTables& t, uint64_t window) {
  int len = 5;
  // The longest codes end at the all-ones window, so they need no limit check.
  while (len < kMaxCodeLength && window >= t.limit[len]) ++len;
  const auto code = static_cast<uint32_t>(window >> (64 - len));
  return {t.symbols_by_code[t.first_index[len] + (code - t.first_code[len])], len};
}

DecodeTables build_decode_tables() {
  DecodeTables t;
  std::array<int, kMaxCodeLength + 1> count{};
  for (const auto& c : kHuffmanCodes) ++count[c.length];
  // RFC 7541 Appendix B is a canonical code: symbols of one length have consecutive codes in
  // symbol order, and each length continues where the previous one ended.
  uint32_t code = 0;
  uint16_t index = 0;
  for (int len = 1; len <= kMaxCodeLength; ++len) {
    code <<= 1;
    t.first_code[len] = code;
    t.first_index[len] = index;
    for (int sym = 0; sym < 257; ++sym) {
      if (kHuffmanCodes[sym].length == len) {
        assert(kHuffmanCodes[sym].code == code);
        t.symbols_by_code[index++] = static_cast<uint16_t>(sym);
        ++code;
      }
    }
    // One past the last code; for the longest length it would not fit and is never read.
    if (len < kMaxCodeLength) t.limit[len] = static_cast<uint64_t>(code) << (64 - len);
  }
  for (uint64_t bits = 0; bits < (1u << kLookupBits); ++bits) {
    const uint64_t window = bits << (64 - kLookupBits);
    const Decoded first = decode_canonical(t, window);
    if (first.length > kLookupBits) continue;  // long code: entry stays 0
    LookupEntry entry = static_cast<LookupEntry>(first.symbol) |
                        (static_cast<LookupEntry>(first.length) << 16) |
                        (static_cast<LookupEntry>(first.length) << 21) | (LookupEntry{1} << 26);
    const Decoded second = decode_canonical(t, window << first.length);
    if (first.length + second.length <= kLookupBits) {
      entry =
          static_cast<LookupEntry>(first.symbol) | (static_cast<LookupEntry>(second.symbol) << 8) |
          (static_cast<LookupEntry>(first.length) << 16) |
          (static_cast<LookupEntry>(first.length + second.length) << 21) | (LookupEntry{2} << 26);
    }
    t.lookup[bits] = entry;
  }
  return t;
}

const DecodeTables& decode_tables() {
  static const DecodeTables tables = build_decode_tables();
  return tables;
}

}  // namespace

size_t huffman_encoded_length(std::string_view s) {
  uint64_t bits = 0;
  for (unsigned char c : s) bits += kHuffmanCodes[c].length;
  return static_cast<size_t>((bits + 7) / 8);
}

void append_huffman(std::vector<uint8_t>& out, std::string_view s) {
  uint64_t acc = 0;  // pending bits, right-aligned
  int pending = 0;
  for (unsigned char c : s) {
    const HuffmanCode& code = kHuffmanCodes[c];
    acc = (acc << code.length) | code.code;
    pending += code.length;
    while (pending >= 8) {
      pending -= 8;
      out.push_back(static_cast<uint8_t>(acc >> pending));
    }
  }
  if (pending > 0) {
    // RFC 7541 §5.2: pad with the most significant bits of EOS (all ones).
    out.push_back(static_cast<uint8_t>((acc << (8 - pending)) | (0xffu >> pending)));
  }
}

std::optional<size_t> huffman_decode(std::span<const uint8_t> in, char* out) {
  const DecodeTables& t = decode_tables();
  const uint8_t* next = in.data();
  const uint8_t* const end = next + in.size();
  char* const out_begin = out;
  uint64_t acc = 0;  // input bits, left-aligned; `avail` of them are counted
  int avail = 0;
  // Fast path while 8 bytes remain: refill a word at a time (the bits beyond `avail` are
  // already the next input bits) and decode while a whole code of any length is present.
  while (end - next >= 8) {
    uint64_t word;
    std::memcpy(&word, next, 8);
    acc |= __builtin_bswap64(word) >> avail;
    next += (63 - avail) >> 3;
    avail |= 56;
    while (avail >= kMaxCodeLength) {
      const LookupEntry entry = t.lookup[acc >> (64 - kLookupBits)];
      const int count = static_cast<int>(entry >> 26);
      if (count == 2) {
        const int both_length = static_cast<int>((entry >> 21) & 0x1f);
        *out++ = static_cast<char>(entry & 0xff);
        *out++ = static_cast<char>((entry >> 8) & 0xff);
        acc <<= both_length;
        avail -= both_length;
      } else if (count == 1) {
        const int length = static_cast<int>((entry >> 16) & 0x1f);
        *out++ = static_cast<char>(entry & 0xff);
        acc <<= length;
        avail -= length;
      } else {
        const Decoded d = decode_canonical(t, acc);
        if (d.symbol == kHuffmanEos) return std::nullopt;  // RFC 7541 §5.2
        *out++ = static_cast<char>(d.symbol);
        acc <<= d.length;
        avail -= d.length;
      }
    }
  }
  // The tail, byte by byte: past the end the input reads as ones.
  while (true) {
    while (avail <= 56 && next != end) {
      acc |= static_cast<uint64_t>(*next++) << (56 - avail);
      avail += 8;
    }
    if (avail == 0) break;
    // Past the end of input the window reads ones, so an all-ones tail (valid padding)
    // decodes as a code longer than the bits that remain.
    const uint64_t window = avail >= 64 ? acc : acc | (~uint64_t{0} >> avail);
    const LookupEntry entry = t.lookup[window >> (64 - kLookupBits)];
    const int count = static_cast<int>(entry >> 26);
    if (count != 0) {
      const int first_length = static_cast<int>((entry >> 16) & 0x1f);
      if (first_length > avail) break;
      const int both_length = static_cast<int>((entry >> 21) & 0x1f);
      if (count == 2 && both_length <= avail) {
        *out++ = static_cast<char>(entry & 0xff);
        *out++ = static_cast<char>((entry >> 8) & 0xff);
        acc <<= both_length;
        avail -= both_length;
      } else {
        *out++ = static_cast<char>(entry & 0xff);
        acc <<= first_length;
        avail -= first_length;
      }
      continue;
    }
    const Decoded d = decode_canonical(t, window);
    if (d.length > avail) break;
    if (d.symbol == kHuffmanEos) return std::nullopt;  // RFC 7541 §5.2: EOS is an error
    *out++ = static_cast<char>(d.symbol);
    acc <<= d.length;
    avail -= d.length;
  }
  // What is left is an incomplete code: it must be at most 7 bits of EOS prefix (ones).
  if (avail > 7) return std::nullopt;
  if (avail > 0 && (acc >> (64 - avail)) != (uint64_t{1} << avail) - 1) return std::nullopt;
  return static_cast<size_t>(out - out_begin);
}

bool huffman_decode(std::span<const uint8_t> in, std::string& out) {
  const size_t old_size = out.size();
  out.resize(old_size + huffman_max_decoded_length(in.size()));
  const auto length = huffman_decode(in, out.data() + old_size);
  if (!length) return false;
  out.resize(old_size + *length);
  return true;
}

}  // namespace quasar::qpack
