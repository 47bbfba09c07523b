#include "crypto/chacha20_header_masks.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#define QUASAR_CHACHA_X86 1
#endif

namespace quasar {
namespace {

// RFC 8439 §2.3: "expand 32-byte k".
constexpr uint32_t kConstants[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

inline uint32_t load_le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

// The mask is the first five keystream bytes: word 0 and the low byte of word 1 (the XOR with
// §5.4.4's five zero bytes leaves the keystream as it is).
inline HeaderProtectionMask mask_of(uint32_t word0, uint32_t word1) {
  return {static_cast<uint8_t>(word0), static_cast<uint8_t>(word0 >> 8),
          static_cast<uint8_t>(word0 >> 16), static_cast<uint8_t>(word0 >> 24),
          static_cast<uint8_t>(word1)};
}

// RFC 8439 §2.1 quarter round, for any type with +, ^ and a ROTL(v, n) spelled by the caller.
#define QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, a, b, c, d) \
  a = ADD(a, b);                                                \
  d = ROTL(XOR(d, a), 16);                                      \
  c = ADD(c, d);                                                \
  b = ROTL(XOR(b, c), 12);                                      \
  a = ADD(a, b);                                                \
  d = ROTL(XOR(d, a), 8);                                       \
  c = ADD(c, d);                                                \
  b = ROTL(XOR(b, c), 7)

// RFC 8439 §2.3: ten double rounds (columns, then diagonals) over words x0..x15.
#define QUASAR_CHACHA_20_ROUNDS(ADD, XOR, ROTL)                    \
  for (int round = 0; round < 10; ++round) {                       \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x0, x4, x8, x12);  \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x1, x5, x9, x13);  \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x2, x6, x10, x14); \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x3, x7, x11, x15); \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x0, x5, x10, x15); \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x1, x6, x11, x12); \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x2, x7, x8, x13);  \
    QUASAR_CHACHA_QUARTER_ROUND(ADD, XOR, ROTL, x3, x4, x9, x14);  \
  }

#define QUASAR_SCALAR_ADD(a, b) ((a) + (b))
#define QUASAR_SCALAR_XOR(a, b) ((a) ^ (b))
#define QUASAR_SCALAR_ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))

// One block at a time: the portable path.
void one_block(const uint32_t key[8], const uint8_t* sample, HeaderProtectionMask& mask) {
  uint32_t x0 = kConstants[0], x1 = kConstants[1], x2 = kConstants[2], x3 = kConstants[3];
  uint32_t x4 = key[0], x5 = key[1], x6 = key[2], x7 = key[3];
  uint32_t x8 = key[4], x9 = key[5], x10 = key[6], x11 = key[7];
  uint32_t x12 = load_le32(sample), x13 = load_le32(sample + 4), x14 = load_le32(sample + 8),
           x15 = load_le32(sample + 12);
  QUASAR_CHACHA_20_ROUNDS(QUASAR_SCALAR_ADD, QUASAR_SCALAR_XOR, QUASAR_SCALAR_ROTL)
  mask = mask_of(x0 + kConstants[0], x1 + kConstants[1]);
}

#ifdef QUASAR_CHACHA_X86

// Several blocks side by side: register i holds word i of every block, so the column and
// diagonal rounds need no shuffles. Lanes beyond `count` repeat the first sample.
#define QUASAR_LOAD_WORDS(word)                                                           \
  load_le32(samples[0] + 4 * (word)), load_le32(samples[count > 1 ? 1 : 0] + 4 * (word)), \
      load_le32(samples[count > 2 ? 2 : 0] + 4 * (word)),                                 \
      load_le32(samples[count > 3 ? 3 : 0] + 4 * (word))

#define QUASAR_SSE_ROTL(v, n) _mm_or_si128(_mm_slli_epi32(v, n), _mm_srli_epi32(v, 32 - (n)))

// SSE2, which every x86-64 CPU has: four blocks.
void four_blocks_sse2(const uint32_t key[8], const uint8_t* const* samples, size_t count,
                      HeaderProtectionMask* masks) {
  __m128i x0 = _mm_set1_epi32(static_cast<int>(kConstants[0]));
  __m128i x1 = _mm_set1_epi32(static_cast<int>(kConstants[1]));
  __m128i x2 = _mm_set1_epi32(static_cast<int>(kConstants[2]));
  __m128i x3 = _mm_set1_epi32(static_cast<int>(kConstants[3]));
  __m128i x4 = _mm_set1_epi32(static_cast<int>(key[0])),
          x5 = _mm_set1_epi32(static_cast<int>(key[1]));
  __m128i x6 = _mm_set1_epi32(static_cast<int>(key[2])),
          x7 = _mm_set1_epi32(static_cast<int>(key[3]));
  __m128i x8 = _mm_set1_epi32(static_cast<int>(key[4])),
          x9 = _mm_set1_epi32(static_cast<int>(key[5]));
  __m128i x10 = _mm_set1_epi32(static_cast<int>(key[6]));
  __m128i x11 = _mm_set1_epi32(static_cast<int>(key[7]));
  alignas(16) uint32_t input[4][4] = {{QUASAR_LOAD_WORDS(0)},
                                      {QUASAR_LOAD_WORDS(1)},
                                      {QUASAR_LOAD_WORDS(2)},
                                      {QUASAR_LOAD_WORDS(3)}};
  __m128i x12 = _mm_load_si128(reinterpret_cast<const __m128i*>(input[0]));
  __m128i x13 = _mm_load_si128(reinterpret_cast<const __m128i*>(input[1]));
  __m128i x14 = _mm_load_si128(reinterpret_cast<const __m128i*>(input[2]));
  __m128i x15 = _mm_load_si128(reinterpret_cast<const __m128i*>(input[3]));
  QUASAR_CHACHA_20_ROUNDS(_mm_add_epi32, _mm_xor_si128, QUASAR_SSE_ROTL)
  alignas(16) uint32_t word0[4], word1[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(word0), x0);
  _mm_store_si128(reinterpret_cast<__m128i*>(word1), x1);
  for (size_t lane = 0; lane < count; ++lane) {
    masks[lane] = mask_of(word0[lane] + kConstants[0], word1[lane] + kConstants[1]);
  }
}

#define QUASAR_AVX2_ROTL(v, n) \
  _mm256_or_si256(_mm256_slli_epi32(v, n), _mm256_srli_epi32(v, 32 - (n)))

// AVX2, when the CPU has it: eight blocks.
__attribute__((target("avx2"))) void eight_blocks_avx2(const uint32_t key[8],
                                                       const uint8_t* const* samples, size_t count,
                                                       HeaderProtectionMask* masks) {
  __m256i x0 = _mm256_set1_epi32(static_cast<int>(kConstants[0]));
  __m256i x1 = _mm256_set1_epi32(static_cast<int>(kConstants[1]));
  __m256i x2 = _mm256_set1_epi32(static_cast<int>(kConstants[2]));
  __m256i x3 = _mm256_set1_epi32(static_cast<int>(kConstants[3]));
  __m256i x4 = _mm256_set1_epi32(static_cast<int>(key[0]));
  __m256i x5 = _mm256_set1_epi32(static_cast<int>(key[1]));
  __m256i x6 = _mm256_set1_epi32(static_cast<int>(key[2]));
  __m256i x7 = _mm256_set1_epi32(static_cast<int>(key[3]));
  __m256i x8 = _mm256_set1_epi32(static_cast<int>(key[4]));
  __m256i x9 = _mm256_set1_epi32(static_cast<int>(key[5]));
  __m256i x10 = _mm256_set1_epi32(static_cast<int>(key[6]));
  __m256i x11 = _mm256_set1_epi32(static_cast<int>(key[7]));
  alignas(32) uint32_t input[4][8];
  for (size_t lane = 0; lane < 8; ++lane) {
    const uint8_t* sample = samples[lane < count ? lane : 0];
    for (size_t word = 0; word < 4; ++word) input[word][lane] = load_le32(sample + 4 * word);
  }
  __m256i x12 = _mm256_load_si256(reinterpret_cast<const __m256i*>(input[0]));
  __m256i x13 = _mm256_load_si256(reinterpret_cast<const __m256i*>(input[1]));
  __m256i x14 = _mm256_load_si256(reinterpret_cast<const __m256i*>(input[2]));
  __m256i x15 = _mm256_load_si256(reinterpret_cast<const __m256i*>(input[3]));
  QUASAR_CHACHA_20_ROUNDS(_mm256_add_epi32, _mm256_xor_si256, QUASAR_AVX2_ROTL)
  alignas(32) uint32_t word0[8], word1[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(word0), x0);
  _mm256_store_si256(reinterpret_cast<__m256i*>(word1), x1);
  for (size_t lane = 0; lane < count; ++lane) {
    masks[lane] = mask_of(word0[lane] + kConstants[0], word1[lane] + kConstants[1]);
  }
}

// vprold on all sixteen lanes. The all-lanes mask form, because GCC 12 warns that the
// unmasked intrinsic reads an uninitialized operand; it compiles to the same instruction.
#define QUASAR_AVX512_ROTL(v, n) _mm512_maskz_rol_epi32(0xffff, v, n)

// AVX-512F, when the CPU has it: sixteen blocks, each rotation one instruction (vprold) instead
// of two shifts and an OR, so the chain of dependent operations is a quarter shorter.
__attribute__((target("avx512f"))) void sixteen_blocks_avx512(const uint32_t key[8],
                                                              const uint8_t* const* samples,
                                                              size_t count,
                                                              HeaderProtectionMask* masks) {
  __m512i x0 = _mm512_set1_epi32(static_cast<int>(kConstants[0]));
  __m512i x1 = _mm512_set1_epi32(static_cast<int>(kConstants[1]));
  __m512i x2 = _mm512_set1_epi32(static_cast<int>(kConstants[2]));
  __m512i x3 = _mm512_set1_epi32(static_cast<int>(kConstants[3]));
  __m512i x4 = _mm512_set1_epi32(static_cast<int>(key[0]));
  __m512i x5 = _mm512_set1_epi32(static_cast<int>(key[1]));
  __m512i x6 = _mm512_set1_epi32(static_cast<int>(key[2]));
  __m512i x7 = _mm512_set1_epi32(static_cast<int>(key[3]));
  __m512i x8 = _mm512_set1_epi32(static_cast<int>(key[4]));
  __m512i x9 = _mm512_set1_epi32(static_cast<int>(key[5]));
  __m512i x10 = _mm512_set1_epi32(static_cast<int>(key[6]));
  __m512i x11 = _mm512_set1_epi32(static_cast<int>(key[7]));
  alignas(64) uint32_t input[4][16];
  for (size_t lane = 0; lane < 16; ++lane) {
    const uint8_t* sample = samples[lane < count ? lane : 0];
    for (size_t word = 0; word < 4; ++word) input[word][lane] = load_le32(sample + 4 * word);
  }
  __m512i x12 = _mm512_load_si512(input[0]);
  __m512i x13 = _mm512_load_si512(input[1]);
  __m512i x14 = _mm512_load_si512(input[2]);
  __m512i x15 = _mm512_load_si512(input[3]);
  QUASAR_CHACHA_20_ROUNDS(_mm512_add_epi32, _mm512_xor_si512, QUASAR_AVX512_ROTL)
  alignas(64) uint32_t word0[16], word1[16];
  _mm512_store_si512(word0, x0);
  _mm512_store_si512(word1, x1);
  for (size_t lane = 0; lane < count; ++lane) {
    masks[lane] = mask_of(word0[lane] + kConstants[0], word1[lane] + kConstants[1]);
  }
}

// rot(x ^ y, n) = rot(x, n) ^ (y << n) ^ (y >> (32 - n)). rot(x, n) is computed while y is still
// on its way, and the two shifted halves of y have no bit in common, so one ternary-logic XOR
// joins the three: after y, a shift and that XOR (two cycles) instead of an XOR and a rotation
// (three on CPUs whose vprold takes two, as Zen 4's does).
#define QUASAR_XOR_ROTL_128(x, y, n)                                                             \
  _mm_ternarylogic_epi32(_mm_rol_epi32(x, n), _mm_slli_epi32(y, n), _mm_srli_epi32(y, 32 - (n)), \
                         0x96)

// RFC 8439 §2.1 on four quarter rounds at once: row registers a, b, c, d hold words 0-3, 4-7,
// 8-11 and 12-15.
#define QUASAR_ROWS_QUARTER_ROUND(a, b, c, d) \
  a = _mm_add_epi32(a, b);                    \
  d = QUASAR_XOR_ROTL_128(d, a, 16);          \
  c = _mm_add_epi32(c, d);                    \
  b = QUASAR_XOR_ROTL_128(b, c, 12);          \
  a = _mm_add_epi32(a, b);                    \
  d = QUASAR_XOR_ROTL_128(d, a, 8);           \
  c = _mm_add_epi32(c, d);                    \
  b = QUASAR_XOR_ROTL_128(b, c, 7)

// A lone block with AVX-512VL, the state's four rows in four registers: the chain of dependent
// steps is as short as a block allows (twelve per round), where the plain block is held up by
// having more operations per round than the CPU has arithmetic units. 85 against 106 ns on Zen 4.
__attribute__((target("avx512f,avx512vl"))) void one_block_avx512vl(const uint32_t key[8],
                                                                    const uint8_t* sample,
                                                                    HeaderProtectionMask& mask) {
  const __m128i constants = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kConstants));
  __m128i a = constants;
  __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key + 4));
  __m128i d = _mm_setr_epi32(
      static_cast<int>(load_le32(sample)), static_cast<int>(load_le32(sample + 4)),
      static_cast<int>(load_le32(sample + 8)), static_cast<int>(load_le32(sample + 12)));
  for (int round = 0; round < 10; ++round) {
    QUASAR_ROWS_QUARTER_ROUND(a, b, c, d);
    // Diagonals: each lane must hold words i, 4 + (i+1)%4, 8 + (i+2)%4 and 12 + (i+3)%4 for one
    // i. Lining rows a, c and d up with b (not b, c and d with a) keeps the shuffles off the
    // chain, since b is the row finished last.
    a = _mm_shuffle_epi32(a, 0x93);
    c = _mm_shuffle_epi32(c, 0x39);
    d = _mm_shuffle_epi32(d, 0x4e);
    QUASAR_ROWS_QUARTER_ROUND(a, b, c, d);
    a = _mm_shuffle_epi32(a, 0x39);
    c = _mm_shuffle_epi32(c, 0x93);
    d = _mm_shuffle_epi32(d, 0x4e);
  }
  alignas(16) uint32_t row0[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(row0), _mm_add_epi32(a, constants));
  mask = mask_of(row0[0], row0[1]);
}

bool cpu_has_avx2() {
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  return has_avx2;
}

bool cpu_has_avx512f() {
  static const bool has_avx512f = __builtin_cpu_supports("avx512f");
  return has_avx512f;
}

bool cpu_has_avx512vl() {
  static const bool has_avx512vl =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  return has_avx512vl;
}

#endif  // QUASAR_CHACHA_X86

}  // namespace

void chacha20_header_masks(std::span<const uint8_t, 32> key,
                           std::span<const uint8_t* const> samples,
                           std::span<HeaderProtectionMask> masks) {
  uint32_t key_words[8];
  for (size_t w = 0; w < 8; ++w) key_words[w] = load_le32(key.data() + 4 * w);
  const size_t count = std::min(samples.size(), masks.size());
#ifdef QUASAR_CHACHA_X86
  const bool avx2 = cpu_has_avx2();
  const bool avx512 = cpu_has_avx512f();
  const bool avx512vl = cpu_has_avx512vl();
  for (size_t i = 0; i < count;) {
    const size_t left = count - i;
    if (left == 1) {
      // A lone block: rows in registers with AVX-512VL; else the plain chain, shorter than four
      // lanes with two-shift rotations.
      if (avx512vl) {
        one_block_avx512vl(key_words, samples[i], masks[i]);
      } else {
        one_block(key_words, samples[i], masks[i]);
      }
      ++i;
    } else if (avx512 && left > 8) {
      const size_t n = std::min<size_t>(16, left);
      sixteen_blocks_avx512(key_words, samples.data() + i, n, masks.data() + i);
      i += n;
    } else if (avx2 && left > 4) {
      const size_t n = std::min<size_t>(8, left);
      eight_blocks_avx2(key_words, samples.data() + i, n, masks.data() + i);
      i += n;
    } else {
      const size_t n = std::min<size_t>(4, left);
      four_blocks_sse2(key_words, samples.data() + i, n, masks.data() + i);
      i += n;
    }
  }
#else
  for (size_t i = 0; i < count; ++i) one_block(key_words, samples[i], masks[i]);
#endif
}

void chacha20_header_masks_portable(std::span<const uint8_t, 32> key,
                                    std::span<const uint8_t* const> samples,
                                    std::span<HeaderProtectionMask> masks) {
  uint32_t key_words[8];
  for (size_t w = 0; w < 8; ++w) key_words[w] = load_le32(key.data() + 4 * w);
  const size_t count = std::min(samples.size(), masks.size());
  for (size_t i = 0; i < count; ++i) one_block(key_words, samples[i], masks[i]);
}

}  // namespace quasar
