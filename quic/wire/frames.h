// The QUIC frames as typed structs (RFC 9000 §19, RFC 9221 §4, ACK frequency draft §4-§5) and
// Frame, the variant of all of them. Payload fields are views into the packet: zero-copy.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "quic/base/connection_id.h"
#include "quic/wire/ack_frame.h"
#include "quic/wire/frame_type.h"

namespace quasar {

// Frames compare their byte views by content, not by address.
inline bool frame_bytes_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return std::ranges::equal(a, b);
}

// RFC 9000 §19.1. Consecutive PADDING bytes decode as one frame of `length` bytes.
struct PaddingFrame {
  size_t length = 1;
  FrameType type() const { return FrameType::kPadding; }
  friend bool operator==(const PaddingFrame&, const PaddingFrame&) = default;
};

// RFC 9000 §19.2.
struct PingFrame {
  FrameType type() const { return FrameType::kPing; }
  friend bool operator==(const PingFrame&, const PingFrame&) = default;
};

// RFC 9000 §19.4.
struct ResetStreamFrame {
  uint64_t stream_id = 0;
  uint64_t application_error_code = 0;
  uint64_t final_size = 0;
  FrameType type() const { return FrameType::kResetStream; }
  friend bool operator==(const ResetStreamFrame&, const ResetStreamFrame&) = default;
};

// RFC 9000 §19.5.
struct StopSendingFrame {
  uint64_t stream_id = 0;
  uint64_t application_error_code = 0;
  FrameType type() const { return FrameType::kStopSending; }
  friend bool operator==(const StopSendingFrame&, const StopSendingFrame&) = default;
};

// RFC 9000 §19.6. offset + data.size() never exceeds 2^62-1.
struct CryptoFrame {
  uint64_t offset = 0;
  std::span<const uint8_t> data;
  FrameType type() const { return FrameType::kCrypto; }
  friend bool operator==(const CryptoFrame& a, const CryptoFrame& b) {
    return a.offset == b.offset && frame_bytes_equal(a.data, b.data);
  }
};

// RFC 9000 §19.7. The token is never empty.
struct NewTokenFrame {
  std::span<const uint8_t> token;
  FrameType type() const { return FrameType::kNewToken; }
  friend bool operator==(const NewTokenFrame& a, const NewTokenFrame& b) {
    return frame_bytes_equal(a.token, b.token);
  }
};

// RFC 9000 §19.8. offset + data.size() never exceeds 2^62-1.
struct StreamFrame {
  uint64_t stream_id = 0;
  uint64_t offset = 0;
  std::span<const uint8_t> data;
  bool fin = false;
  // The LEN bit: false when the data runs to the end of the packet (then the frame is last).
  bool has_length = true;

  // The OFF bit is set only when the offset is not 0, as an encoder would choose.
  FrameType type() const {
    return static_cast<FrameType>(
        to_wire(FrameType::kStream) | (offset != 0 ? kStreamFrameOffBit : 0) |
        (has_length ? kStreamFrameLenBit : 0) | (fin ? kStreamFrameFinBit : 0));
  }
  friend bool operator==(const StreamFrame& a, const StreamFrame& b) {
    return a.stream_id == b.stream_id && a.offset == b.offset && a.fin == b.fin &&
           a.has_length == b.has_length && frame_bytes_equal(a.data, b.data);
  }
};

// RFC 9000 §19.9.
struct MaxDataFrame {
  uint64_t maximum_data = 0;
  FrameType type() const { return FrameType::kMaxData; }
  friend bool operator==(const MaxDataFrame&, const MaxDataFrame&) = default;
};

// RFC 9000 §19.10.
struct MaxStreamDataFrame {
  uint64_t stream_id = 0;
  uint64_t maximum_stream_data = 0;
  FrameType type() const { return FrameType::kMaxStreamData; }
  friend bool operator==(const MaxStreamDataFrame&, const MaxStreamDataFrame&) = default;
};

// RFC 9000 §19.11. maximum_streams never exceeds 2^60.
struct MaxStreamsFrame {
  // RFC 9000 §19.11: larger counts would allow stream IDs above 2^62-1.
  static constexpr uint64_t kMaxValue = uint64_t{1} << 60;
  bool bidirectional = true;
  uint64_t maximum_streams = 0;
  FrameType type() const {
    return bidirectional ? FrameType::kMaxStreamsBidi : FrameType::kMaxStreamsUni;
  }
  friend bool operator==(const MaxStreamsFrame&, const MaxStreamsFrame&) = default;
};

// RFC 9000 §19.12.
struct DataBlockedFrame {
  uint64_t maximum_data = 0;
  FrameType type() const { return FrameType::kDataBlocked; }
  friend bool operator==(const DataBlockedFrame&, const DataBlockedFrame&) = default;
};

// RFC 9000 §19.13.
struct StreamDataBlockedFrame {
  uint64_t stream_id = 0;
  uint64_t maximum_stream_data = 0;
  FrameType type() const { return FrameType::kStreamDataBlocked; }
  friend bool operator==(const StreamDataBlockedFrame&, const StreamDataBlockedFrame&) = default;
};

// RFC 9000 §19.14. maximum_streams never exceeds 2^60.
struct StreamsBlockedFrame {
  static constexpr uint64_t kMaxValue = MaxStreamsFrame::kMaxValue;
  bool bidirectional = true;
  uint64_t maximum_streams = 0;
  FrameType type() const {
    return bidirectional ? FrameType::kStreamsBlockedBidi : FrameType::kStreamsBlockedUni;
  }
  friend bool operator==(const StreamsBlockedFrame&, const StreamsBlockedFrame&) = default;
};

// RFC 9000 §19.15. The connection ID is 1 to 20 bytes; retire_prior_to <= sequence_number.
struct NewConnectionIdFrame {
  static constexpr size_t kResetTokenLength = 16;
  uint64_t sequence_number = 0;
  uint64_t retire_prior_to = 0;
  ConnectionId connection_id;
  std::array<uint8_t, kResetTokenLength> stateless_reset_token{};
  FrameType type() const { return FrameType::kNewConnectionId; }
  friend bool operator==(const NewConnectionIdFrame&, const NewConnectionIdFrame&) = default;
};

// RFC 9000 §19.16.
struct RetireConnectionIdFrame {
  uint64_t sequence_number = 0;
  FrameType type() const { return FrameType::kRetireConnectionId; }
  friend bool operator==(const RetireConnectionIdFrame&, const RetireConnectionIdFrame&) = default;
};

// RFC 9000 §19.17.
struct PathChallengeFrame {
  std::array<uint8_t, 8> data{};
  FrameType type() const { return FrameType::kPathChallenge; }
  friend bool operator==(const PathChallengeFrame&, const PathChallengeFrame&) = default;
};

// RFC 9000 §19.18.
struct PathResponseFrame {
  std::array<uint8_t, 8> data{};
  FrameType type() const { return FrameType::kPathResponse; }
  friend bool operator==(const PathResponseFrame&, const PathResponseFrame&) = default;
};

// RFC 9000 §19.19: type 0x1c (transport error, with the triggering frame type) or 0x1d
// (application error, without it).
struct ConnectionCloseFrame {
  bool application = false;
  uint64_t error_code = 0;
  uint64_t frame_type = 0;  // transport close only; 0 when unknown
  std::span<const uint8_t> reason_phrase;
  FrameType type() const {
    return application ? FrameType::kConnectionCloseApplication
                       : FrameType::kConnectionCloseTransport;
  }
  friend bool operator==(const ConnectionCloseFrame& a, const ConnectionCloseFrame& b) {
    return a.application == b.application && a.error_code == b.error_code &&
           (a.application || a.frame_type == b.frame_type) &&
           frame_bytes_equal(a.reason_phrase, b.reason_phrase);
  }
};

// RFC 9000 §19.20.
struct HandshakeDoneFrame {
  FrameType type() const { return FrameType::kHandshakeDone; }
  friend bool operator==(const HandshakeDoneFrame&, const HandshakeDoneFrame&) = default;
};

// RFC 9221 §4. Empty datagrams are allowed.
struct DatagramFrame {
  std::span<const uint8_t> data;
  // The LEN bit: false when the data runs to the end of the packet (then the frame is last).
  bool has_length = true;
  FrameType type() const { return has_length ? FrameType::kDatagramLen : FrameType::kDatagram; }
  friend bool operator==(const DatagramFrame& a, const DatagramFrame& b) {
    return a.has_length == b.has_length && frame_bytes_equal(a.data, b.data);
  }
};

// draft-ietf-quic-ack-frequency §4.
struct AckFrequencyFrame {
  // §4: a requested max_ack_delay of 2^14 milliseconds or more is invalid (PROTOCOL_VIOLATION).
  static constexpr uint64_t kRequestedMaxAckDelayLimitUs = (uint64_t{1} << 14) * 1000;
  uint64_t sequence_number = 0;
  uint64_t ack_eliciting_threshold = 0;
  uint64_t requested_max_ack_delay_us = 0;
  uint64_t reordering_threshold = 0;
  FrameType type() const { return FrameType::kAckFrequency; }
  friend bool operator==(const AckFrequencyFrame&, const AckFrequencyFrame&) = default;
};

// draft-ietf-quic-ack-frequency §5.
struct ImmediateAckFrame {
  FrameType type() const { return FrameType::kImmediateAck; }
  friend bool operator==(const ImmediateAckFrame&, const ImmediateAckFrame&) = default;
};

using Frame =
    std::variant<PaddingFrame, PingFrame, AckFrame, ResetStreamFrame, StopSendingFrame, CryptoFrame,
                 NewTokenFrame, StreamFrame, MaxDataFrame, MaxStreamDataFrame, MaxStreamsFrame,
                 DataBlockedFrame, StreamDataBlockedFrame, StreamsBlockedFrame,
                 NewConnectionIdFrame, RetireConnectionIdFrame, PathChallengeFrame,
                 PathResponseFrame, ConnectionCloseFrame, HandshakeDoneFrame, DatagramFrame,
                 AckFrequencyFrame, ImmediateAckFrame>;

// The type a frame is encoded with (for STREAM: the OFF/LEN/FIN bits it would carry).
inline FrameType frame_type_of(const Frame& frame) {
  return std::visit([](const auto& f) { return f.type(); }, frame);
}

}  // namespace quasar
