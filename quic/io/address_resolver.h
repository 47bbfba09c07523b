// Host name resolution for UDP (getaddrinfo) and the local address the kernel's routing picks
// to reach a peer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "quic/base/result.h"
#include "quic/base/socket_address.h"
#include "quic/io/io_error.h"

namespace quasar {

// The addresses of `host` (a name or an IP literal, IPv6 without brackets) with `port`, in
// the resolver's order of preference.
Result<std::vector<SocketAddress>, IoError> resolve_udp(const std::string& host, uint16_t port);

// The source IP the kernel would use towards `peer`, with port 0 (a UDP connect() of a
// throwaway socket; nothing is sent).
Result<SocketAddress, IoError> local_address_towards(const SocketAddress& peer);

}  // namespace quasar
