// ScriptedNode: a host that sends an explicit list of datagrams, each at its own time, size,
// destination, source address and ECN codepoint; payloads carry the datagram's list index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "quic/sim/sim_node.h"

namespace quasar::sim {

struct ScriptedDatagram {
  Instant at{};
  SocketAddress to{};
  size_t size = 0;
  Ecn ecn = Ecn::kNotEct;
  SocketAddress from{};  // empty: the host's first address
};

class ScriptedNode final : public SimNode {
 public:
  // Datagrams due at the same time leave in list order; the list is sorted by time (stably).
  explicit ScriptedNode(std::vector<ScriptedDatagram> script);

  void handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to, Ecn ecn,
                       std::span<const uint8_t> bytes) override;
  std::optional<SimTransmit> poll_transmit(Instant now, std::span<uint8_t> out) override;
  Instant next_timeout() const override;
  void handle_timeout(Instant) override {}

  size_t sent() const { return next_; }
  uint64_t received() const { return received_; }

 private:
  std::vector<ScriptedDatagram> script_;
  size_t next_ = 0;
  uint64_t received_ = 0;
};

}  // namespace quasar::sim
