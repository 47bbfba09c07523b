// Conversions between SocketAddress and the kernel's sockaddr. IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d, what a dual-stack socket reports for IPv4 peers) become plain IPv4, so the
// core sees one spelling of every address.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include "quic/base/socket_address.h"

namespace quasar {

// Fills `out` for a socket of `socket_family` (AF_INET or AF_INET6) and returns the length; an
// IPv4 address given to an AF_INET6 socket is written IPv4-mapped. Returns 0 when the address
// cannot be reached from that socket (IPv6 on an AF_INET socket, or no address).
socklen_t to_sockaddr(const SocketAddress& address, int socket_family, sockaddr_storage& out);

// The address in `in`, IPv4-mapped IPv6 unmapped; an empty SocketAddress for other families.
SocketAddress from_sockaddr(const sockaddr* in, socklen_t length);

// The IPv6 address bytes that carry `ipv4` (4 bytes) on a dual-stack socket: ::ffff:a.b.c.d.
in6_addr ipv4_mapped(const uint8_t* ipv4);
// True for ::ffff:a.b.c.d.
bool is_ipv4_mapped(const in6_addr& address);

// True for 0.0.0.0 and ::, the wildcard addresses.
bool is_unspecified(const SocketAddress& address);

}  // namespace quasar
