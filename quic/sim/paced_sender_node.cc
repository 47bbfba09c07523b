// PacedSenderNode: ticks release datagrams, poll_transmit writes them out.
#include "quic/sim/paced_sender_node.h"

#include <algorithm>

#include "quic/sim/sequenced_payload.h"

namespace quasar::sim {

PacedSenderNode::PacedSenderNode(const PacedSenderConfig& config)
    : config_(config), next_tick_(config.start) {}

void PacedSenderNode::handle_datagram(Instant, const SocketAddress&, const SocketAddress&, Ecn,
                                      std::span<const uint8_t>) {
  ++received_;
}

Instant PacedSenderNode::next_timeout() const {
  return released_ < config_.count ? next_tick_ : Instant::infinite_future();
}

void PacedSenderNode::handle_timeout(Instant now) {
  if (now < next_tick_ || released_ >= config_.count) return;
  const uint64_t per_tick = config_.interval <= Duration::zero() ? config_.count : config_.per_tick;
  released_ = std::min<uint64_t>(config_.count, released_ + per_tick);
  next_tick_ += config_.interval;
}

std::optional<SimTransmit> PacedSenderNode::poll_transmit(Instant, std::span<uint8_t> out) {
  if (sent_ == released_ || config_.size > out.size()) return std::nullopt;
  const uint64_t batch =
      std::min<uint64_t>({released_ - sent_, std::max<size_t>(config_.segments_per_transmit, 1),
                          out.size() / std::max<size_t>(config_.size, 1)});
  for (uint64_t i = 0; i < batch; ++i) {
    write_sequenced_payload(sent_ + i, out.subspan(i * config_.size, config_.size));
  }
  sent_ += batch;
  SimTransmit transmit;
  transmit.from = config_.from;
  transmit.to = config_.to;
  transmit.ecn = config_.ecn;
  transmit.size = static_cast<size_t>(batch) * config_.size;
  transmit.segment_size = config_.size;
  return transmit;
}

}  // namespace quasar::sim
