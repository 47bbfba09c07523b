// Where header protection samples a packet (RFC 9001 §5.4.2): shared by the wire codec, which
// checks packets are long enough, and crypto/, which computes the mask.
#pragma once

#include <cstddef>

namespace quasar {

// The sample is 16 bytes of ciphertext starting 4 bytes after the Packet Number field.
inline constexpr size_t kHeaderProtectionSampleLength = 16;
inline constexpr size_t kHeaderProtectionSampleOffset = 4;

}  // namespace quasar
