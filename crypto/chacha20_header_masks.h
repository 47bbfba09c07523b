// ChaCha20 header protection masks (RFC 9001 §5.4.4) for several samples at once, with our own
// ChaCha20 block function (RFC 8439 §2.3). One block is a chain of dependent operations, so a
// lone mask costs its full latency (85-106 ns on Zen 4); blocks computed side by side in SIMD
// lanes cost little more than one, which makes masking a batch of packets several times cheaper.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/header_protector.h"

namespace quasar {

// For each 16-byte sample (counter = sample[0..3] little-endian, nonce = sample[4..15]), the first
// five bytes of ChaCha20(key, counter, nonce). `samples` and `masks` have the same length.
// Uses SSE2 (four blocks) and, when the CPU has them, AVX2 (eight blocks), AVX-512F (sixteen)
// and AVX-512VL (a lone block) on x86-64, chosen at run time; elsewhere
// chacha20_header_masks_portable().
void chacha20_header_masks(std::span<const uint8_t, 32> key,
                           std::span<const uint8_t* const> samples,
                           std::span<HeaderProtectionMask> masks);

// The same, one block at a time in plain C++: the path for other CPUs and for a lone sample on
// x86-64 CPUs without AVX-512VL, kept callable so that tests check it on every machine.
void chacha20_header_masks_portable(std::span<const uint8_t, 32> key,
                                    std::span<const uint8_t* const> samples,
                                    std::span<HeaderProtectionMask> masks);

}  // namespace quasar
