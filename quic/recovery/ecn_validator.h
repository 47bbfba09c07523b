// EcnValidator: decides whether a path gets ECT(0)-marked packets, by validating the ECN
// counts the peer reports (RFC 9000 §13.4.2 and the sample algorithm of Appendix A.4).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "quic/base/ecn.h"
#include "quic/base/encryption_level.h"
#include "quic/recovery/ack_ranges.h"

namespace quasar {

// RFC 9000 Appendix A.4 path states.
enum class EcnState : uint8_t { kTesting, kUnknown, kCapable, kFailed };

// How many newly acknowledged packets of one ACK frame were sent with each marking.
struct EcnMarkedCounts {
  uint64_t ect0 = 0;
  uint64_t ect1 = 0;
};

struct EcnAckResult {
  uint64_t ce_increase = 0;    // validated increase of ECN-CE: a congestion signal
  bool failed_now = false;     // this ACK made validation fail
  bool validated_now = false;  // this ACK moved the path to kCapable
};

class EcnValidator {
 public:
  // RFC 9000 §13.4.2: mark the first ten packets, then wait for the verdict.
  static constexpr uint64_t kTestingPackets = 10;

  explicit EcnValidator(bool enabled = true, uint64_t testing_packets = kTestingPackets);

  // Starts testing again (new path, or a periodic retry after failure); the counts reported so
  // far stay as the baseline.
  void restart();
  // Stops using ECN (no access to the IP header, or disabled by configuration).
  void disable() { state_ = EcnState::kFailed; }

  // The codepoint for the next packet: ECT(0) while testing or capable.
  Ecn codepoint_to_send() const {
    return state_ == EcnState::kTesting || state_ == EcnState::kCapable ? Ecn::kEct0 : Ecn::kNotEct;
  }
  void on_packet_sent(PacketNumberSpace space, Ecn marking);
  // RFC 9000 §13.4.2.1: validates the counts of an ACK frame. `largest_acked_increased` is
  // false for a reordered ACK, which must not fail validation and is ignored.
  EcnAckResult on_ack(PacketNumberSpace space, const EcnMarkedCounts& newly_acked,
                      const std::optional<EcnCounts>& counts, bool largest_acked_increased);
  // A marked packet was declared lost: if every marked packet of the test is lost, the marking
  // itself is presumed to be the cause (RFC 9000 §13.4.2).
  void on_marked_packet_lost();

  EcnState state() const { return state_; }
  const EcnCounts& peer_counts(PacketNumberSpace space) const {
    return reported_[static_cast<size_t>(space)];
  }

 private:
  void fail() { state_ = EcnState::kFailed; }

  uint64_t testing_packets_;
  EcnState state_;
  uint64_t marked_in_test_ = 0;
  uint64_t marked_sent_ = 0;
  uint64_t marked_acked_ = 0;
  uint64_t marked_lost_ = 0;
  std::array<EcnCounts, kPacketNumberSpaceCount> sent_{};      // per space, by codepoint
  std::array<EcnCounts, kPacketNumberSpaceCount> reported_{};  // last validated counts
};

}  // namespace quasar
