// EchoNode: a host that sends every datagram it receives straight back to its sender (as
// Not-ECT), from the local address it arrived on, and remembers the sender addresses seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "quic/sim/ring_buffer.h"
#include "quic/sim/sim_node.h"

namespace quasar::sim {

class EchoNode final : public SimNode {
 public:
  // Sized for a few pending echoes and sources up front (it grows if more are needed).
  EchoNode();

  void handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to, Ecn ecn,
                       std::span<const uint8_t> bytes) override;
  std::optional<SimTransmit> poll_transmit(Instant now, std::span<uint8_t> out) override;
  Instant next_timeout() const override { return Instant::infinite_future(); }
  void handle_timeout(Instant) override {}

  uint64_t received() const { return received_; }
  uint64_t echoed() const { return echoed_; }
  // Every distinct sender address, in the order first seen.
  const std::vector<SocketAddress>& sources() const { return sources_; }
  const SocketAddress& last_source() const { return last_source_; }

 private:
  struct Pending {
    SocketAddress reply_from;
    SocketAddress reply_to;
    size_t offset;  // into bytes_
    size_t size;
  };

  RingBuffer<Pending> pending_;
  std::vector<uint8_t> bytes_;  // payloads of pending echoes, back to back
  uint64_t received_ = 0;
  uint64_t echoed_ = 0;
  std::vector<SocketAddress> sources_;
  SocketAddress last_source_;
};

}  // namespace quasar::sim
