// PingPongNode: sends one sequenced ping at a time to an echoing peer and measures the round
// trip of each reply; a ping unanswered within the timeout counts as lost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "quic/sim/sim_node.h"

namespace quasar::sim {

struct PingPongConfig {
  SocketAddress to{};
  SocketAddress from{};  // empty: the host's first address
  uint64_t count = 0;    // pings in all
  size_t size = 64;      // at least 8 bytes (the sequence number)
  Instant start{};
  Duration gap = Duration::zero();  // pause after a reply before the next ping
  Duration timeout = Duration::from_seconds(1);
};

class PingPongNode final : public SimNode {
 public:
  explicit PingPongNode(const PingPongConfig& config);

  void handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to, Ecn ecn,
                       std::span<const uint8_t> bytes) override;
  std::optional<SimTransmit> poll_transmit(Instant now, std::span<uint8_t> out) override;
  Instant next_timeout() const override;
  void handle_timeout(Instant now) override;

  const std::vector<Duration>& rtts() const { return rtts_; }
  uint64_t sent() const { return sent_; }
  uint64_t lost() const { return lost_; }
  uint64_t stray_replies() const { return stray_; }  // late or unknown sequence numbers
  bool done() const { return sent_ == config_.count && !outstanding_; }
  // Every distinct address replies came from, in the order first seen.
  const std::vector<SocketAddress>& reply_sources() const { return reply_sources_; }

 private:
  PingPongConfig config_;
  Instant next_ping_{};  // when the next ping may go (infinite while one is outstanding)
  bool ping_due_ = false;
  bool outstanding_ = false;
  Instant sent_at_{};
  uint64_t sent_ = 0;
  uint64_t lost_ = 0;
  uint64_t stray_ = 0;
  std::vector<Duration> rtts_;
  std::vector<SocketAddress> reply_sources_;
};

}  // namespace quasar::sim
