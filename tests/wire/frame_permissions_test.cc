// The frame/packet-type table against RFC 9000 §12.4 Table 3 row by row (with the 0-RTT rules
// of §12.5), and the ack-eliciting, in-flight and probing predicates.
#include <catch2/catch.hpp>

#include <string>

#include "quic/wire/frame_permissions.h"

namespace quasar {
namespace {

struct Row {
  uint64_t first_type;
  uint64_t last_type;
  const char* packets;  // Table 3's "Pkts" column: I, H, 0, 1, or _ for not allowed
  const char* spec;     // Table 3's "Spec" column
};

// RFC 9000 §12.4 Table 3, copied column for column, then RFC 9221 §4 and the ACK frequency
// draft. "ih01" for CONNECTION_CLOSE is split by type as the table's note says.
const Row kTable3[] = {
    {0x00, 0x00, "IH01", "NP"},  // PADDING
    {0x01, 0x01, "IH01", ""},    // PING
    {0x02, 0x03, "IH_1", "NC"},  // ACK
    {0x04, 0x04, "__01", ""},    // RESET_STREAM
    {0x05, 0x05, "__01", ""},    // STOP_SENDING
    {0x06, 0x06, "IH_1", ""},    // CRYPTO
    {0x07, 0x07, "___1", ""},    // NEW_TOKEN
    {0x08, 0x0f, "__01", "F"},   // STREAM
    {0x10, 0x10, "__01", ""},    // MAX_DATA
    {0x11, 0x11, "__01", ""},    // MAX_STREAM_DATA
    {0x12, 0x13, "__01", ""},    // MAX_STREAMS
    {0x14, 0x14, "__01", ""},    // DATA_BLOCKED
    {0x15, 0x15, "__01", ""},    // STREAM_DATA_BLOCKED
    {0x16, 0x17, "__01", ""},    // STREAMS_BLOCKED
    {0x18, 0x18, "__01", "P"},   // NEW_CONNECTION_ID
    {0x19, 0x19, "__01", ""},    // RETIRE_CONNECTION_ID (but see §12.5 below)
    {0x1a, 0x1a, "__01", "P"},   // PATH_CHALLENGE
    {0x1b, 0x1b, "___1", "P"},   // PATH_RESPONSE
    {0x1c, 0x1c, "IH01", "N"},   // CONNECTION_CLOSE, transport: "ih" allows 0x1c only
    {0x1d, 0x1d, "__01", "N"},   // CONNECTION_CLOSE, application
    {0x1e, 0x1e, "___1", ""},    // HANDSHAKE_DONE
    {0x1f, 0x1f, "___1", ""},    // IMMEDIATE_ACK (ACK frequency draft §3: not 0-RTT)
    {0x30, 0x31, "__01", ""},    // DATAGRAM (RFC 9221 §5: 0-RTT or 1-RTT keys)
    {0xaf, 0xaf, "___1", ""},    // ACK_FREQUENCY (ACK frequency draft §3: not 0-RTT)
};

bool spec_has(const Row& row, char mark) {
  return std::string(row.spec).find(mark) != std::string::npos;
}

TEST_CASE("frame_allowed_in follows Table 3 row by row", "[permissions]") {
  for (const Row& row : kTable3) {
    for (uint64_t type = row.first_type; type <= row.last_type; ++type) {
      const FrameType frame = static_cast<FrameType>(type);
      CAPTURE(type);
      CHECK(frame_allowed_in(frame, PacketType::kInitial) == (row.packets[0] == 'I'));
      CHECK(frame_allowed_in(frame, PacketType::kHandshake) == (row.packets[1] == 'H'));
      CHECK(frame_allowed_in(frame, PacketType::kOneRtt) == (row.packets[3] == '1'));
      // §12.5: RETIRE_CONNECTION_ID is among the frames that cannot be sent in 0-RTT.
      const bool zero_rtt = row.packets[2] == '0' && type != 0x19;
      CHECK(frame_allowed_in(frame, PacketType::kZeroRtt) == zero_rtt);
      // §12.4: Version Negotiation and Retry packets contain no frames.
      CHECK_FALSE(frame_allowed_in(frame, PacketType::kRetry));
      CHECK_FALSE(frame_allowed_in(frame, PacketType::kVersionNegotiation));
    }
  }
}

TEST_CASE("0-RTT refuses the frames listed in RFC 9000 §12.5", "[permissions]") {
  // "ACK, CRYPTO, HANDSHAKE_DONE, NEW_TOKEN, PATH_RESPONSE, and RETIRE_CONNECTION_ID".
  for (FrameType frame :
       {FrameType::kAck, FrameType::kAckEcn, FrameType::kCrypto, FrameType::kHandshakeDone,
        FrameType::kNewToken, FrameType::kPathResponse, FrameType::kRetireConnectionId}) {
    CAPTURE(to_wire(frame));
    CHECK_FALSE(frame_allowed_in(frame, PacketType::kZeroRtt));
    CHECK(frame_allowed_in(frame, PacketType::kOneRtt));
  }
  // Application data and flow control do go in 0-RTT.
  for (FrameType frame : {FrameType::kStreamOffLenFin, FrameType::kMaxData,
                          FrameType::kConnectionCloseApplication, FrameType::kDatagramLen}) {
    CHECK(frame_allowed_in(frame, PacketType::kZeroRtt));
  }
}

TEST_CASE("Initial and Handshake carry only handshake frames", "[permissions]") {
  // RFC 9000 §17.2.2, §17.2.4: CRYPTO, ACK, PING, PADDING and CONNECTION_CLOSE 0x1c.
  for (uint64_t type = 0; type <= 0xff; ++type) {
    const bool handshake_frame = type <= 0x03 || type == 0x06 || type == 0x1c;
    CAPTURE(type);
    CHECK(frame_allowed_in(static_cast<FrameType>(type), PacketType::kInitial) == handshake_frame);
    CHECK(frame_allowed_in(static_cast<FrameType>(type), PacketType::kHandshake) ==
          handshake_frame);
  }
}

TEST_CASE("unknown frame types are allowed nowhere and elicit nothing", "[permissions]") {
  for (uint64_t type : {0x20, 0x2f, 0x32, 0xae, 0xb0, 0x4000}) {
    const FrameType frame = static_cast<FrameType>(type);
    CHECK_FALSE(frame_allowed_in(frame, PacketType::kOneRtt));
    CHECK_FALSE(is_ack_eliciting(frame));
    CHECK_FALSE(counts_toward_bytes_in_flight(frame));
    CHECK_FALSE(is_probing_frame(frame));
  }
}

TEST_CASE("ack-eliciting, in-flight and probing follow the Spec column", "[permissions]") {
  for (const Row& row : kTable3) {
    for (uint64_t type = row.first_type; type <= row.last_type; ++type) {
      const FrameType frame = static_cast<FrameType>(type);
      CAPTURE(type);
      // N: not ack-eliciting (RFC 9002 §2: ACK, PADDING, CONNECTION_CLOSE).
      CHECK(is_ack_eliciting(frame) == !spec_has(row, 'N'));
      // C: does not count toward bytes in flight; in flight = ack-eliciting or PADDING.
      const bool in_flight = !spec_has(row, 'C') && (is_ack_eliciting(frame) || type == 0x00);
      CHECK(counts_toward_bytes_in_flight(frame) == in_flight);
      // P: probing frames (RFC 9000 §9.1).
      CHECK(is_probing_frame(frame) == spec_has(row, 'P'));
    }
  }
  CHECK(counts_toward_bytes_in_flight(FrameType::kPadding));
  CHECK_FALSE(counts_toward_bytes_in_flight(FrameType::kAck));
  CHECK_FALSE(counts_toward_bytes_in_flight(FrameType::kConnectionCloseTransport));
  CHECK(is_ack_eliciting(FrameType::kDatagram));  // RFC 9221 §5.2
  CHECK(is_ack_eliciting(FrameType::kImmediateAck));
}

}  // namespace
}  // namespace quasar
