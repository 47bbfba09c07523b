// EndpointNode: the sans-I/O calls of an Endpoint, one for one, plus the application's turn.
#include "quic/sim/scenario/endpoint_node.h"

#include <algorithm>

namespace quasar::sim {

EndpointNode::EndpointNode(std::unique_ptr<Endpoint> endpoint, SimApplication& application)
    : endpoint_(std::move(endpoint)), application_(application), scratch_(65536) {}

void EndpointNode::handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to,
                                   Ecn ecn, std::span<const uint8_t> bytes) {
  if (bytes.size() > scratch_.size()) return;
  std::copy(bytes.begin(), bytes.end(), scratch_.begin());
  endpoint_->handle_datagram(now, to, from, ecn, std::span(scratch_).first(bytes.size()));
  application_.drive(now, *endpoint_);
}

std::optional<SimTransmit> EndpointNode::poll_transmit(Instant now, std::span<uint8_t> out) {
  auto t = endpoint_->poll_transmit(now, out, kMaxSegments);
  if (!t) return std::nullopt;
  SimTransmit s;
  s.from = t->source;
  s.to = t->destination;
  s.ecn = t->ecn;
  s.size = t->size;
  s.segment_size = t->segment_size;
  return s;
}

Instant EndpointNode::next_timeout() const {
  return std::min(endpoint_->next_timeout(), application_.next_wakeup());
}

void EndpointNode::handle_timeout(Instant now) {
  if (endpoint_->next_timeout() <= now) endpoint_->handle_timeout(now);
  application_.drive(now, *endpoint_);
}

}  // namespace quasar::sim
