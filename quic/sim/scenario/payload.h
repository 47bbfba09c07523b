// Payload streams for simulated transfers: pseudo-random bytes derived from a seed, written to a
// QUIC stream as flow control allows, and SHA-256 digests of what was sent and received.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <openssl/sha.h>

#include "quic/base/rng.h"
#include "quic/conn/connection.h"

namespace quasar::sim {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256() { SHA256_Init(&context_); }
  void update(std::span<const uint8_t> bytes) {
    SHA256_Update(&context_, bytes.data(), bytes.size());
  }
  Sha256Digest finish() {
    Sha256Digest digest;
    SHA256_Final(digest.data(), &context_);
    return digest;
  }

 private:
  SHA256_CTX context_;
};

// Writes `size` pseudo-random bytes (from `seed`) and a FIN to one stream, hashing them.
class StreamSender {
 public:
  StreamSender(uint64_t stream_id, uint64_t size, uint64_t seed)
      : stream_id_(stream_id), remaining_(size), rng_(seed), block_(64 * 1024) {}

  // Writes as much as the connection accepts now, at most `budget` bytes (the caller's rate
  // limit), taking what it wrote from the budget. True once everything and the FIN went in.
  bool pump(Connection& connection, uint64_t& budget);
  bool pump(Connection& connection) {
    uint64_t unlimited = UINT64_MAX;
    return pump(connection, unlimited);
  }
  bool done() const { return done_; }
  uint64_t stream_id() const { return stream_id_; }
  const Sha256Digest& digest() const { return digest_; }

 private:
  uint64_t stream_id_;
  uint64_t remaining_;  // not yet generated
  SeededRng rng_;
  std::vector<uint8_t> block_;
  size_t block_begin_ = 0;  // unwritten part of the block: [begin, end)
  size_t block_end_ = 0;
  Sha256 sha_;
  Sha256Digest digest_{};
  bool done_ = false;
};

// Reads a stream to its end, hashing and counting what arrives.
class StreamReceiver {
 public:
  explicit StreamReceiver(uint64_t stream_id) : stream_id_(stream_id) {}
  // Reads what is available; true once the FIN was read.
  bool pump(Connection& connection, Instant now, std::span<uint8_t> buffer);
  bool done() const { return done_; }
  uint64_t bytes() const { return bytes_; }
  const Sha256Digest& digest() const { return digest_; }
  // The first bytes read, kept for small request messages.
  const std::vector<uint8_t>& head() const { return head_; }

 private:
  uint64_t stream_id_;
  uint64_t bytes_ = 0;
  Sha256 sha_;
  Sha256Digest digest_{};
  std::vector<uint8_t> head_;
  bool done_ = false;
};

}  // namespace quasar::sim
