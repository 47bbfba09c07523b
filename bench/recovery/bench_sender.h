// BenchSender: a LossDetection driven the way a connection drives it, with CUBIC attached and
// a visitor that queues lost frames for retransmission, for the ACK-path benchmarks.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "quic/cc/cubic.h"
#include "quic/recovery/loss_detection.h"

namespace quasar::bench {

// The retransmission queue: a fixed ring of frames waiting to be sent again.
class RetransmitQueue final : public SentPacketVisitor {
 public:
  explicit RetransmitQueue(size_t capacity = size_t{1} << 16)
      : frames_(capacity), mask_(capacity - 1) {}

  void on_packet_acked(PacketNumberSpace, const SentPacket&, std::span<const SentFrame> frames,
                       bool) override {
    acked_frames_ += frames.size();
  }
  void on_packet_lost(PacketNumberSpace, const SentPacket&,
                      std::span<const SentFrame> frames) override {
    for (const SentFrame& f : frames) {
      if (is_retransmittable(f.type)) frames_[tail_++ & mask_] = f;
    }
  }
  size_t queued() const { return static_cast<size_t>(tail_ - head_); }
  // The connection sent them again.
  void drain() { head_ = tail_; }
  uint64_t acked_frames() const { return acked_frames_; }

 private:
  std::vector<SentFrame> frames_;
  uint64_t mask_;
  uint64_t head_ = 0;
  uint64_t tail_ = 0;
  uint64_t acked_frames_ = 0;
};

struct BenchSender {
  static constexpr auto kApp = PacketNumberSpace::kApplication;

  Cubic cc;
  LossDetection loss{Role::kServer, &cc};
  RetransmitQueue queue;
  uint64_t next_pn = 0;
  uint64_t stream_offset = 0;
  Instant now = Instant::from_nanos(1'000'000'000);

  BenchSender() { loss.on_handshake_confirmed(now); }

  // Sends `n` 1200-byte packets, each with a STREAM and a MAX_STREAM_DATA frame.
  void send(uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) {
      const SentFrame frames[] = {SentFrame::make_stream(4, stream_offset, 1150, false),
                                  SentFrame::make_max_stream_data(4, stream_offset + (1 << 20))};
      stream_offset += 1150;
      SentPacketParams p;
      p.packet_number = next_pn++;
      p.bytes = 1200;
      p.ack_eliciting = true;
      p.in_flight = true;
      if (!loss.on_packet_sent(now, kApp, p, frames).ok()) std::abort();
      now += Duration::from_nanos(100);
    }
  }

  // Delivers an ACK frame; `ranges` must be largest first.
  AckResult ack(std::span<const AckRange> ranges) {
    now += Duration::from_micros(10);
    AckRangeSpan source(ranges);
    ReceivedAck frame;
    frame.largest_acknowledged = ranges.front().largest;
    auto result = loss.on_ack_received(now, kApp, frame, source, queue);
    if (!result.ok()) std::abort();
    return *result;
  }
};

}  // namespace quasar::bench
