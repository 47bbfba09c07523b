// Control messages (cmsg) of UDP datagrams: reading the destination address, ECN codepoint and
// GRO segment size of a received datagram, and writing the source address, ECN codepoint and
// GSO segment size of one to send.
#pragma once

#include <sys/socket.h>

#include <cstddef>

#include "quic/base/ecn.h"
#include "quic/base/socket_address.h"

namespace quasar {

// Room for the control messages of one received datagram (PKTINFO of either family, TOS or
// TCLASS, UDP_GRO), with slack for options we do not read.
inline constexpr size_t kReceiveControlSize = 256;
// Room for the control messages of one datagram (batch) to send.
inline constexpr size_t kSendControlSize = 128;

// A buffer suitably aligned for cmsghdr.
template <size_t kSize>
struct alignas(cmsghdr) ControlBuffer {
  unsigned char bytes[kSize];
};

struct ReceivedControl {
  // The packet's destination IP (family kNone when not reported); the port is not included.
  SocketAddress destination;
  Ecn ecn = Ecn::kNotEct;
  // UDP GRO: the size of each coalesced datagram (the last may be shorter); 0 when the buffer
  // holds one datagram.
  size_t segment_size = 0;
};

ReceivedControl parse_received_control(const msghdr& message);

struct SendControl {
  // The source IP to send from; ignored when unspecified or of another family than `destination`.
  SocketAddress source;
  Ecn ecn = Ecn::kNotEct;
  // UDP GSO: the kernel splits the payload into datagrams of this size; 0 for one datagram.
  size_t segment_size = 0;
};

// Writes the control messages for a datagram to `destination` into `buffer` and points
// `message` at them (msg_controllen 0 when none are needed).
void write_send_control(msghdr& message, ControlBuffer<kSendControlSize>& buffer,
                        const SocketAddress& destination, const SendControl& control);

}  // namespace quasar
