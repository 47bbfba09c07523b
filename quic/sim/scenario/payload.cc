// StreamSender and StreamReceiver.
#include "quic/sim/scenario/payload.h"

#include <algorithm>

namespace quasar::sim {

namespace {
constexpr size_t kHeadBytes = 64;
}

bool StreamSender::pump(Connection& connection, uint64_t& budget) {
  while (!done_) {
    if (block_begin_ == block_end_ && remaining_ > 0) {
      block_end_ = static_cast<size_t>(std::min<uint64_t>(block_.size(), remaining_));
      block_begin_ = 0;
      rng_.fill(std::span(block_).first(block_end_));
      sha_.update(std::span(block_).first(block_end_));
      remaining_ -= block_end_;
    }
    if (block_begin_ < block_end_) {
      const size_t want =
          static_cast<size_t>(std::min<uint64_t>(block_end_ - block_begin_, budget));
      if (want == 0) return false;
      auto written = connection.write(stream_id_, std::span(block_).subspan(block_begin_, want));
      if (!written.ok() || *written == 0) return false;
      block_begin_ += *written;
      budget -= *written;
      continue;
    }
    if (!connection.finish(stream_id_).ok()) return false;
    digest_ = sha_.finish();
    done_ = true;
  }
  return true;
}

bool StreamReceiver::pump(Connection& connection, Instant now, std::span<uint8_t> buffer) {
  while (!done_) {
    auto r = connection.read(stream_id_, buffer, now);
    if (!r.ok()) return false;
    const auto data = buffer.first(r->bytes);
    sha_.update(data);
    if (head_.size() < kHeadBytes) {
      const size_t take = std::min(kHeadBytes - head_.size(), data.size());
      head_.insert(head_.end(), data.begin(), data.begin() + take);
    }
    bytes_ += r->bytes;
    if (r->fin) {
      digest_ = sha_.finish();
      done_ = true;
    }
    if (r->bytes == 0) break;
  }
  return done_;
}

}  // namespace quasar::sim
