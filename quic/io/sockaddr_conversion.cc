// SocketAddress <-> sockaddr_in / sockaddr_in6.
#include "quic/io/sockaddr_conversion.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace quasar {

in6_addr ipv4_mapped(const uint8_t* ipv4) {
  in6_addr a{};
  a.s6_addr[10] = 0xff;
  a.s6_addr[11] = 0xff;
  std::memcpy(&a.s6_addr[12], ipv4, 4);
  return a;
}

bool is_ipv4_mapped(const in6_addr& address) {
  static constexpr uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(address.s6_addr, kPrefix, sizeof kPrefix) == 0;
}

socklen_t to_sockaddr(const SocketAddress& address, int socket_family, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (address.is_ipv4() && socket_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&out);
    in->sin_family = AF_INET;
    in->sin_port = htons(address.port());
    std::memcpy(&in->sin_addr, address.ip_bytes().data(), 4);
    return sizeof(sockaddr_in);
  }
  if (socket_family != AF_INET6 || address.family() == SocketAddress::Family::kNone) return 0;
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(address.port());
  if (address.is_ipv4()) {
    in6->sin6_addr = ipv4_mapped(address.ip_bytes().data());
  } else {
    std::memcpy(&in6->sin6_addr, address.ip_bytes().data(), 16);
  }
  return sizeof(sockaddr_in6);
}

SocketAddress from_sockaddr(const sockaddr* in, socklen_t length) {
  if (in->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(in);
    std::array<uint8_t, 4> ip;
    std::memcpy(ip.data(), &v4->sin_addr, 4);
    return SocketAddress::ipv4(ip, ntohs(v4->sin_port));
  }
  if (in->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(in);
    if (is_ipv4_mapped(v6->sin6_addr)) {
      std::array<uint8_t, 4> ip;
      std::memcpy(ip.data(), &v6->sin6_addr.s6_addr[12], 4);
      return SocketAddress::ipv4(ip, ntohs(v6->sin6_port));
    }
    std::array<uint8_t, 16> ip;
    std::memcpy(ip.data(), &v6->sin6_addr, 16);
    return SocketAddress::ipv6(ip, ntohs(v6->sin6_port));
  }
  return SocketAddress();
}

bool is_unspecified(const SocketAddress& address) {
  const auto& ip = address.ip_bytes();
  return std::all_of(ip.begin(), ip.end(), [](uint8_t b) { return b == 0; });
}

}  // namespace quasar
