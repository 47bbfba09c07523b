// HandshakeOutput: the handshake bytes a TLS session produced for each encryption level and the
// connection has not taken yet (TlsSession::pending_crypto_data / consume_crypto_data).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/base/encryption_level.h"

namespace quasar {

class HandshakeOutput {
 public:
  void append(EncryptionLevel level, std::span<const uint8_t> bytes) {
    auto& out = levels_[index(level)].bytes;
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  std::span<const uint8_t> pending(EncryptionLevel level) const {
    const Level& l = levels_[index(level)];
    return std::span(l.bytes).subspan(l.consumed);
  }
  void consume(EncryptionLevel level, size_t length) {
    Level& l = levels_[index(level)];
    l.consumed += std::min(length, l.bytes.size() - l.consumed);
    // Once everything is taken the buffer starts over, so it does not grow across flights.
    if (l.consumed == l.bytes.size()) {
      l.bytes.clear();
      l.consumed = 0;
    }
  }

 private:
  struct Level {
    std::vector<uint8_t> bytes;
    size_t consumed = 0;
  };
  static size_t index(EncryptionLevel level) { return static_cast<size_t>(level); }

  std::array<Level, kEncryptionLevelCount> levels_;
};

}  // namespace quasar
