// EndpointNode: puts a quasar Endpoint on the simulated network. The simulator drives it through
// the same sans-I/O calls a real event loop would make; after each, the node's application
// takes the endpoint's events and writes what it has to send.
#pragma once

#include <memory>
#include <vector>

#include "quic/endpoint/endpoint.h"
#include "quic/sim/sim_node.h"

namespace quasar::sim {

// The application running on a simulated host.
class SimApplication {
 public:
  virtual ~SimApplication() = default;
  // Called after every datagram, timeout and wake-up: handle events, write data.
  virtual void drive(Instant now, Endpoint& endpoint) = 0;
  // When the application itself wants to run next (e.g. to open a connection).
  virtual Instant next_wakeup() const { return Instant::infinite_future(); }
};

class EndpointNode final : public SimNode {
 public:
  // Datagrams per poll_transmit batch (UDP GSO-like).
  static constexpr size_t kMaxSegments = 16;

  EndpointNode(std::unique_ptr<Endpoint> endpoint, SimApplication& application);

  void handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to, Ecn ecn,
                       std::span<const uint8_t> bytes) override;
  std::optional<SimTransmit> poll_transmit(Instant now, std::span<uint8_t> out) override;
  Instant next_timeout() const override;
  void handle_timeout(Instant now) override;

  Endpoint& endpoint() { return *endpoint_; }

 private:
  std::unique_ptr<Endpoint> endpoint_;
  SimApplication& application_;
  std::vector<uint8_t> scratch_;  // received datagrams are decrypted in place here
};

}  // namespace quasar::sim
