// Frame decoding (RFC 9000 §12.4, §19; RFC 9221 §4; ACK frequency draft §4-§5): one small
// function per frame, each reading its fields in order and failing on the first missing byte.
#include "quic/wire/frame_decoder.h"

#include <utility>

namespace quasar {
namespace {

QuicError encoding_error(uint64_t frame_type, const char* reason) {
  return QuicError::transport(TransportError::kFrameEncodingError, frame_type, reason);
}

QuicError protocol_violation(uint64_t frame_type, const char* reason) {
  return QuicError::transport(TransportError::kProtocolViolation, frame_type, reason);
}

// Reads `length` bytes as a view, refusing lengths beyond what the packet holds.
bool read_view(BufferReader& r, uint64_t length, std::span<const uint8_t>& out) {
  return length <= r.remaining() && r.read_bytes(static_cast<size_t>(length), out);
}

// RFC 9000 §19.1: the first PADDING byte has been read; the run continues while bytes are 0.
Frame decode_padding(BufferReader& r) {
  const std::span<const uint8_t> rest = r.rest();
  size_t zeros = 0;
  while (zeros < rest.size() && rest[zeros] == 0) ++zeros;
  (void)r.skip(zeros);
  return PaddingFrame{zeros + 1};
}

// RFC 9000 §19.4.
Result<Frame> decode_reset_stream(BufferReader& r, uint64_t type) {
  ResetStreamFrame f;
  if (!r.read_varint(f.stream_id) || !r.read_varint(f.application_error_code) ||
      !r.read_varint(f.final_size)) {
    return encoding_error(type, "truncated RESET_STREAM frame");
  }
  return Frame{f};
}

// RFC 9000 §19.5.
Result<Frame> decode_stop_sending(BufferReader& r, uint64_t type) {
  StopSendingFrame f;
  if (!r.read_varint(f.stream_id) || !r.read_varint(f.application_error_code)) {
    return encoding_error(type, "truncated STOP_SENDING frame");
  }
  return Frame{f};
}

// RFC 9000 §19.6.
Result<Frame> decode_crypto(BufferReader& r, uint64_t type) {
  CryptoFrame f;
  uint64_t length = 0;
  if (!r.read_varint(f.offset) || !r.read_varint(length) || !read_view(r, length, f.data)) {
    return encoding_error(type, "truncated CRYPTO frame");
  }
  // Both values are below 2^62, so the sum cannot overflow.
  if (f.offset + length > kMaxVarint) {
    return encoding_error(type, "CRYPTO data beyond offset 2^62-1");
  }
  return Frame{f};
}

// RFC 9000 §19.7.
Result<Frame> decode_new_token(BufferReader& r, uint64_t type) {
  NewTokenFrame f;
  uint64_t length = 0;
  if (!r.read_varint(length) || !read_view(r, length, f.token)) {
    return encoding_error(type, "truncated NEW_TOKEN frame");
  }
  if (length == 0) return encoding_error(type, "empty NEW_TOKEN token");
  return Frame{f};
}

// RFC 9000 §19.8: the OFF, LEN and FIN bits of the type say which fields follow.
Result<Frame> decode_stream(BufferReader& r, uint64_t type) {
  StreamFrame f;
  f.fin = (type & kStreamFrameFinBit) != 0;
  f.has_length = (type & kStreamFrameLenBit) != 0;
  if (!r.read_varint(f.stream_id) ||
      ((type & kStreamFrameOffBit) != 0 && !r.read_varint(f.offset))) {
    return encoding_error(type, "truncated STREAM frame");
  }
  uint64_t length = r.remaining();  // without LEN, the data runs to the end of the packet
  if ((f.has_length && !r.read_varint(length)) || !read_view(r, length, f.data)) {
    return encoding_error(type, "truncated STREAM frame");
  }
  if (f.offset + length > kMaxVarint) {
    return encoding_error(type, "STREAM data beyond offset 2^62-1");
  }
  return Frame{f};
}

// RFC 9000 §19.9 and §19.12: a frame with one varint field.
template <typename F, uint64_t F::*field>
Result<Frame> decode_single_varint(BufferReader& r, uint64_t type, const char* truncated) {
  F f;
  if (!r.read_varint(f.*field)) return encoding_error(type, truncated);
  return Frame{f};
}

// RFC 9000 §19.10 and §19.13: a stream ID and a limit.
template <typename F>
Result<Frame> decode_stream_limit(BufferReader& r, uint64_t type, const char* truncated) {
  F f;
  if (!r.read_varint(f.stream_id) || !r.read_varint(f.maximum_stream_data)) {
    return encoding_error(type, truncated);
  }
  return Frame{f};
}

// RFC 9000 §19.11 and §19.14: the low bit of the type picks unidirectional streams.
template <typename F>
Result<Frame> decode_stream_count(BufferReader& r, uint64_t type, const char* truncated,
                                  const char* too_large) {
  F f;
  f.bidirectional = (type & 0x01) == 0;
  if (!r.read_varint(f.maximum_streams)) return encoding_error(type, truncated);
  if (f.maximum_streams > F::kMaxValue) return encoding_error(type, too_large);
  return Frame{f};
}

// RFC 9000 §19.15.
Result<Frame> decode_new_connection_id(BufferReader& r, uint64_t type) {
  NewConnectionIdFrame f;
  uint8_t length = 0;
  if (!r.read_varint(f.sequence_number) || !r.read_varint(f.retire_prior_to) ||
      !r.read_u8(length)) {
    return encoding_error(type, "truncated NEW_CONNECTION_ID frame");
  }
  if (length < 1 || length > kMaxConnectionIdLength) {
    return encoding_error(type, "NEW_CONNECTION_ID length outside 1..20");
  }
  std::span<const uint8_t> id;
  std::span<const uint8_t> token;
  if (!r.read_bytes(length, id) || !r.read_bytes(NewConnectionIdFrame::kResetTokenLength, token)) {
    return encoding_error(type, "truncated NEW_CONNECTION_ID frame");
  }
  if (f.retire_prior_to > f.sequence_number) {
    return encoding_error(type, "NEW_CONNECTION_ID Retire Prior To above Sequence Number");
  }
  (void)ConnectionId::from_bytes(id, f.connection_id);  // length checked above
  std::copy(token.begin(), token.end(), f.stateless_reset_token.begin());
  return Frame{f};
}

// RFC 9000 §19.17 and §19.18: eight bytes of data.
template <typename F>
Result<Frame> decode_path_data(BufferReader& r, uint64_t type, const char* truncated) {
  F f;
  std::span<const uint8_t> data;
  if (!r.read_bytes(f.data.size(), data)) return encoding_error(type, truncated);
  std::copy(data.begin(), data.end(), f.data.begin());
  return Frame{f};
}

// RFC 9000 §19.19: type 0x1d omits the Frame Type field.
Result<Frame> decode_connection_close(BufferReader& r, uint64_t type) {
  ConnectionCloseFrame f;
  f.application = type == to_wire(FrameType::kConnectionCloseApplication);
  uint64_t length = 0;
  if (!r.read_varint(f.error_code) || (!f.application && !r.read_varint(f.frame_type)) ||
      !r.read_varint(length)) {
    return encoding_error(type, "truncated CONNECTION_CLOSE frame");
  }
  if (!read_view(r, length, f.reason_phrase)) {
    return encoding_error(type, "CONNECTION_CLOSE reason phrase beyond the frame");
  }
  return Frame{f};
}

// RFC 9221 §4: the LEN bit says whether a Length field is present.
Result<Frame> decode_datagram(BufferReader& r, uint64_t type) {
  DatagramFrame f;
  f.has_length = (type & kDatagramFrameLenBit) != 0;
  uint64_t length = r.remaining();
  if ((f.has_length && !r.read_varint(length)) || !read_view(r, length, f.data)) {
    return encoding_error(type, "truncated DATAGRAM frame");
  }
  return Frame{f};
}

// draft-ietf-quic-ack-frequency §4.
Result<Frame> decode_ack_frequency(BufferReader& r, uint64_t type) {
  AckFrequencyFrame f;
  if (!r.read_varint(f.sequence_number) || !r.read_varint(f.ack_eliciting_threshold) ||
      !r.read_varint(f.requested_max_ack_delay_us) || !r.read_varint(f.reordering_threshold)) {
    return encoding_error(type, "truncated ACK_FREQUENCY frame");
  }
  if (f.requested_max_ack_delay_us >= AckFrequencyFrame::kRequestedMaxAckDelayLimitUs) {
    return protocol_violation(type, "ACK_FREQUENCY max ack delay of 2^14 ms or more");
  }
  return Frame{f};
}

Result<Frame> decode_frame_body(BufferReader& r, uint64_t type) {
  if (is_stream_frame_type(type)) return decode_stream(r, type);
  switch (static_cast<FrameType>(type)) {
    case FrameType::kPadding:
      return decode_padding(r);
    case FrameType::kPing:
      return Frame{PingFrame{}};
    case FrameType::kAck:
    case FrameType::kAckEcn: {
      QUASAR_ASSIGN_OR_RETURN(AckFrame ack, decode_ack_frame_body(r, type));
      return Frame{ack};
    }
    case FrameType::kResetStream:
      return decode_reset_stream(r, type);
    case FrameType::kStopSending:
      return decode_stop_sending(r, type);
    case FrameType::kCrypto:
      return decode_crypto(r, type);
    case FrameType::kNewToken:
      return decode_new_token(r, type);
    case FrameType::kMaxData:
      return decode_single_varint<MaxDataFrame, &MaxDataFrame::maximum_data>(
          r, type, "truncated MAX_DATA frame");
    case FrameType::kMaxStreamData:
      return decode_stream_limit<MaxStreamDataFrame>(r, type, "truncated MAX_STREAM_DATA frame");
    case FrameType::kMaxStreamsBidi:
    case FrameType::kMaxStreamsUni:
      return decode_stream_count<MaxStreamsFrame>(r, type, "truncated MAX_STREAMS frame",
                                                  "MAX_STREAMS above 2^60");
    case FrameType::kDataBlocked:
      return decode_single_varint<DataBlockedFrame, &DataBlockedFrame::maximum_data>(
          r, type, "truncated DATA_BLOCKED frame");
    case FrameType::kStreamDataBlocked:
      return decode_stream_limit<StreamDataBlockedFrame>(r, type,
                                                         "truncated STREAM_DATA_BLOCKED frame");
    case FrameType::kStreamsBlockedBidi:
    case FrameType::kStreamsBlockedUni:
      return decode_stream_count<StreamsBlockedFrame>(r, type, "truncated STREAMS_BLOCKED frame",
                                                      "STREAMS_BLOCKED above 2^60");
    case FrameType::kNewConnectionId:
      return decode_new_connection_id(r, type);
    case FrameType::kRetireConnectionId:
      return decode_single_varint<RetireConnectionIdFrame,
                                  &RetireConnectionIdFrame::sequence_number>(
          r, type, "truncated RETIRE_CONNECTION_ID frame");
    case FrameType::kPathChallenge:
      return decode_path_data<PathChallengeFrame>(r, type, "truncated PATH_CHALLENGE frame");
    case FrameType::kPathResponse:
      return decode_path_data<PathResponseFrame>(r, type, "truncated PATH_RESPONSE frame");
    case FrameType::kConnectionCloseTransport:
    case FrameType::kConnectionCloseApplication:
      return decode_connection_close(r, type);
    case FrameType::kHandshakeDone:
      return Frame{HandshakeDoneFrame{}};
    case FrameType::kImmediateAck:
      return Frame{ImmediateAckFrame{}};
    case FrameType::kDatagram:
    case FrameType::kDatagramLen:
      return decode_datagram(r, type);
    case FrameType::kAckFrequency:
      return decode_ack_frequency(r, type);
    default:
      break;
  }
  // RFC 9000 §12.4: "An endpoint MUST treat the receipt of a frame of unknown type as a
  // connection error of type FRAME_ENCODING_ERROR."
  return encoding_error(type, "unknown frame type");
}

}  // namespace

Result<Frame> decode_frame(BufferReader& reader) {
  BufferReader r = reader;  // committed only on success
  uint64_t type = 0;
  size_t type_length = 0;
  if (!r.read_varint(type, &type_length)) return encoding_error(0, "truncated frame type");
  // RFC 9000 §12.4: "a frame type MUST use the shortest possible encoding ... An endpoint MAY
  // treat the receipt of a frame type that uses a longer encoding than necessary as a
  // connection error of type PROTOCOL_VIOLATION."
  if (type_length != varint_size(type)) {
    return protocol_violation(type, "frame type not in its shortest encoding");
  }
  Result<Frame> frame = decode_frame_body(r, type);
  if (frame.ok()) reader = r;
  return frame;
}

}  // namespace quasar
