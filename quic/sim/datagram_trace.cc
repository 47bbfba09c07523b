// TraceDigest: FNV-1a over a fixed little-endian encoding of trace records.
#include "quic/sim/datagram_trace.h"

namespace quasar::sim {

void TraceDigest::mix(std::span<const uint8_t> bytes) {
  for (uint8_t b : bytes) hash_ = (hash_ ^ b) * 0x100000001b3ull;
}

void TraceDigest::mix_u64(uint64_t v) {
  uint8_t bytes[8];
  for (uint8_t& b : bytes) {
    b = static_cast<uint8_t>(v);
    v >>= 8;
  }
  mix(bytes);
}

void TraceDigest::add(const DatagramTrace& record) {
  ++records_;
  mix_u64(static_cast<uint64_t>(record.sent.nanos_since_epoch()));
  mix_u64(static_cast<uint64_t>(record.at.nanos_since_epoch()));
  mix_u64(index_of(record.link));
  mix_u64(record.index);
  const uint8_t flags[] = {static_cast<uint8_t>(record.fate), static_cast<uint8_t>(record.ecn),
                           static_cast<uint8_t>(record.corrupted),
                           static_cast<uint8_t>(record.duplicate)};
  mix(flags);
  for (const SocketAddress* address : {&record.from, &record.to}) {
    mix_u64(static_cast<uint64_t>(address->family()) << 16 | address->port());
    mix(address->ip_bytes());
  }
  mix_u64(record.payload.size());
  mix(record.payload);
}

}  // namespace quasar::sim
