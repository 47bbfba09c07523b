// Frame encoding. Each frame is described once, by an emit() over a "sink": a SizeSink counts
// the bytes, a WriteSink writes them. Sizing first and writing only when everything fits is
// what makes a failed encode write nothing.
#include "quic/wire/frame_encoder.h"

#include <algorithm>
#include <cassert>
#include <type_traits>
#include <variant>

namespace quasar {
namespace {

// Counts bytes; a value no varint can hold makes the frame unencodable.
class SizeSink {
 public:
  void varint(uint64_t value) {
    const size_t length = varint_size(value);
    valid_ = valid_ && length != 0;
    size_ += length;
  }
  void byte(uint8_t) { ++size_; }
  void bytes(std::span<const uint8_t> data) { size_ += data.size(); }
  void zeros(size_t length) { size_ += length; }
  size_t size() const { return valid_ ? size_ : 0; }

 private:
  size_t size_ = 0;
  bool valid_ = true;
};

// Writes bytes that a SizeSink has already counted into the room available.
class WriteSink {
 public:
  explicit WriteSink(BufferWriter& writer) : writer_(writer) {}
  void varint(uint64_t value) { check(writer_.write_varint(value)); }
  void byte(uint8_t value) { check(writer_.write_u8(value)); }
  void bytes(std::span<const uint8_t> data) { check(writer_.write_bytes(data)); }
  void zeros(size_t length) { check(writer_.write_zeros(length)); }

 private:
  static void check([[maybe_unused]] bool ok) { assert(ok); }
  BufferWriter& writer_;
};

// True if offset + length stays within 2^62-1 (RFC 9000 §19.6, §19.8).
bool within_stream_limit(uint64_t offset, uint64_t length) {
  return offset <= kMaxVarint && length <= kMaxVarint - offset;
}

// RFC 9000 §19.8.
template <typename Sink>
bool emit_stream_header(Sink& s, uint64_t stream_id, uint64_t offset, uint64_t data_length,
                        bool fin, bool explicit_length) {
  if (!within_stream_limit(offset, data_length)) return false;
  s.varint(to_wire(FrameType::kStream) | (offset != 0 ? kStreamFrameOffBit : 0) |
           (explicit_length ? kStreamFrameLenBit : 0) | (fin ? kStreamFrameFinBit : 0));
  s.varint(stream_id);
  if (offset != 0) s.varint(offset);
  if (explicit_length) s.varint(data_length);
  return true;
}

// RFC 9000 §19.6.
template <typename Sink>
bool emit_crypto_header(Sink& s, uint64_t offset, uint64_t data_length) {
  if (!within_stream_limit(offset, data_length)) return false;
  s.varint(to_wire(FrameType::kCrypto));
  s.varint(offset);
  s.varint(data_length);
  return true;
}

// RFC 9221 §4.
template <typename Sink>
bool emit_datagram_header(Sink& s, uint64_t data_length, bool explicit_length) {
  s.varint(to_wire(explicit_length ? FrameType::kDatagramLen : FrameType::kDatagram));
  if (explicit_length) s.varint(data_length);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const PaddingFrame& f) {
  if (f.length == 0) return false;
  s.zeros(f.length);  // RFC 9000 §19.1: each PADDING frame is one 0x00 byte
  return true;
}

// Frames that are just their type.
template <typename Sink, typename F>
requires std::is_same_v<F, PingFrame> || std::is_same_v<F, HandshakeDoneFrame> ||
    std::is_same_v<F, ImmediateAckFrame>
bool emit(Sink& s, const F& f) {
  s.varint(to_wire(f.type()));
  return true;
}

// RFC 9000 §19.3. The ranges are re-encoded pair by pair so every varint is minimal.
template <typename Sink>
bool emit(Sink& s, const AckFrame& f) {
  if (!is_valid_ack_frame(f)) return false;
  s.varint(to_wire(f.type()));
  s.varint(f.largest_acknowledged);
  s.varint(f.ack_delay);
  s.varint(f.ack_range_count);
  s.varint(f.first_ack_range);
  BufferReader ranges(f.encoded_ranges);
  uint64_t value = 0;
  while (ranges.read_varint(value)) s.varint(value);
  if (f.ecn) {
    s.varint(f.ecn->ect0);
    s.varint(f.ecn->ect1);
    s.varint(f.ecn->ce);
  }
  return true;
}

template <typename Sink>
bool emit(Sink& s, const ResetStreamFrame& f) {
  s.varint(to_wire(f.type()));
  s.varint(f.stream_id);
  s.varint(f.application_error_code);
  s.varint(f.final_size);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const StopSendingFrame& f) {
  s.varint(to_wire(f.type()));
  s.varint(f.stream_id);
  s.varint(f.application_error_code);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const CryptoFrame& f) {
  if (!emit_crypto_header(s, f.offset, f.data.size())) return false;
  s.bytes(f.data);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const NewTokenFrame& f) {
  if (f.token.empty()) return false;  // RFC 9000 §19.7: the token MUST NOT be empty
  s.varint(to_wire(f.type()));
  s.varint(f.token.size());
  s.bytes(f.token);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const StreamFrame& f) {
  if (!emit_stream_header(s, f.stream_id, f.offset, f.data.size(), f.fin, f.has_length)) {
    return false;
  }
  s.bytes(f.data);
  return true;
}

// MAX_DATA (§19.9) and DATA_BLOCKED (§19.12).
template <typename Sink, typename F>
requires std::is_same_v<F, MaxDataFrame> || std::is_same_v<F, DataBlockedFrame>
bool emit(Sink& s, const F& f) {
  s.varint(to_wire(f.type()));
  s.varint(f.maximum_data);
  return true;
}

// MAX_STREAM_DATA (§19.10) and STREAM_DATA_BLOCKED (§19.13).
template <typename Sink, typename F>
requires std::is_same_v<F, MaxStreamDataFrame> || std::is_same_v<F, StreamDataBlockedFrame>
bool emit(Sink& s, const F& f) {
  s.varint(to_wire(f.type()));
  s.varint(f.stream_id);
  s.varint(f.maximum_stream_data);
  return true;
}

// MAX_STREAMS (§19.11) and STREAMS_BLOCKED (§19.14): at most 2^60.
template <typename Sink, typename F>
requires std::is_same_v<F, MaxStreamsFrame> || std::is_same_v<F, StreamsBlockedFrame>
bool emit(Sink& s, const F& f) {
  if (f.maximum_streams > F::kMaxValue) return false;
  s.varint(to_wire(f.type()));
  s.varint(f.maximum_streams);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const NewConnectionIdFrame& f) {
  // RFC 9000 §19.15: length 1..20, Retire Prior To <= Sequence Number.
  if (f.connection_id.empty() || f.retire_prior_to > f.sequence_number) return false;
  s.varint(to_wire(f.type()));
  s.varint(f.sequence_number);
  s.varint(f.retire_prior_to);
  s.byte(static_cast<uint8_t>(f.connection_id.size()));
  s.bytes(f.connection_id.span());
  s.bytes(f.stateless_reset_token);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const RetireConnectionIdFrame& f) {
  s.varint(to_wire(f.type()));
  s.varint(f.sequence_number);
  return true;
}

// PATH_CHALLENGE (§19.17) and PATH_RESPONSE (§19.18).
template <typename Sink, typename F>
requires std::is_same_v<F, PathChallengeFrame> || std::is_same_v<F, PathResponseFrame>
bool emit(Sink& s, const F& f) {
  s.varint(to_wire(f.type()));
  s.bytes(f.data);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const ConnectionCloseFrame& f) {
  s.varint(to_wire(f.type()));
  s.varint(f.error_code);
  if (!f.application) s.varint(f.frame_type);  // RFC 9000 §19.19: absent in type 0x1d
  s.varint(f.reason_phrase.size());
  s.bytes(f.reason_phrase);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const DatagramFrame& f) {
  emit_datagram_header(s, f.data.size(), f.has_length);
  s.bytes(f.data);
  return true;
}

template <typename Sink>
bool emit(Sink& s, const AckFrequencyFrame& f) {
  if (f.requested_max_ack_delay_us >= AckFrequencyFrame::kRequestedMaxAckDelayLimitUs) {
    return false;
  }
  s.varint(to_wire(f.type()));
  s.varint(f.sequence_number);
  s.varint(f.ack_eliciting_threshold);
  s.varint(f.requested_max_ack_delay_us);
  s.varint(f.reordering_threshold);
  return true;
}

// Sizes `emit`'s output, then writes it only if it is valid and fits.
template <typename Emit>
size_t size_of(const Emit& emit_to) {
  SizeSink sizer;
  return emit_to(sizer) ? sizer.size() : 0;
}

template <typename Emit>
bool write_if_fits(BufferWriter& writer, const Emit& emit_to, size_t extra_room = 0) {
  const size_t size = size_of(emit_to);
  if (size == 0 || writer.remaining() < size || writer.remaining() - size < extra_room) {
    return false;
  }
  WriteSink out(writer);
  emit_to(out);
  return true;
}

// The most data bytes that fit in `room` bytes after the fields preceding the Length field
// (`before_length` bytes), choosing the Length field's own size (RFC 9000 §16) to suit.
size_t capacity_with_length_field(size_t room, size_t before_length) {
  if (room <= before_length) return 0;
  const size_t available = room - before_length;
  size_t best = 0;
  for (const size_t length_bytes : {size_t{1}, size_t{2}, size_t{4}, size_t{8}}) {
    if (available <= length_bytes) break;
    best = std::max<size_t>(
        best, std::min<uint64_t>(available - length_bytes, varint_max_for_length(length_bytes)));
  }
  return best;
}

}  // namespace

size_t encoded_size(const Frame& frame) {
  return std::visit(
      [](const auto& f) { return size_of([&f](auto& sink) { return emit(sink, f); }); }, frame);
}

bool encode_frame(BufferWriter& writer, const Frame& frame) {
  return std::visit(
      [&writer](const auto& f) {
        return write_if_fits(writer, [&f](auto& sink) { return emit(sink, f); });
      },
      frame);
}

size_t stream_frame_header_size(uint64_t stream_id, uint64_t offset, size_t data_length,
                                bool explicit_length) {
  return size_of([&](auto& sink) {
    return emit_stream_header(sink, stream_id, offset, data_length, false, explicit_length);
  });
}

bool write_stream_frame_header(BufferWriter& writer, uint64_t stream_id, uint64_t offset,
                               size_t data_length, bool fin, bool explicit_length) {
  return write_if_fits(
      writer,
      [&](auto& sink) {
        return emit_stream_header(sink, stream_id, offset, data_length, fin, explicit_length);
      },
      data_length);
}

size_t stream_frame_data_capacity(uint64_t stream_id, uint64_t offset, size_t room,
                                  bool explicit_length) {
  const size_t before_length = stream_frame_header_size(stream_id, offset, 0, false);
  if (before_length == 0) return 0;
  const size_t capacity = explicit_length ? capacity_with_length_field(room, before_length)
                                          : (room > before_length ? room - before_length : 0);
  return std::min<uint64_t>(capacity, kMaxVarint - offset);
}

size_t crypto_frame_header_size(uint64_t offset, size_t data_length) {
  return size_of([&](auto& sink) { return emit_crypto_header(sink, offset, data_length); });
}

bool write_crypto_frame_header(BufferWriter& writer, uint64_t offset, size_t data_length) {
  return write_if_fits(
      writer, [&](auto& sink) { return emit_crypto_header(sink, offset, data_length); },
      data_length);
}

size_t crypto_frame_data_capacity(uint64_t offset, size_t room) {
  if (offset > kMaxVarint) return 0;
  const size_t before_length = varint_size(to_wire(FrameType::kCrypto)) + varint_size(offset);
  return std::min<uint64_t>(capacity_with_length_field(room, before_length), kMaxVarint - offset);
}

size_t datagram_frame_header_size(size_t data_length, bool explicit_length) {
  return size_of(
      [&](auto& sink) { return emit_datagram_header(sink, data_length, explicit_length); });
}

bool write_datagram_frame_header(BufferWriter& writer, size_t data_length, bool explicit_length) {
  return write_if_fits(
      writer, [&](auto& sink) { return emit_datagram_header(sink, data_length, explicit_length); },
      data_length);
}

size_t datagram_frame_data_capacity(size_t room, bool explicit_length) {
  const size_t type_bytes = varint_size(to_wire(FrameType::kDatagram));
  if (explicit_length) return capacity_with_length_field(room, type_bytes);
  return room > type_bytes ? room - type_bytes : 0;
}

}  // namespace quasar
