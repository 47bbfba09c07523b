// UdpSocket: a non-blocking UDP socket (IPv4, IPv6 or dual-stack) set up for QUIC: GSO and GRO
// when the kernel has them, ECN and local-address reporting through control messages, the
// Don't Fragment bit, and large buffers. Usable on its own, without the event loop.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "quic/base/result.h"
#include "quic/base/socket_address.h"
#include "quic/io/io_error.h"

namespace quasar {

struct UdpSocketOptions {
  // Where to bind; port 0 picks an ephemeral port. [::] with `ipv6_only` false is dual-stack.
  SocketAddress bind_address;
  bool ipv6_only = false;
  // Use UDP GSO (UDP_SEGMENT) and GRO (UDP_GRO) if the kernel supports them.
  bool enable_gso = true;
  bool enable_gro = true;
  // Requested kernel buffer sizes; what the kernel granted is in UdpSocketFeatures.
  size_t receive_buffer_size = 8 << 20;
  size_t send_buffer_size = 8 << 20;
};

// What the socket turned out to support, detected when it was opened.
struct UdpSocketFeatures {
  bool gso = false;      // sendmsg takes UDP_SEGMENT
  bool gro = false;      // recvmsg may return coalesced datagrams with UDP_GRO
  bool ecn = false;      // received ECN codepoints are reported (IP_RECVTOS / IPV6_RECVTCLASS)
  bool pktinfo = false;  // received packets' destination addresses are reported
  size_t receive_buffer_size = 0;  // granted by the kernel (the usable half of SO_RCVBUF)
  size_t send_buffer_size = 0;
  // Human-readable notes on what could not be had, e.g. smaller buffers than requested.
  std::vector<std::string> warnings;
};

class UdpSocket {
 public:
  static Result<UdpSocket, IoError> open(const UdpSocketOptions& options);

  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket();

  int fd() const { return fd_; }
  // AF_INET or AF_INET6.
  int family() const { return family_; }
  // The bound address with its actual port.
  const SocketAddress& local_address() const { return local_; }
  const UdpSocketFeatures& features() const { return features_; }

  bool gso_enabled() const { return features_.gso; }
  // Stops using GSO, e.g. after the kernel or NIC failed a GSO send with EIO.
  void disable_gso() { features_.gso = false; }
  // True when datagrams to `peer` can be sent from this socket.
  bool can_reach(const SocketAddress& peer) const;

 private:
  UdpSocket(int fd, int family) : fd_(fd), family_(family) {}
  Result<void, IoError> configure(const UdpSocketOptions& options);

  int fd_ = -1;
  int family_ = 0;
  bool dual_stack_ = false;
  SocketAddress local_;
  UdpSocketFeatures features_;
};

}  // namespace quasar
