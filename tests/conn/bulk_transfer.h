// BulkTransfer: test traffic for a pair of connections — streams opened by either side, filled
// with bytes that depend only on (stream, offset), read and checked by the other side.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "quic/conn/connection.h"
#include "tests/conn/test_endpoints.h"

namespace quasar::test {

inline uint8_t payload_byte(uint64_t stream_id, uint64_t offset) {
  uint64_t x = (stream_id + 1) * 0x9e3779b97f4a7c15ull ^ (offset / 8) * 0xbf58476d1ce4e5b9ull;
  x ^= x >> 31;
  x *= 0x94d049bb133111ebull;
  return static_cast<uint8_t>(x >> (8 * (offset % 8)));
}

class BulkTransfer {
 public:
  struct Plan {
    bool from_client = true;
    bool bidirectional = true;
    uint64_t size = 0;
  };

  explicit BulkTransfer(std::vector<Plan> plans) : plans_(std::move(plans)) {
    progress_.resize(plans_.size());
  }

  // Opens what it can, writes, reads and verifies. Returns false on any mismatch.
  bool pump(Connection* client, Connection* server, Instant now) {
    std::vector<uint8_t> buffer(64 * 1024);
    for (size_t i = 0; i < plans_.size(); ++i) {
      Progress& p = progress_[i];
      Connection* sender = plans_[i].from_client ? client : server;
      if (!sender || !sender->is_handshake_complete()) continue;
      if (!p.id) {
        auto id = sender->open_stream(plans_[i].bidirectional);
        if (!id.ok()) continue;
        p.id = *id;
        by_stream_[*id] = i;
      }
      while (p.written < plans_[i].size) {
        const size_t n =
            static_cast<size_t>(std::min<uint64_t>(buffer.size(), plans_[i].size - p.written));
        for (size_t k = 0; k < n; ++k) buffer[k] = payload_byte(*p.id, p.written + k);
        auto w = sender->write(*p.id, std::span(buffer).first(n));
        if (!w.ok() || *w == 0) break;
        p.written += *w;
      }
      if (p.written == plans_[i].size && !p.finished) {
        p.finished = sender->finish(*p.id).ok();
      }
    }
    for (auto& [stream, index] : by_stream_) {
      Progress& p = progress_[index];
      Connection* receiver = plans_[index].from_client ? server : client;
      if (!receiver || p.fin_read) continue;
      while (true) {
        auto r = receiver->read(stream, buffer, now);
        if (!r.ok()) break;
        for (size_t k = 0; k < r->bytes; ++k) {
          if (buffer[k] != payload_byte(stream, p.read + k)) return false;
        }
        p.read += r->bytes;
        if (r->fin) {
          p.fin_read = true;
          if (p.read != plans_[index].size) return false;
          // Close our half of a bidirectional stream so the stream can be released and its
          // credit returned (RFC 9000 §3.4, §4.6).
          if (plans_[index].bidirectional && !receiver->finish(stream).ok()) return false;
        }
        if (r->bytes == 0) break;
      }
    }
    return true;
  }

  bool done() const {
    for (const Progress& p : progress_) {
      if (!p.fin_read) return false;
    }
    return true;
  }
  uint64_t bytes_read() const {
    uint64_t total = 0;
    for (const Progress& p : progress_) total += p.read;
    return total;
  }

 private:
  struct Progress {
    std::optional<uint64_t> id;
    uint64_t written = 0;
    uint64_t read = 0;
    bool finished = false;
    bool fin_read = false;
  };
  std::vector<Plan> plans_;
  std::vector<Progress> progress_;
  std::map<uint64_t, size_t> by_stream_;
};

// Connects, then runs the transfer to completion; returns false if it stalls or corrupts.
// `client_handle`, if given, receives the client's connection handle.
inline bool run_transfer(EndpointPair& pair, BulkTransfer& transfer,
                         Duration limit = Duration::from_seconds(60),
                         ConnectionHandle* client_handle = nullptr) {
  const ConnectionHandle client = pair.connect();
  if (client_handle) *client_handle = client;
  bool ok = true;
  const bool done = pair.run_until(
      [&] {
        Connection* c = pair.client().connection(client);
        Connection* s = pair.server_events.empty()
                            ? nullptr
                            : pair.server().connection(pair.server_events.front().connection);
        ok = ok && transfer.pump(c, s, pair.now());
        return !ok || transfer.done();
      },
      limit);
  return ok && done;
}

}  // namespace quasar::test
