// SimNode: the sans-I/O interface through which the simulator drives one host, and
// SimTransmit, what a host hands back when it has a datagram (or GSO batch) to send.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "quic/base/ecn.h"
#include "quic/base/socket_address.h"
#include "quic/base/time.h"

namespace quasar::sim {

// One datagram, or a GSO-like batch of `size / segment_size` equal segments (the last may be
// shorter), written by SimNode::poll_transmit into the caller's buffer.
struct SimTransmit {
  // Which of the host's local addresses sends it; an empty address (Family::kNone) means the
  // host's first address.
  SocketAddress from{};
  SocketAddress to{};
  Ecn ecn = Ecn::kNotEct;
  size_t size = 0;
  // 0 (or >= size): a single datagram of `size` bytes.
  size_t segment_size = 0;
};

// A host on the simulated network. The simulator calls it exactly as a real event loop would
// call an endpoint: datagrams and timeouts in, datagrams out, all at the virtual time `now`.
class SimNode {
 public:
  virtual ~SimNode() = default;

  // A datagram arrived. `from` is the sender's address as seen on the wire (after NAT), `to`
  // the local address it arrived on. `bytes` is valid only during the call.
  virtual void handle_datagram(Instant now, const SocketAddress& from, const SocketAddress& to,
                               Ecn ecn, std::span<const uint8_t> bytes) = 0;

  // Called repeatedly after every delivery, timeout or wake-up until it returns nothing: write
  // one datagram or batch into `out` and say where it goes.
  virtual std::optional<SimTransmit> poll_transmit(Instant now, std::span<uint8_t> out) = 0;

  // When handle_timeout should next be called; Instant::infinite_future() if never. Asked
  // after every interaction with this node.
  virtual Instant next_timeout() const = 0;

  virtual void handle_timeout(Instant now) = 0;
};

}  // namespace quasar::sim
