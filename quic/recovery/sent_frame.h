// SentFrame: a compact record of one frame a packet carried, kept so that its content can be
// retransmitted (or confirmed) when the packet is declared lost (or acknowledged); RFC 9000
// §13.3 retransmits information, never packets.
#pragma once

#include <cstdint>
#include <type_traits>

namespace quasar {

enum class SentFrameType : uint8_t {
  kStream,
  kCrypto,
  kResetStream,
  kStopSending,
  kMaxData,
  kMaxStreamData,
  kMaxStreams,
  kDataBlocked,
  kStreamDataBlocked,
  kStreamsBlocked,
  kNewConnectionId,
  kRetireConnectionId,
  kNewToken,
  kHandshakeDone,
  kPing,
  kPathChallenge,
  kPathResponse,
  kDatagram,
  kAck,
};

// A POD: a type tag and the fields of that type. MAX_DATA, MAX_STREAM_DATA and MAX_STREAMS keep
// the limit they carried, so that on loss the flow controller can tell whether it is still the
// latest one and only then send it again (RFC 9000 §13.3: only the latest MAX_* is resent).
struct SentFrame {
  struct Stream {
    uint64_t stream_id;
    uint64_t offset;
    uint64_t length;
    bool fin;
  };
  struct Crypto {  // the packet number space is the map's
    uint64_t offset;
    uint64_t length;
  };
  struct ResetStream {
    uint64_t stream_id;
    uint64_t error_code;
    uint64_t final_size;
  };
  struct StopSending {
    uint64_t stream_id;
    uint64_t error_code;
  };
  struct MaxStreamData {
    uint64_t stream_id;
    uint64_t limit;
  };
  struct MaxStreams {
    bool bidi;
    uint64_t limit;
  };
  struct Limit {  // MAX_DATA, DATA_BLOCKED
    uint64_t limit;
  };
  struct StreamDataBlocked {
    uint64_t stream_id;
    uint64_t limit;
  };
  struct StreamsBlocked {
    bool bidi;
    uint64_t limit;
  };
  struct Sequence {  // NEW_CONNECTION_ID, RETIRE_CONNECTION_ID
    uint64_t sequence;
  };
  struct Index {  // NEW_TOKEN: which token the sender issued
    uint64_t index;
  };
  struct Datagram {
    uint64_t length;
  };
  struct Ack {  // RFC 9000 §13.2.4
    uint64_t largest_acknowledged;
  };

  SentFrameType type;
  union {
    Stream stream;
    Crypto crypto;
    ResetStream reset_stream;
    StopSending stop_sending;
    Limit max_data;
    MaxStreamData max_stream_data;
    MaxStreams max_streams;
    Limit data_blocked;
    StreamDataBlocked stream_data_blocked;
    StreamsBlocked streams_blocked;
    Sequence new_connection_id;
    Sequence retire_connection_id;
    Index new_token;
    Datagram datagram;
    Ack ack;
  };

  static SentFrame make_stream(uint64_t stream_id, uint64_t offset, uint64_t length, bool fin) {
    SentFrame f = of(SentFrameType::kStream);
    f.stream = {stream_id, offset, length, fin};
    return f;
  }
  static SentFrame make_crypto(uint64_t offset, uint64_t length) {
    SentFrame f = of(SentFrameType::kCrypto);
    f.crypto = {offset, length};
    return f;
  }
  static SentFrame make_reset_stream(uint64_t stream_id, uint64_t error_code, uint64_t final_size) {
    SentFrame f = of(SentFrameType::kResetStream);
    f.reset_stream = {stream_id, error_code, final_size};
    return f;
  }
  static SentFrame make_stop_sending(uint64_t stream_id, uint64_t error_code) {
    SentFrame f = of(SentFrameType::kStopSending);
    f.stop_sending = {stream_id, error_code};
    return f;
  }
  static SentFrame make_max_data(uint64_t limit) {
    SentFrame f = of(SentFrameType::kMaxData);
    f.max_data = {limit};
    return f;
  }
  static SentFrame make_max_stream_data(uint64_t stream_id, uint64_t limit) {
    SentFrame f = of(SentFrameType::kMaxStreamData);
    f.max_stream_data = {stream_id, limit};
    return f;
  }
  static SentFrame make_max_streams(bool bidi, uint64_t limit) {
    SentFrame f = of(SentFrameType::kMaxStreams);
    f.max_streams = {bidi, limit};
    return f;
  }
  static SentFrame make_data_blocked(uint64_t limit) {
    SentFrame f = of(SentFrameType::kDataBlocked);
    f.data_blocked = {limit};
    return f;
  }
  static SentFrame make_stream_data_blocked(uint64_t stream_id, uint64_t limit) {
    SentFrame f = of(SentFrameType::kStreamDataBlocked);
    f.stream_data_blocked = {stream_id, limit};
    return f;
  }
  static SentFrame make_streams_blocked(bool bidi, uint64_t limit) {
    SentFrame f = of(SentFrameType::kStreamsBlocked);
    f.streams_blocked = {bidi, limit};
    return f;
  }
  static SentFrame make_new_connection_id(uint64_t sequence) {
    SentFrame f = of(SentFrameType::kNewConnectionId);
    f.new_connection_id = {sequence};
    return f;
  }
  static SentFrame make_retire_connection_id(uint64_t sequence) {
    SentFrame f = of(SentFrameType::kRetireConnectionId);
    f.retire_connection_id = {sequence};
    return f;
  }
  static SentFrame make_new_token(uint64_t index) {
    SentFrame f = of(SentFrameType::kNewToken);
    f.new_token = {index};
    return f;
  }
  static SentFrame make_handshake_done() { return of(SentFrameType::kHandshakeDone); }
  static SentFrame make_ping() { return of(SentFrameType::kPing); }
  static SentFrame make_path_challenge() { return of(SentFrameType::kPathChallenge); }
  static SentFrame make_path_response() { return of(SentFrameType::kPathResponse); }
  static SentFrame make_datagram(uint64_t length) {
    SentFrame f = of(SentFrameType::kDatagram);
    f.datagram = {length};
    return f;
  }
  static SentFrame make_ack(uint64_t largest_acknowledged) {
    SentFrame f = of(SentFrameType::kAck);
    f.ack = {largest_acknowledged};
    return f;
  }

 private:
  static SentFrame of(SentFrameType type) {
    SentFrame f{};
    f.type = type;
    return f;
  }
};

static_assert(std::is_trivially_copyable_v<SentFrame>);
static_assert(sizeof(SentFrame) <= 40);

// RFC 9000 §13.3: whether the content of a lost frame of this type is sent again. ACK,
// PADDING, PING, DATAGRAM (RFC 9221 §5.2) and PATH_CHALLENGE / PATH_RESPONSE (RFC 9000 §13.3:
// a new challenge is sent instead, responses are never resent) are not.
constexpr bool is_retransmittable(SentFrameType type) {
  switch (type) {
    case SentFrameType::kPing:
    case SentFrameType::kPathChallenge:
    case SentFrameType::kPathResponse:
    case SentFrameType::kDatagram:
    case SentFrameType::kAck:
      return false;
    default:
      return true;
  }
}

}  // namespace quasar
