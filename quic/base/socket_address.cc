// SocketAddress parsing and formatting (inet_pton/inet_ntop are pure conversions, no I/O).
#include "quic/base/socket_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace quasar {

SocketAddress SocketAddress::ipv4(std::array<uint8_t, 4> ip, uint16_t port) {
  SocketAddress a;
  a.family_ = Family::kIpv4;
  a.port_ = port;
  std::memcpy(a.ip_.data(), ip.data(), 4);
  return a;
}

SocketAddress SocketAddress::ipv6(std::array<uint8_t, 16> ip, uint16_t port) {
  SocketAddress a;
  a.family_ = Family::kIpv6;
  a.port_ = port;
  a.ip_ = ip;
  return a;
}

std::optional<SocketAddress> SocketAddress::parse(std::string_view text) {
  std::string host;
  std::string_view port_text;
  bool v6 = false;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
    v6 = true;
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    return std::nullopt;
  }
  if (v6) {
    std::array<uint8_t, 16> ip{};
    if (inet_pton(AF_INET6, host.c_str(), ip.data()) != 1) return std::nullopt;
    return ipv6(ip, static_cast<uint16_t>(port));
  }
  std::array<uint8_t, 4> ip{};
  if (inet_pton(AF_INET, host.c_str(), ip.data()) != 1) return std::nullopt;
  return ipv4(ip, static_cast<uint16_t>(port));
}

std::string SocketAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  switch (family_) {
    case Family::kIpv4:
      inet_ntop(AF_INET, ip_.data(), buf, sizeof buf);
      return std::string(buf) + ":" + std::to_string(port_);
    case Family::kIpv6:
      inet_ntop(AF_INET6, ip_.data(), buf, sizeof buf);
      return "[" + std::string(buf) + "]:" + std::to_string(port_);
    case Family::kNone:
      break;
  }
  return "none";
}

}  // namespace quasar
