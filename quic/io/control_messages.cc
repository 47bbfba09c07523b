// Control message parsing and writing (cmsg(3), ip(7), ipv6(7), udp(7)).
#include "quic/io/control_messages.h"

#include <netinet/in.h>
#include <netinet/udp.h>

#include <cstdint>
#include <cstring>

#include "quic/io/sockaddr_conversion.h"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

namespace quasar {

namespace {

Ecn ecn_of(unsigned traffic_class) { return static_cast<Ecn>(traffic_class & 0b11); }

template <typename T>
T read_data(const cmsghdr* c) {
  T value;
  std::memcpy(&value, CMSG_DATA(c), sizeof value);
  return value;
}

template <typename T>
cmsghdr* append(msghdr& message, cmsghdr* c, int level, int type, const T& value) {
  c->cmsg_level = level;
  c->cmsg_type = type;
  c->cmsg_len = CMSG_LEN(sizeof value);
  std::memcpy(CMSG_DATA(c), &value, sizeof value);
  message.msg_controllen += CMSG_SPACE(sizeof value);
  return reinterpret_cast<cmsghdr*>(reinterpret_cast<unsigned char*>(c) + CMSG_SPACE(sizeof value));
}

}  // namespace

ReceivedControl parse_received_control(const msghdr& message) {
  ReceivedControl out;
  for (const cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr;
       c = CMSG_NXTHDR(const_cast<msghdr*>(&message), const_cast<cmsghdr*>(c))) {
    const size_t data_length = c->cmsg_len - CMSG_LEN(0);
    if (c->cmsg_level == IPPROTO_IP) {
      if (c->cmsg_type == IP_PKTINFO && data_length >= sizeof(in_pktinfo)) {
        const auto info = read_data<in_pktinfo>(c);
        std::array<uint8_t, 4> ip;
        std::memcpy(ip.data(), &info.ipi_addr, 4);
        out.destination = SocketAddress::ipv4(ip, 0);
      } else if (c->cmsg_type == IP_TOS && data_length >= 1) {
        out.ecn = ecn_of(read_data<uint8_t>(c));  // one byte (ip(7))
      }
    } else if (c->cmsg_level == IPPROTO_IPV6) {
      if (c->cmsg_type == IPV6_PKTINFO && data_length >= sizeof(in6_pktinfo)) {
        const auto info = read_data<in6_pktinfo>(c);
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_addr = info.ipi6_addr;
        out.destination = from_sockaddr(reinterpret_cast<const sockaddr*>(&a), sizeof a);
      } else if (c->cmsg_type == IPV6_TCLASS && data_length >= sizeof(int)) {
        out.ecn = ecn_of(static_cast<unsigned>(read_data<int>(c)));
      }
    } else if (c->cmsg_level == IPPROTO_UDP && c->cmsg_type == UDP_GRO &&
               data_length >= sizeof(int)) {
      const int size = read_data<int>(c);
      out.segment_size = size > 0 ? static_cast<size_t>(size) : 0;
    }
  }
  return out;
}

void write_send_control(msghdr& message, ControlBuffer<kSendControlSize>& buffer,
                        const SocketAddress& destination, const SendControl& control) {
  std::memset(buffer.bytes, 0, sizeof buffer.bytes);
  message.msg_control = buffer.bytes;
  message.msg_controllen = 0;
  cmsghdr* c = reinterpret_cast<cmsghdr*>(buffer.bytes);
  const bool source_usable =
      control.source.family() == destination.family() && !is_unspecified(control.source);
  // An IPv4 destination goes through the IPv4 options even on a dual-stack IPv6 socket.
  if (destination.is_ipv4()) {
    if (source_usable) {
      in_pktinfo info{};
      std::memcpy(&info.ipi_spec_dst, control.source.ip_bytes().data(), 4);
      c = append(message, c, IPPROTO_IP, IP_PKTINFO, info);
    }
    if (control.ecn != Ecn::kNotEct) {
      c = append(message, c, IPPROTO_IP, IP_TOS, static_cast<int>(control.ecn));
    }
  } else {
    if (source_usable) {
      in6_pktinfo info{};
      std::memcpy(&info.ipi6_addr, control.source.ip_bytes().data(), 16);
      c = append(message, c, IPPROTO_IPV6, IPV6_PKTINFO, info);
    }
    if (control.ecn != Ecn::kNotEct) {
      c = append(message, c, IPPROTO_IPV6, IPV6_TCLASS, static_cast<int>(control.ecn));
    }
  }
  if (control.segment_size != 0) {
    c = append(message, c, IPPROTO_UDP, UDP_SEGMENT, static_cast<uint16_t>(control.segment_size));
  }
  if (message.msg_controllen == 0) message.msg_control = nullptr;
}

}  // namespace quasar
