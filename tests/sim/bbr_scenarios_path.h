// ModelledPath: one Bbr2 sender driven directly over a modelled bottleneck, for the BBRv2
// checks that need the controller's own state (its ProbeBW clock) rather than a whole
// connection. Optionally other flows keep a standing queue at the bottleneck, and drain it
// together with this flow's ProbeRTT, as BBR flows sharing a queue do (draft-ietf-ccwg-bbr
// §5.3.4.2).
#pragma once

#include <algorithm>
#include <deque>
#include <vector>

#include "quic/base/time.h"
#include "quic/cc/bbr2/bbr2.h"
#include "quic/cc/delivery_rate_sampler.h"

namespace quasar::sim::bbr_scenarios {

struct ModelledPathConfig {
  double mbps = 20;                            // this flow's share of the bottleneck
  Duration rtt = Duration::from_millis(40);    // propagation delay, both ways
  Duration standing_delay = Duration::zero();  // queueing delay other flows keep up
  uint64_t queue_bytes = 0;                    // this flow's room in the queue; 0: a BDP
};

// Packets leave at the controller's pacing rate within its window, cross the bottleneck (a
// drop-tail queue served at `mbps`) and are acknowledged one by one; a packet is declared lost
// when one sent three later is acknowledged (RFC 9002 §6.1.1). The events reach the controller
// in the order LossDetection gives them: losses, then acknowledged packets, then the ACK.
class ModelledPath {
 public:
  static constexpr uint64_t kPacketBytes = 1200;

  explicit ModelledPath(ModelledPathConfig config)
      : config_(config), rate_(Bandwidth::from_mbps(config.mbps)) {
    if (config_.queue_bytes == 0) {
      config_.queue_bytes = std::max(rate_.bytes_in(config_.rtt), 16 * kPacketBytes);
    }
    now_ = Instant::from_nanos(0) + Duration::from_seconds(1);
    start_ = now_;
  }

  Bbr2& cc() { return cc_; }
  Instant now() const { return now_; }

  // Runs until `until` after the start, calling `each_ack` after every ACK.
  template <typename EachAck>
  void run(Duration until, EachAck each_ack) {
    const Instant end = start_ + until;
    while (now_ < end) {
      const Instant send_at = next_send_time();
      const Instant ack_at = acks_.empty() ? Instant::infinite_future() : acks_.front().at;
      now_ = std::min({send_at, ack_at, end});
      if (ack_at <= now_) {
        deliver_ack();
        each_ack();
      } else if (send_at <= now_) {
        send();
      }
    }
  }

 private:
  struct Packet {
    Instant sent;
    PacketDeliveryState delivery;
    bool acked = false;
    bool lost = false;
  };
  struct Ack {
    Instant at;
    uint64_t number = 0;
  };

  Instant next_send_time() const {
    if (inflight_ + kPacketBytes > cc_.congestion_window()) return Instant::infinite_future();
    const Bandwidth rate = cc_.pacing_rate();
    if (rate.is_infinite() || rate.is_zero()) return now_;
    return std::max(now_, next_paced_);
  }

  void send() {
    Packet p;
    p.sent = now_;
    p.delivery = sampler_.on_packet_sent(now_, inflight_, kPacketBytes);
    inflight_ += kPacketBytes;
    const uint64_t number = packets_.size();
    cc_.on_packet_sent(SentPacketEvent{now_, number, kPacketBytes, inflight_});
    const Bandwidth rate = cc_.pacing_rate();
    if (!rate.is_infinite() && !rate.is_zero()) {
      next_paced_ = std::max(next_paced_, now_) + rate.transfer_time(kPacketBytes);
    }
    // Other flows' queue is there unless they are in ProbeRTT, which they enter with this one.
    const Duration standing =
        cc_.mode() == bbr2::Mode::kProbeRtt ? Duration::zero() : config_.standing_delay;
    const Instant start_tx = std::max(now_, link_free_);
    const bool dropped = rate_.bytes_in(start_tx - now_) + kPacketBytes > config_.queue_bytes;
    if (!dropped) {
      link_free_ = start_tx + rate_.transfer_time(kPacketBytes);
      // First in, first out: a packet never overtakes one sent before it.
      last_ack_at_ = std::max(last_ack_at_, link_free_ + config_.rtt + standing);
      acks_.push_back(Ack{last_ack_at_, number});
    }
    packets_.push_back(p);
  }

  void deliver_ack() {
    const Ack ack = acks_.front();
    acks_.pop_front();
    Packet& p = packets_[ack.number];
    const uint64_t prior_inflight = inflight_;
    sampler_.begin_ack();
    const bool was_lost = p.lost;
    if (!was_lost) inflight_ -= kPacketBytes;
    sampler_.on_packet_acked(now_, ack.number, p.sent, kPacketBytes, p.delivery);
    p.acked = true;
    const Duration rtt = now_ - p.sent;
    min_rtt_ = std::min(min_rtt_, rtt);
    srtt_ = srtt_ == Duration::zero() ? rtt : (srtt_ * 7 + rtt) / 8;
    uint64_t lost_bytes = 0;
    Instant largest_lost_sent;
    while (next_unresolved_ + 3 <= ack.number) {
      const uint64_t number = next_unresolved_++;
      Packet& q = packets_[number];
      if (q.acked || q.lost) continue;
      q.lost = true;
      inflight_ -= kPacketBytes;
      lost_bytes += kPacketBytes;
      largest_lost_sent = q.sent;
      sampler_.on_packet_lost(kPacketBytes);
      cc_.on_packet_lost(LostPacketEvent{number, kPacketBytes, q.sent, q.delivery});
    }
    if (lost_bytes != 0) {
      cc_.on_congestion_event(LossEvent{now_, lost_bytes, largest_lost_sent, inflight_});
    }
    while (next_unresolved_ < packets_.size() && packets_[next_unresolved_].acked) {
      ++next_unresolved_;
    }
    const RateSample rate = sampler_.end_ack(min_rtt_);
    if (!was_lost) {
      cc_.on_packet_acked(
          AckedPacketEvent{ack.number, kPacketBytes, p.sent, p.delivery.is_app_limited});
    }
    AckEvent event;
    event.now = now_;
    event.acked_bytes = was_lost ? 0 : kPacketBytes;
    event.prior_bytes_in_flight = prior_inflight;
    event.bytes_in_flight = inflight_;
    event.largest_acked = ack.number;
    event.has_rtt_sample = true;
    event.latest_rtt = rtt;
    event.smoothed_rtt = srtt_;
    event.min_rtt = min_rtt_;
    event.rate = rate;
    cc_.on_ack(event);
  }

  ModelledPathConfig config_;
  Bandwidth rate_;
  Bbr2 cc_{CongestionControlConfig{}, 5};
  DeliveryRateSampler sampler_;
  Instant now_;
  Instant start_;
  Instant next_paced_;
  Instant link_free_;
  Instant last_ack_at_;
  uint64_t inflight_ = 0;
  std::vector<Packet> packets_;
  std::deque<Ack> acks_;
  uint64_t next_unresolved_ = 0;
  Duration min_rtt_ = Duration::infinite();
  Duration srtt_ = Duration::zero();
};

}  // namespace quasar::sim::bbr_scenarios
