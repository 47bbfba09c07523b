// SocketAddress: an IPv4 or IPv6 address and UDP port as plain bytes. The core compares and
// prints addresses; only quic/io converts them to and from the kernel's sockaddr.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace quasar {

class SocketAddress {
 public:
  enum class Family : uint8_t { kNone, kIpv4, kIpv6 };

  SocketAddress() = default;
  static SocketAddress ipv4(std::array<uint8_t, 4> ip, uint16_t port);
  static SocketAddress ipv6(std::array<uint8_t, 16> ip, uint16_t port);
  // Parses "1.2.3.4:443", "[::1]:443"; nullopt if malformed.
  static std::optional<SocketAddress> parse(std::string_view text);

  Family family() const { return family_; }
  bool is_ipv4() const { return family_ == Family::kIpv4; }
  bool is_ipv6() const { return family_ == Family::kIpv6; }
  uint16_t port() const { return port_; }
  void set_port(uint16_t port) { port_ = port; }
  // 4 bytes for IPv4, 16 for IPv6 (the rest of the array is zero).
  const std::array<uint8_t, 16>& ip_bytes() const { return ip_; }
  bool same_ip(const SocketAddress& other) const {
    return family_ == other.family_ && ip_ == other.ip_;
  }
  // The wildcard address (0.0.0.0 or ::), or no address at all.
  bool is_unspecified() const {
    for (uint8_t b : ip_) {
      if (b != 0) return false;
    }
    return true;
  }

  std::string to_string() const;

  friend bool operator==(const SocketAddress&, const SocketAddress&) = default;
  friend auto operator<=>(const SocketAddress&, const SocketAddress&) = default;

 private:
  Family family_ = Family::kNone;
  uint16_t port_ = 0;
  std::array<uint8_t, 16> ip_{};
};

struct SocketAddressHash {
  size_t operator()(const SocketAddress& a) const {
    uint64_t h = 1469598103934665603ull ^ static_cast<uint64_t>(a.family());
    for (uint8_t b : a.ip_bytes()) h = (h ^ b) * 1099511628211ull;
    return static_cast<size_t>((h ^ a.port()) * 1099511628211ull);
  }
};

}  // namespace quasar
