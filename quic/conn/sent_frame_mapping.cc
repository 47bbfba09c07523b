// Conversions between StreamControlFrame, wire frames and SentFrame records.
#include "quic/conn/sent_frame_mapping.h"

namespace quasar {

Frame to_wire_frame(const StreamControlFrame& c) {
  using T = StreamControlFrameType;
  switch (c.type) {
    case T::kMaxData:
      return MaxDataFrame{c.value};
    case T::kDataBlocked:
      return DataBlockedFrame{c.value};
    case T::kMaxStreamsBidi:
      return MaxStreamsFrame{true, c.value};
    case T::kMaxStreamsUni:
      return MaxStreamsFrame{false, c.value};
    case T::kStreamsBlockedBidi:
      return StreamsBlockedFrame{true, c.value};
    case T::kStreamsBlockedUni:
      return StreamsBlockedFrame{false, c.value};
    case T::kResetStream:
      return ResetStreamFrame{c.stream_id, c.value, c.final_size};
    case T::kStopSending:
      return StopSendingFrame{c.stream_id, c.value};
    case T::kMaxStreamData:
      return MaxStreamDataFrame{c.stream_id, c.value};
    case T::kStreamDataBlocked:
      return StreamDataBlockedFrame{c.stream_id, c.value};
  }
  return PingFrame{};
}

SentFrame to_sent_frame(const StreamControlFrame& c) {
  using T = StreamControlFrameType;
  switch (c.type) {
    case T::kMaxData:
      return SentFrame::make_max_data(c.value);
    case T::kDataBlocked:
      return SentFrame::make_data_blocked(c.value);
    case T::kMaxStreamsBidi:
      return SentFrame::make_max_streams(true, c.value);
    case T::kMaxStreamsUni:
      return SentFrame::make_max_streams(false, c.value);
    case T::kStreamsBlockedBidi:
      return SentFrame::make_streams_blocked(true, c.value);
    case T::kStreamsBlockedUni:
      return SentFrame::make_streams_blocked(false, c.value);
    case T::kResetStream:
      return SentFrame::make_reset_stream(c.stream_id, c.value, c.final_size);
    case T::kStopSending:
      return SentFrame::make_stop_sending(c.stream_id, c.value);
    case T::kMaxStreamData:
      return SentFrame::make_max_stream_data(c.stream_id, c.value);
    case T::kStreamDataBlocked:
      return SentFrame::make_stream_data_blocked(c.stream_id, c.value);
  }
  return SentFrame::make_ping();
}

std::optional<StreamControlFrame> to_stream_control_frame(const SentFrame& s) {
  using T = StreamControlFrameType;
  switch (s.type) {
    case SentFrameType::kMaxData:
      return StreamControlFrame{T::kMaxData, 0, s.max_data.limit, 0};
    case SentFrameType::kDataBlocked:
      return StreamControlFrame{T::kDataBlocked, 0, s.data_blocked.limit, 0};
    case SentFrameType::kMaxStreams:
      return StreamControlFrame{s.max_streams.bidi ? T::kMaxStreamsBidi : T::kMaxStreamsUni, 0,
                                s.max_streams.limit, 0};
    case SentFrameType::kStreamsBlocked:
      return StreamControlFrame{
          s.streams_blocked.bidi ? T::kStreamsBlockedBidi : T::kStreamsBlockedUni, 0,
          s.streams_blocked.limit, 0};
    case SentFrameType::kResetStream:
      return StreamControlFrame{T::kResetStream, s.reset_stream.stream_id,
                                s.reset_stream.error_code, s.reset_stream.final_size};
    case SentFrameType::kStopSending:
      return StreamControlFrame{T::kStopSending, s.stop_sending.stream_id,
                                s.stop_sending.error_code, 0};
    case SentFrameType::kMaxStreamData:
      return StreamControlFrame{T::kMaxStreamData, s.max_stream_data.stream_id,
                                s.max_stream_data.limit, 0};
    case SentFrameType::kStreamDataBlocked:
      return StreamControlFrame{T::kStreamDataBlocked, s.stream_data_blocked.stream_id,
                                s.stream_data_blocked.limit, 0};
    default:
      return std::nullopt;
  }
}

}  // namespace quasar
