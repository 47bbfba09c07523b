// DeliveryRateSampler: draft-ietf-ccwg-bbr §4.1.2 rate samples on a synthetic sequence.
#include <catch2/catch.hpp>

#include <vector>

#include "quic/cc/delivery_rate_sampler.h"
#include "recovery_test_support.h"

namespace quasar {
namespace {

using test::at_ms;
using test::ms;

struct Flight {
  DeliveryRateSampler sampler;
  std::vector<PacketDeliveryState> packets;
  std::vector<Instant> send_times;
  uint64_t in_flight = 0;

  void send(Instant now, uint64_t bytes = 1000) {
    packets.push_back(sampler.on_packet_sent(now, in_flight, bytes));
    send_times.push_back(now);
    in_flight += bytes;
  }
  RateSample ack(Instant now, std::vector<uint64_t> pns, Duration min_rtt = Duration::zero(),
                 uint64_t bytes = 1000) {
    sampler.begin_ack();
    for (uint64_t pn : pns) {
      sampler.on_packet_acked(now, pn, send_times[pn], bytes, packets[pn]);
      in_flight -= bytes;
    }
    return sampler.end_ack(min_rtt);
  }
};

TEST_CASE("Delivery rate: delivered bytes over max(send, ack) elapsed", "[recovery][rate]") {
  Flight f;
  for (int i = 0; i < 10; ++i) f.send(at_ms(i));
  // Every packet sent before any ACK carries delivered = 0 and delivered_time = first send.
  CHECK(f.packets[5].delivered == 0);
  CHECK(f.packets[5].delivered_time == at_ms(0));
  CHECK(f.packets[5].first_send_time == at_ms(0));
  CHECK(f.packets[5].tx_in_flight == 6000);
  for (uint64_t i = 0; i < 10; ++i) {
    const RateSample rs = f.ack(at_ms(100.0 + static_cast<double>(i)), {i});
    // Packet i: (i + 1) * 1000 bytes delivered since its delivered_time (0 ms); the ACK
    // interval (100 + i ms) is longer than the send interval (i ms).
    CHECK(rs.has_rate);
    CHECK(rs.delivered == (i + 1) * 1000);
    CHECK(rs.ack_elapsed == ms(100.0 + static_cast<double>(i)));
    CHECK(rs.send_elapsed == ms(static_cast<double>(i)));
    CHECK(rs.interval == ms(100.0 + static_cast<double>(i)));
    CHECK(rs.delivery_rate ==
          Bandwidth::from_bytes_and_time((i + 1) * 1000, ms(100.0 + static_cast<double>(i))));
    CHECK(rs.last_acked_packet == i);
    CHECK_FALSE(rs.is_app_limited);
  }
  CHECK(f.sampler.delivered() == 10000);
}

TEST_CASE("Delivery rate: a stretch ACK samples from its newest packet", "[recovery][rate]") {
  Flight f;
  for (int i = 0; i < 4; ++i) f.send(at_ms(10.0 * i));
  f.ack(at_ms(100), {0});
  f.send(at_ms(101));  // packet 4: delivered 1000 at 100 ms
  const RateSample rs = f.ack(at_ms(201), {1, 2, 3, 4});
  CHECK(rs.last_acked_packet == 4);
  CHECK(rs.prior_delivered == 1000);
  CHECK(rs.prior_time == at_ms(100));
  CHECK(rs.delivered == 4000);
  CHECK(rs.newly_acked == 4000);
  CHECK(rs.interval == ms(101));
}

TEST_CASE("Delivery rate: the send interval caps an ACK-compressed rate", "[recovery][rate]") {
  Flight f;
  f.send(at_ms(0));
  f.ack(at_ms(50), {0});
  // Packets 1-3 sent over 30 ms, acknowledged together 1 ms after the previous ACK.
  f.send(at_ms(50));
  f.send(at_ms(65));
  f.send(at_ms(80));
  const RateSample rs = f.ack(at_ms(51), {1, 2, 3});
  CHECK(rs.send_elapsed == ms(30));
  CHECK(rs.ack_elapsed == ms(1));
  CHECK(rs.interval == ms(30));
}

TEST_CASE("Delivery rate: intervals below min_rtt give no rate", "[recovery][rate]") {
  Flight f;
  f.send(at_ms(0));
  const RateSample rs = f.ack(at_ms(10), {0}, ms(20));
  CHECK(rs.has_data);
  CHECK_FALSE(rs.has_rate);
  CHECK(rs.delivery_rate.is_zero());
}

TEST_CASE("Delivery rate: application-limited marking lasts until the bubble is delivered",
          "[recovery][rate]") {
  Flight f;
  f.send(at_ms(0));
  f.send(at_ms(1));
  f.sampler.on_app_limited(f.in_flight);  // 2000 bytes in flight, nothing more to send
  CHECK(f.sampler.app_limited());
  f.send(at_ms(2));
  CHECK_FALSE(f.packets[1].is_app_limited);
  CHECK(f.packets[2].is_app_limited);
  CHECK_FALSE(f.ack(at_ms(50), {0}).is_app_limited);
  CHECK(f.sampler.app_limited());
  CHECK_FALSE(f.ack(at_ms(51), {1}).is_app_limited);
  // delivered (2000) is not yet beyond the mark (2000): still app-limited.
  CHECK(f.sampler.app_limited());
  CHECK(f.ack(at_ms(52), {2}).is_app_limited);
  CHECK_FALSE(f.sampler.app_limited());
}

TEST_CASE("Delivery rate: packets are counted once and losses are tracked", "[recovery][rate]") {
  Flight f;
  f.send(at_ms(0));
  f.send(at_ms(1));
  f.sampler.begin_ack();
  f.sampler.on_packet_lost(1000);
  f.sampler.on_packet_acked(at_ms(50), 1, at_ms(1), 1000, f.packets[1]);
  f.sampler.on_packet_acked(at_ms(50), 1, at_ms(1), 1000, f.packets[1]);
  const RateSample rs = f.sampler.end_ack(Duration::zero());
  CHECK(f.sampler.delivered() == 1000);
  CHECK(rs.newly_lost == 1000);
  CHECK(rs.lost == 1000);
  CHECK(f.sampler.lost() == 1000);
  // An ACK delivering nothing yields no sample.
  f.sampler.begin_ack();
  CHECK_FALSE(f.sampler.end_ack(Duration::zero()).has_data);
}

}  // namespace
}  // namespace quasar
