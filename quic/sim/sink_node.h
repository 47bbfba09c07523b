// SinkNode: a host that never sends and records every datagram it receives (time, addresses,
// ECN, size, sequence number and whether the payload arrived intact).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "quic/sim/sim_node.h"

namespace quasar::sim {

struct SinkArrival {
  Instant at{};
  SocketAddress from{};
  SocketAddress to{};
  Ecn ecn = Ecn::kNotEct;
  size_t size = 0;
  std::optional<uint64_t> sequence;  // see sequenced_payload.h
  bool intact = false;
};

class SinkNode final : public SimNode {
 public:
  // Without `keep_arrivals` only the counters are kept (no allocation per datagram).
  explicit SinkNode(bool keep_arrivals = true) : keep_arrivals_(keep_arrivals) {}

  void handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to, Ecn ecn,
                       std::span<const uint8_t> bytes) override;
  std::optional<SimTransmit> poll_transmit(Instant, std::span<uint8_t>) override {
    return std::nullopt;
  }
  Instant next_timeout() const override { return Instant::infinite_future(); }
  void handle_timeout(Instant) override {}

  const std::vector<SinkArrival>& arrivals() const { return arrivals_; }
  uint64_t datagrams() const { return datagrams_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t count_with_ecn(Ecn ecn) const { return by_ecn_[static_cast<size_t>(ecn)]; }
  Instant first_arrival() const { return first_arrival_; }
  Instant last_arrival() const { return last_arrival_; }

 private:
  bool keep_arrivals_;
  std::vector<SinkArrival> arrivals_;
  uint64_t datagrams_ = 0;
  uint64_t bytes_ = 0;
  std::array<uint64_t, 4> by_ecn_{};
  Instant first_arrival_ = Instant::infinite_future();
  Instant last_arrival_{};
};

}  // namespace quasar::sim
