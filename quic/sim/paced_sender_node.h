// PacedSenderNode: a traffic source that sends a fixed number of sequenced datagrams at a
// steady pace (optionally in bursts or GSO batches), and counts what comes back.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quic/sim/sim_node.h"

namespace quasar::sim {

struct PacedSenderConfig {
  SocketAddress to{};
  SocketAddress from{};  // empty: the host's first address
  uint64_t count = 0;    // datagrams in all
  size_t size = 1200;    // payload bytes of each (at least 16 for corruption checks)
  Instant start{};
  // Time between ticks; zero sends everything at `start`.
  Duration interval = Duration::zero();
  size_t per_tick = 1;  // datagrams released per tick
  // Datagrams per transmit: above 1 they leave as GSO batches of equal segments.
  size_t segments_per_transmit = 1;
  Ecn ecn = Ecn::kNotEct;
};

class PacedSenderNode final : public SimNode {
 public:
  explicit PacedSenderNode(const PacedSenderConfig& config);

  void handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to, Ecn ecn,
                       std::span<const uint8_t> bytes) override;
  std::optional<SimTransmit> poll_transmit(Instant now, std::span<uint8_t> out) override;
  Instant next_timeout() const override;
  void handle_timeout(Instant now) override;

  uint64_t sent() const { return sent_; }
  uint64_t received() const { return received_; }
  bool done() const { return sent_ == config_.count; }

 private:
  PacedSenderConfig config_;
  Instant next_tick_{};
  uint64_t released_ = 0;  // allowed out by ticks so far
  uint64_t sent_ = 0;
  uint64_t received_ = 0;
};

}  // namespace quasar::sim
