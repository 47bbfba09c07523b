// Connection: unreliable datagrams (RFC 9221) — the send API and its queue, DATAGRAM frames in
// 0-RTT and 1-RTT packets (congestion controlled, never retransmitted), and received ones.
#include <algorithm>

#include "quic/base/varint.h"
#include "quic/conn/connection.h"
#include "quic/wire/frame_encoder.h"

namespace quasar {

namespace {

constexpr size_t kAeadTag = 16;
constexpr size_t kPacketNumberLength = 4;  // the longest a short header carries

// The largest payload of a DATAGRAM frame with a Length field that fits in `room` bytes.
size_t payload_fitting(size_t room) {
  const size_t header = 1 + varint_size(room);  // type 0x31, Length (never shorter for less)
  return room > header ? room - header : 0;
}

}  // namespace

size_t Connection::max_datagram_payload() const {
  if (!peer_params_received_ || !peer_params_.max_datagram_frame_size ||
      *peer_params_.max_datagram_frame_size == 0) {
    return 0;  // RFC 9221 §3: absent or 0 means no DATAGRAM support
  }
  // RFC 9221 §3: the peer's limit counts the whole frame (type, length and payload).
  const uint64_t peer_limit = std::min<uint64_t>(*peer_params_.max_datagram_frame_size, 65535);
  // RFC 9221 §5: a DATAGRAM frame cannot be split across packets.
  const size_t short_header = 1 + peer_cids_.active().size() + kPacketNumberLength;
  const size_t packet_room = max_datagram_size() - short_header - kAeadTag;
  return std::min(payload_fitting(static_cast<size_t>(peer_limit)), payload_fitting(packet_room));
}

Result<void, DatagramSendError> Connection::send_datagram(std::span<const uint8_t> payload) {
  DatagramSendError error;
  error.size = payload.size();
  if (state_ != State::kHandshake && state_ != State::kEstablished) {
    error.kind = DatagramSendError::Kind::kClosed;
    return error;
  }
  const size_t limit = max_datagram_payload();
  if (limit == 0) {
    error.kind = DatagramSendError::Kind::kNotNegotiated;
    return error;
  }
  if (payload.size() > limit) {
    error.kind = DatagramSendError::Kind::kTooLarge;
    error.limit = limit;
    return error;
  }
  if (!datagrams_to_send_.push(payload)) stats_.datagram_frames_dropped++;
  return {};
}

void Connection::write_datagram_frames(BufferWriter& w, bool& eliciting) {
  while (!datagrams_to_send_.empty()) {
    const std::span<const uint8_t> payload = datagrams_to_send_.front();
    const size_t frame_size = datagram_frame_header_size(payload.size(), true) + payload.size();
    if (frame_size > w.remaining()) {
      // It waits for the next packet, unless no packet can carry it any more (the path MTU
      // fell back since it was queued).
      if (payload.size() <= max_datagram_payload()) return;
      datagrams_to_send_.pop();
      stats_.datagram_frames_dropped++;
      continue;
    }
    if (!write_datagram_frame_header(w, payload.size(), true) || !w.write_bytes(payload)) return;
    sent_frames_scratch_.push_back(SentFrame::make_datagram(payload.size()));
    stats_.datagram_frames_sent++;
    eliciting = true;
    datagrams_to_send_.pop();
  }
}

bool Connection::read_datagram(std::vector<uint8_t>& out) {
  if (!datagrams_received_.take(out)) return false;
  // Announce again once more arrive after the application has read them all.
  if (datagrams_received_.empty()) datagrams_announced_ = false;
  return true;
}

Status Connection::on_datagram_frame(const DatagramFrame& frame) {
  // RFC 9221 §3: DATAGRAM frames we did not offer to receive, or larger than we offered (the
  // limit counts the whole frame), are a PROTOCOL_VIOLATION.
  const size_t frame_size =
      datagram_frame_header_size(frame.data.size(), frame.has_length) + frame.data.size();
  if (settings_.max_datagram_frame_size == 0) {
    return QuicError::transport(TransportError::kProtocolViolation, to_wire(frame.type()),
                                "DATAGRAM frame without max_datagram_frame_size");
  }
  if (frame_size > settings_.max_datagram_frame_size) {
    return QuicError::transport(TransportError::kProtocolViolation, to_wire(frame.type()),
                                "DATAGRAM frame larger than max_datagram_frame_size");
  }
  stats_.datagram_frames_received++;
  if (!datagrams_received_.push(frame.data)) stats_.datagram_frames_dropped_unread++;
  return {};
}

}  // namespace quasar
