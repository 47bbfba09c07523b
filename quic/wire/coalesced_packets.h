// CoalescedPackets: walks the QUIC packets coalesced into one UDP datagram (RFC 9000 §12.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/quic_error.h"
#include "quic/wire/packet_header.h"

namespace quasar {

// Yields each packet of a datagram in turn, without copying:
//
//   CoalescedPackets packets(datagram, local_cid_length);
//   PacketHeader header;
//   while (packets.next(header)) { ... header.packet ... }
//
// RFC 9000 §12.2: every packet is processed separately, but a malformed one ends the walk (its
// length, and so where the next packet starts, cannot be trusted; the rest is dropped), and
// packets whose DCID differs from the first packet's are skipped.
class CoalescedPackets {
 public:
  CoalescedPackets(std::span<const uint8_t> datagram, size_t short_header_dcid_length)
      : datagram_(datagram), short_header_dcid_length_(short_header_dcid_length) {}

  // The next packet, or false at the end of the datagram or at the first malformed packet.
  [[nodiscard]] bool next(PacketHeader& out);

  // Why the walk stopped early, if it did.
  const std::optional<QuicError>& error() const { return error_; }
  // Bytes dropped because the walk stopped at a malformed packet.
  size_t dropped_bytes() const { return error_ ? datagram_.size() - offset_ : 0; }
  // Packets skipped because their DCID differed from the first packet's.
  size_t skipped_packets() const { return skipped_packets_; }
  // Packets yielded so far.
  size_t packet_count() const { return packet_count_; }

 private:
  std::span<const uint8_t> datagram_;
  size_t short_header_dcid_length_;
  size_t offset_ = 0;
  std::span<const uint8_t> first_dcid_;
  bool seen_first_ = false;
  size_t packet_count_ = 0;
  size_t skipped_packets_ = 0;
  std::optional<QuicError> error_;
};

}  // namespace quasar
