// Loss recovery constants of RFC 9002 Appendix A.2 and §7.6.1.
#pragma once

#include <cstdint>

#include "quic/base/time.h"

namespace quasar {

// RFC 9002 §6.1.1: packet reordering threshold (the adaptive threshold starts here).
inline constexpr uint64_t kPacketThreshold = 3;
// Upper bound for the packet threshold raised after spurious losses. At high rates a few
// milliseconds of jitter reorder hundreds of packets; the time threshold still bounds how
// long a real loss waits (RFC 9002 §6.1.2), as with TCP's reordering limit of 300.
inline constexpr uint64_t kMaxPacketThreshold = 300;
// RFC 9002 §6.1.2: time threshold 9/8 as a fraction; raised after spurious time-based losses.
inline constexpr int64_t kTimeThresholdNumerator = 9;
inline constexpr int64_t kTimeThresholdDenominator = 8;
inline constexpr int64_t kMaxTimeThresholdNumerator = 16;  // at most 2 x RTT
// RFC 9002 §6.1.2: timer granularity.
inline constexpr Duration kGranularity = Duration::from_millis(1);
// RFC 9002 §6.2.2: initial RTT before any sample.
inline constexpr Duration kInitialRtt = Duration::from_millis(333);
// RFC 9002 §7.6.1: kPersistentCongestionThreshold.
inline constexpr int64_t kPersistentCongestionThreshold = 3;
// How long a packet declared lost is remembered, in PTOs, so that a late acknowledgment can
// show the loss was spurious (RFC 9002 Appendix A.1, RFC 9000 §13.3).
inline constexpr int64_t kLostPacketRetentionPtos = 3;
// ... and at most this many packet numbers behind the largest acknowledged, so that one lost
// packet at the front cannot hold three PTOs' worth of records at high rates.
inline constexpr uint64_t kLostPacketRetentionPackets = 4096;

}  // namespace quasar
