// DatagramTrace: one record per datagram copy and link, written when its fate is known, and
// TraceDigest, a running hash of records that two runs can compare for determinism.
#pragma once

#include <cstdint>
#include <span>

#include "quic/base/ecn.h"
#include "quic/base/socket_address.h"
#include "quic/base/time.h"
#include "quic/sim/datagram_fate.h"
#include "quic/sim/sim_ids.h"

namespace quasar::sim {

struct DatagramTrace {
  Instant sent{};  // offered to the link
  Instant at{};    // fate decided: arrival for delivered ones, `sent` for most drops
  LinkId link = kNoLink;
  uint64_t index = 0;  // position among the datagrams offered to `link`
  DatagramFate fate = DatagramFate::kDelivered;
  Ecn ecn = Ecn::kNotEct;  // as delivered, or as offered when dropped
  bool corrupted = false;
  bool duplicate = false;  // a copy made by a duplicating link
  SocketAddress from{};    // the sender as seen on the wire
  SocketAddress to{};
  std::span<const uint8_t> payload;  // valid only during the trace callback
};

// FNV-1a (64-bit) over every field of each record, payload included.
class TraceDigest {
 public:
  void add(const DatagramTrace& record);
  uint64_t value() const { return hash_; }
  uint64_t records() const { return records_; }

 private:
  void mix(std::span<const uint8_t> bytes);
  void mix_u64(uint64_t v);

  uint64_t hash_ = 0xcbf29ce484222325ull;
  uint64_t records_ = 0;
};

}  // namespace quasar::sim
