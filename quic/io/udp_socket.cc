// UdpSocket: opening, binding and feature detection.
#include "quic/io/udp_socket.h"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "quic/io/sockaddr_conversion.h"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

namespace quasar {

namespace {

bool set_int_option(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value) == 0;
}

std::string human_size(size_t bytes) {
  if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1 << 10)) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " B";
}

// Requests `wanted` bytes of kernel buffer (SO_RCVBUF or SO_SNDBUF), trying the privileged
// *FORCE variant when the sysctl limit is lower, and returns what the kernel granted. Linux
// doubles the value for its own bookkeeping and reports the doubled size (socket(7)).
size_t request_buffer(int fd, int name, int force_name, size_t wanted) {
  const int value = static_cast<int>(std::min<size_t>(wanted, 1u << 30));
  auto granted = [&] {
    int size = 0;
    socklen_t length = sizeof size;
    if (getsockopt(fd, SOL_SOCKET, name, &size, &length) != 0) return size_t{0};
    return static_cast<size_t>(size) / 2;
  };
  set_int_option(fd, SOL_SOCKET, name, value);
  if (granted() < wanted) set_int_option(fd, SOL_SOCKET, force_name, value);
  return granted();
}

}  // namespace

Result<UdpSocket, IoError> UdpSocket::open(const UdpSocketOptions& options) {
  const int family = options.bind_address.is_ipv4() ? AF_INET : AF_INET6;
  if (options.bind_address.family() == SocketAddress::Family::kNone) {
    return Err(IoError{EINVAL, "UDP socket: no bind address"});
  }
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) return Err(IoError::from_errno("socket"));
  UdpSocket socket(fd, family);
  auto configured = socket.configure(options);
  if (!configured.ok()) return Err(configured.error());
  return socket;
}

Result<void, IoError> UdpSocket::configure(const UdpSocketOptions& options) {
  const bool v6 = family_ == AF_INET6;
  if (v6) {
    dual_stack_ = !options.ipv6_only;
    if (!set_int_option(fd_, IPPROTO_IPV6, IPV6_V6ONLY, options.ipv6_only ? 1 : 0)) {
      return Err(IoError::from_errno("setsockopt(IPV6_V6ONLY)"));
    }
  }

  sockaddr_storage address;
  const socklen_t length = to_sockaddr(options.bind_address, family_, address);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&address), length) != 0) {
    return Err(IoError::from_errno(("bind " + options.bind_address.to_string()).c_str()));
  }
  sockaddr_storage bound;
  socklen_t bound_length = sizeof bound;
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &bound_length) != 0) {
    return Err(IoError::from_errno("getsockname"));
  }
  local_ = from_sockaddr(reinterpret_cast<const sockaddr*>(&bound), bound_length);

  // RFC 9000 §14: QUIC datagrams must not be fragmented by IP. PROBE sets DF but ignores the
  // kernel's path MTU cache, so our own datagram sizing decides (RFC 9000 §14.3).
  if (v6) {
    set_int_option(fd_, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_PROBE);
    if (dual_stack_) set_int_option(fd_, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE);
  } else {
    set_int_option(fd_, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE);
  }

  // RFC 9000 §13.4: ECN codepoints of received packets; RFC 9000 §9 needs the local address.
  // A dual-stack socket receives IPv4 packets through the IPv4 options.
  bool ecn = true;
  bool pktinfo = true;
  if (v6) {
    ecn = set_int_option(fd_, IPPROTO_IPV6, IPV6_RECVTCLASS, 1);
    pktinfo = set_int_option(fd_, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
    if (dual_stack_) {
      ecn = set_int_option(fd_, IPPROTO_IP, IP_RECVTOS, 1) && ecn;
      pktinfo = set_int_option(fd_, IPPROTO_IP, IP_PKTINFO, 1) && pktinfo;
    }
  } else {
    ecn = set_int_option(fd_, IPPROTO_IP, IP_RECVTOS, 1);
    pktinfo = set_int_option(fd_, IPPROTO_IP, IP_PKTINFO, 1);
  }
  features_.ecn = ecn;
  features_.pktinfo = pktinfo;
  if (!ecn) features_.warnings.push_back("received ECN codepoints are not reported");
  if (!pktinfo) features_.warnings.push_back("destination addresses are not reported");

  // UDP GSO is there when the socket option exists (Linux 4.18+).
  if (options.enable_gso) {
    int segment = 0;
    socklen_t segment_length = sizeof segment;
    features_.gso = getsockopt(fd_, IPPROTO_UDP, UDP_SEGMENT, &segment, &segment_length) == 0;
    if (!features_.gso) features_.warnings.push_back("UDP GSO unavailable: one datagram per send");
  }
  // UDP GRO (Linux 5.0+).
  if (options.enable_gro) {
    features_.gro = set_int_option(fd_, IPPROTO_UDP, UDP_GRO, 1);
    if (!features_.gro) features_.warnings.push_back("UDP GRO unavailable");
  }

  features_.receive_buffer_size =
      request_buffer(fd_, SO_RCVBUF, SO_RCVBUFFORCE, options.receive_buffer_size);
  features_.send_buffer_size =
      request_buffer(fd_, SO_SNDBUF, SO_SNDBUFFORCE, options.send_buffer_size);
  if (features_.receive_buffer_size < options.receive_buffer_size) {
    features_.warnings.push_back("UDP receive buffer: requested " +
                                 human_size(options.receive_buffer_size) + ", kernel granted " +
                                 human_size(features_.receive_buffer_size) +
                                 " (raise net.core.rmem_max)");
  }
  if (features_.send_buffer_size < options.send_buffer_size) {
    features_.warnings.push_back(
        "UDP send buffer: requested " + human_size(options.send_buffer_size) + ", kernel granted " +
        human_size(features_.send_buffer_size) + " (raise net.core.wmem_max)");
  }
  return {};
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      family_(other.family_),
      dual_stack_(other.dual_stack_),
      local_(other.local_),
      features_(std::move(other.features_)) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    family_ = other.family_;
    dual_stack_ = other.dual_stack_;
    local_ = other.local_;
    features_ = std::move(other.features_);
  }
  return *this;
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool UdpSocket::can_reach(const SocketAddress& peer) const {
  if (peer.is_ipv4()) {
    return family_ == AF_INET || (dual_stack_ && (is_unspecified(local_) || local_.is_ipv4()));
  }
  return peer.is_ipv6() && family_ == AF_INET6;
}

}  // namespace quasar
