// ConnectionId: a QUIC connection ID of 0 to 20 bytes (RFC 9000 §5.1, §17.2), stored inline.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>

namespace quasar {

// RFC 9000 §17.2: in QUIC v1 a connection ID is at most 20 bytes.
inline constexpr size_t kMaxConnectionIdLength = 20;

class ConnectionId {
 public:
  ConnectionId() = default;

  // Returns false (and leaves `out` empty) if `bytes` is longer than 20.
  [[nodiscard]] static bool from_bytes(std::span<const uint8_t> bytes, ConnectionId& out) {
    out = ConnectionId();
    if (bytes.size() > kMaxConnectionIdLength) return false;
    out.length_ = static_cast<uint8_t>(bytes.size());
    if (!bytes.empty()) std::memcpy(out.bytes_.data(), bytes.data(), bytes.size());
    return true;
  }
  // For tests and constants: truncates silently beyond 20 bytes.
  static ConnectionId of(std::span<const uint8_t> bytes) {
    ConnectionId id;
    (void)from_bytes(bytes.first(std::min(bytes.size(), kMaxConnectionIdLength)), id);
    return id;
  }

  size_t size() const { return length_; }
  bool empty() const { return length_ == 0; }
  const uint8_t* data() const { return bytes_.data(); }
  std::span<const uint8_t> span() const { return {bytes_.data(), length_}; }

  std::string to_hex() const;

  friend bool operator==(const ConnectionId& a, const ConnectionId& b) {
    return a.length_ == b.length_ && std::memcmp(a.bytes_.data(), b.bytes_.data(), a.length_) == 0;
  }
  friend bool operator<(const ConnectionId& a, const ConnectionId& b) {
    return std::lexicographical_compare(a.bytes_.begin(), a.bytes_.begin() + a.length_,
                                        b.bytes_.begin(), b.bytes_.begin() + b.length_);
  }

 private:
  std::array<uint8_t, kMaxConnectionIdLength> bytes_{};
  uint8_t length_ = 0;
};

// FNV-1a over the bytes: CIDs are random, so any mixing suffices for hash tables.
struct ConnectionIdHash {
  size_t operator()(const ConnectionId& id) const {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < id.size(); ++i) h = (h ^ id.data()[i]) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
};

}  // namespace quasar
