// PingPongNode: one ping in flight; a reply or a timeout releases the next.
#include "quic/sim/ping_pong_node.h"

#include <algorithm>

#include "quic/sim/sequenced_payload.h"

namespace quasar::sim {

PingPongNode::PingPongNode(const PingPongConfig& config)
    : config_(config), next_ping_(config.start) {
  rtts_.reserve(config.count);
  reply_sources_.reserve(4);
}

void PingPongNode::handle_datagram(Instant now, const SocketAddress& from, const SocketAddress&,
                                   Ecn, std::span<const uint8_t> bytes) {
  const std::optional<uint64_t> sequence = read_sequence(bytes);
  if (!outstanding_ || !sequence || *sequence + 1 != sent_) {
    ++stray_;
    return;
  }
  if (std::find(reply_sources_.begin(), reply_sources_.end(), from) == reply_sources_.end()) {
    reply_sources_.push_back(from);
  }
  rtts_.push_back(now - sent_at_);
  outstanding_ = false;
  next_ping_ = now + config_.gap;
}

Instant PingPongNode::next_timeout() const {
  if (outstanding_) return sent_at_ + config_.timeout;
  if (sent_ < config_.count && !ping_due_) return next_ping_;
  return Instant::infinite_future();
}

void PingPongNode::handle_timeout(Instant now) {
  if (outstanding_) {
    if (now < sent_at_ + config_.timeout) return;
    ++lost_;
    outstanding_ = false;
    next_ping_ = now;
  }
  if (sent_ < config_.count && now >= next_ping_) ping_due_ = true;
}

std::optional<SimTransmit> PingPongNode::poll_transmit(Instant now, std::span<uint8_t> out) {
  if (!ping_due_ || out.size() < config_.size) return std::nullopt;
  ping_due_ = false;
  write_sequenced_payload(sent_, out.first(config_.size));
  ++sent_;
  outstanding_ = true;
  sent_at_ = now;
  SimTransmit transmit;
  transmit.from = config_.from;
  transmit.to = config_.to;
  transmit.size = config_.size;
  return transmit;
}

}  // namespace quasar::sim
