// ScriptedNode: walks its list as time passes.
#include "quic/sim/scripted_node.h"

#include <algorithm>
#include <utility>

#include "quic/sim/sequenced_payload.h"

namespace quasar::sim {

ScriptedNode::ScriptedNode(std::vector<ScriptedDatagram> script) : script_(std::move(script)) {
  std::stable_sort(
      script_.begin(), script_.end(),
      [](const ScriptedDatagram& a, const ScriptedDatagram& b) { return a.at < b.at; });
}

void ScriptedNode::handle_datagram(Instant, const SocketAddress&, const SocketAddress&, Ecn,
                                   std::span<const uint8_t>) {
  ++received_;
}

Instant ScriptedNode::next_timeout() const {
  return next_ < script_.size() ? script_[next_].at : Instant::infinite_future();
}

std::optional<SimTransmit> ScriptedNode::poll_transmit(Instant now, std::span<uint8_t> out) {
  if (next_ >= script_.size() || script_[next_].at > now) return std::nullopt;
  const ScriptedDatagram& datagram = script_[next_];
  const size_t size = std::min(datagram.size, out.size());
  write_sequenced_payload(next_, out.first(size));
  ++next_;
  SimTransmit transmit;
  transmit.from = datagram.from;
  transmit.to = datagram.to;
  transmit.ecn = datagram.ecn;
  transmit.size = size;
  return transmit;
}

}  // namespace quasar::sim
