// SinkNode: counters and an optional arrival log.
#include "quic/sim/sink_node.h"

#include <algorithm>

#include "quic/sim/sequenced_payload.h"

namespace quasar::sim {

void SinkNode::handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to,
                               Ecn ecn, std::span<const uint8_t> bytes) {
  ++datagrams_;
  bytes_ += bytes.size();
  ++by_ecn_[static_cast<size_t>(ecn)];
  first_arrival_ = std::min(first_arrival_, now);
  last_arrival_ = now;
  if (!keep_arrivals_) return;
  arrivals_.push_back(SinkArrival{now, from, to, ecn, bytes.size(), read_sequence(bytes),
                                  is_intact_sequenced_payload(bytes)});
}

}  // namespace quasar::sim
