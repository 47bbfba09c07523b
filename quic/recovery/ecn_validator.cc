// EcnValidator: the RFC 9000 §13.4.2.1 checks on each ACK frame's ECN counts.
#include "quic/recovery/ecn_validator.h"

namespace quasar {

EcnValidator::EcnValidator(bool enabled, uint64_t testing_packets)
    : testing_packets_(testing_packets), state_(enabled ? EcnState::kTesting : EcnState::kFailed) {}

void EcnValidator::restart() {
  state_ = EcnState::kTesting;
  marked_in_test_ = marked_sent_ = marked_acked_ = marked_lost_ = 0;
}

void EcnValidator::on_packet_sent(PacketNumberSpace space, Ecn marking) {
  EcnCounts& sent = sent_[static_cast<size_t>(space)];
  if (marking == Ecn::kEct0) ++sent.ect0;
  if (marking == Ecn::kEct1) ++sent.ect1;
  if (marking != Ecn::kEct0 && marking != Ecn::kEct1) return;
  ++marked_sent_;
  // RFC 9000 Appendix A.4: the testing period ends after a number of marked packets.
  if (state_ == EcnState::kTesting && ++marked_in_test_ >= testing_packets_) {
    state_ = EcnState::kUnknown;
  }
}

EcnAckResult EcnValidator::on_ack(PacketNumberSpace space, const EcnMarkedCounts& newly_acked,
                                  const std::optional<EcnCounts>& counts,
                                  bool largest_acked_increased) {
  EcnAckResult result;
  if (state_ == EcnState::kFailed) return result;
  // RFC 9000 §13.4.2.1: never fail on an ACK that does not increase the largest acknowledged.
  if (!largest_acked_increased) return result;
  const uint64_t newly_marked = newly_acked.ect0 + newly_acked.ect1;
  marked_acked_ += newly_marked;
  if (!counts) {
    // Marked packets acknowledged without counts: ECN bleached or not reported.
    if (newly_marked != 0) {
      fail();
      result.failed_now = true;
    }
    return result;
  }
  const size_t i = static_cast<size_t>(space);
  const EcnCounts& before = reported_[i];
  const EcnCounts& sent = sent_[i];
  const bool decreased =
      counts->ect0 < before.ect0 || counts->ect1 < before.ect1 || counts->ce < before.ce;
  // More ECT(0)/ECT(1) than ever sent with that codepoint: remarked in the network.
  const bool exceeds_sent = counts->ect0 > sent.ect0 || counts->ect1 > sent.ect1 ||
                            counts->ect0 + counts->ect1 + counts->ce > sent.ect0 + sent.ect1;
  if (decreased || exceeds_sent) {
    fail();
    result.failed_now = true;
    return result;
  }
  const uint64_t ect0_increase = counts->ect0 - before.ect0;
  const uint64_t ect1_increase = counts->ect1 - before.ect1;
  const uint64_t ce_increase = counts->ce - before.ce;
  // Each newly acknowledged ECT(0) packet must show up as ECT(0) or CE (likewise ECT(1)).
  if (ect0_increase + ce_increase < newly_acked.ect0 ||
      ect1_increase + ce_increase < newly_acked.ect1) {
    fail();
    result.failed_now = true;
    return result;
  }
  reported_[i] = *counts;
  result.ce_increase = ce_increase;
  if (state_ == EcnState::kUnknown && newly_marked != 0) {
    state_ = EcnState::kCapable;
    result.validated_now = true;
  }
  return result;
}

void EcnValidator::on_marked_packet_lost() {
  ++marked_lost_;
  if ((state_ == EcnState::kUnknown || state_ == EcnState::kTesting) &&
      marked_in_test_ >= testing_packets_ && marked_acked_ == 0 &&
      marked_lost_ >= marked_in_test_) {
    fail();
  }
}

}  // namespace quasar
