// Applying and removing header protection on a packet in place (RFC 9001 §5.4.1, §5.4.2), given
// the offset of its Packet Number field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "crypto/crypto_error.h"
#include "crypto/header_protector.h"
#include "quic/base/result.h"

namespace quasar {

// What removing header protection reveals.
struct UnprotectedHeader {
  uint8_t first_byte = 0;                // with reserved bits, key phase and pn length unmasked
  size_t packet_number_length = 0;       // 1..4, from the low two bits of first_byte
  uint64_t truncated_packet_number = 0;  // the encoded packet number, still to be expanded
};

// RFC 9001 §5.4.2: the sample starts 4 bytes after the Packet Number field.
constexpr size_t header_protection_sample_offset(size_t pn_offset) { return pn_offset + 4; }

// Whether a packet of `packet_size` bytes (first header byte to end of tag) holds the 16-byte
// sample, i.e. whether header protection can be applied to it (§5.4.2).
constexpr bool header_protection_sample_fits(size_t packet_size, size_t pn_offset) {
  const size_t sample_offset = header_protection_sample_offset(pn_offset);
  return sample_offset <= packet_size &&
         packet_size - sample_offset >= kHeaderProtectionSampleLength;
}

// `packet` runs from the first header byte to the end of this packet's tag (for a long header
// that is what its Length field covers; coalesced packets are protected one at a time). The
// header must already carry the unprotected first byte and packet number, and the payload must
// be sealed. kPacketTooShort if the packet cannot hold the sample (senders pad, §5.4.2).
Result<void, CryptoError> apply_header_protection(const HeaderProtector& protector,
                                                  std::span<uint8_t> packet, size_t pn_offset);

// Unmasks the first byte and the packet number in place. The first byte's form bit (never
// protected) chooses 4 masked bits for long headers and 5 for short headers. kPacketTooShort if
// the packet cannot hold the sample: such packets are dropped (§5.4.2).
Result<UnprotectedHeader, CryptoError> remove_header_protection(const HeaderProtector& protector,
                                                                std::span<uint8_t> packet,
                                                                size_t pn_offset);

// One packet of a batch: from its first byte to the end of its tag, and where its Packet Number
// field starts.
struct PacketInBatch {
  std::span<uint8_t> packet;
  size_t pn_offset = 0;
};

// Applies header protection to a batch of sealed packets (e.g. the packets of one GSO send),
// computing the masks together, which for ChaCha20 costs a fraction of one mask each. If any
// packet cannot hold its sample, fails with kPacketTooShort and changes nothing.
Result<void, CryptoError> apply_header_protection(const HeaderProtector& protector,
                                                  std::span<const PacketInBatch> packets);

// Removes header protection from a batch of received packets protected with the same key.
// `out[i]` receives what packet i reveals, or nullopt if it is too short to sample (drop it).
// `out` must be at least as long as `packets`.
void remove_header_protection(const HeaderProtector& protector,
                              std::span<const PacketInBatch> packets,
                              std::span<std::optional<UnprotectedHeader>> out);

}  // namespace quasar
