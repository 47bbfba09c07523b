// EchoNode: queues each datagram and hands it back on the next poll.
#include "quic/sim/echo_node.h"

#include <algorithm>
#include <cstring>

namespace quasar::sim {

EchoNode::EchoNode() {
  pending_.reserve(16);
  bytes_.reserve(16 * 1500);
  sources_.reserve(4);
}

void EchoNode::handle_datagram(Instant, const SocketAddress& from, const SocketAddress& to, Ecn,
                               std::span<const uint8_t> bytes) {
  ++received_;
  last_source_ = from;
  if (std::find(sources_.begin(), sources_.end(), from) == sources_.end()) {
    sources_.push_back(from);
  }
  pending_.push_back(Pending{to, from, bytes_.size(), bytes.size()});
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
}

std::optional<SimTransmit> EchoNode::poll_transmit(Instant, std::span<uint8_t> out) {
  if (pending_.empty()) return std::nullopt;
  const Pending echo = pending_.front();
  pending_.pop_front();
  const size_t size = std::min(echo.size, out.size());
  if (size > 0) std::memcpy(out.data(), bytes_.data() + echo.offset, size);
  if (pending_.empty()) bytes_.clear();  // keeps its capacity for the next ones
  ++echoed_;
  SimTransmit transmit;
  transmit.from = echo.reply_from;
  transmit.to = echo.reply_to;
  transmit.ecn = Ecn::kNotEct;
  transmit.size = size;
  return transmit;
}

}  // namespace quasar::sim
