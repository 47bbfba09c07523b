// resolve_udp() and local_address_towards().
#include "quic/io/address_resolver.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "quic/io/sockaddr_conversion.h"

namespace quasar {

Result<std::vector<SocketAddress>, IoError> resolve_udp(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_protocol = IPPROTO_UDP;
  addrinfo* results = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &results);
  if (rc != 0) return Err(IoError{0, "cannot resolve " + host + ": " + gai_strerror(rc)});
  std::vector<SocketAddress> addresses;
  for (const addrinfo* a = results; a != nullptr; a = a->ai_next) {
    SocketAddress address = from_sockaddr(a->ai_addr, a->ai_addrlen);
    if (address.family() == SocketAddress::Family::kNone) continue;
    address.set_port(port);
    bool seen = false;
    for (const auto& known : addresses) seen = seen || known == address;
    if (!seen) addresses.push_back(address);
  }
  freeaddrinfo(results);
  if (addresses.empty()) return Err(IoError{0, "no address for " + host});
  return addresses;
}

Result<SocketAddress, IoError> local_address_towards(const SocketAddress& peer) {
  const int family = peer.is_ipv4() ? AF_INET : AF_INET6;
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) return Err(IoError::from_errno("socket"));
  sockaddr_storage address;
  const socklen_t length = to_sockaddr(peer, family, address);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0) {
    IoError error = IoError::from_errno(("no route to " + peer.to_string()).c_str());
    ::close(fd);
    return Err(error);
  }
  sockaddr_storage local;
  socklen_t local_length = sizeof local;
  const int rc = getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length);
  const int error_number = errno;
  ::close(fd);
  if (rc != 0) return Err(IoError::from_errno("getsockname", error_number));
  SocketAddress result = from_sockaddr(reinterpret_cast<const sockaddr*>(&local), local_length);
  result.set_port(0);
  return result;
}

}  // namespace quasar
