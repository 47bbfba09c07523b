// SentPacket: what the sender remembers about one packet until it is acknowledged, declared
// lost and forgotten, or its packet number space is discarded (RFC 9002 Appendix A.1.1).
#pragma once

#include <cstdint>

#include "quic/base/ecn.h"
#include "quic/base/encryption_level.h"
#include "quic/base/time.h"
#include "quic/cc/rate_sample.h"

namespace quasar {

enum class SentPacketState : uint8_t {
  kOutstanding,  // sent, neither acknowledged nor declared lost
  kLost,         // declared lost, kept for a while to detect spurious losses
  kAcked,        // acknowledged; its slot is reclaimed when it reaches the front
  kSkipped,      // a packet number never used (RFC 9000 §21.4 optimistic ACK defence)
};

struct SentPacket {
  uint64_t packet_number = 0;
  Instant time_sent;
  uint32_t bytes = 0;  // sent_bytes: QUIC header, frames and AEAD tag, not UDP/IP
  PacketNumberSpace space = PacketNumberSpace::kInitial;
  bool ack_eliciting = false;
  bool in_flight = false;      // counts toward bytes in flight
  bool is_pmtu_probe = false;  // its loss is no congestion signal (RFC 9000 §14.4)
  bool is_zero_rtt = false;
  Ecn ecn = Ecn::kNotEct;  // the codepoint the datagram was sent with
  SentPacketState state = SentPacketState::kOutstanding;
  PacketDeliveryState delivery;  // draft-ietf-ccwg-bbr §4.5.2 per-packet state
  // Once lost: when, and how far ahead acknowledgments were (for the reordering threshold).
  Instant time_declared_lost;
  uint64_t largest_acked_when_lost = 0;
  // The frames it carried: a run in the map's frame ring.
  uint64_t first_frame = 0;
  uint32_t frame_count = 0;
};

// What the connection reports about a packet it just sent.
struct SentPacketParams {
  uint64_t packet_number = 0;
  uint32_t bytes = 0;
  bool ack_eliciting = false;
  bool in_flight = false;
  bool is_pmtu_probe = false;
  bool is_zero_rtt = false;
  Ecn ecn = Ecn::kNotEct;
};

}  // namespace quasar
