// Connection::LossVisitor: hands the fate of sent frames to the parts of a connection that own
// their content (RFC 9000 §13.3). Private to the connection's implementation files.
#pragma once

#include "quic/conn/connection.h"
#include "quic/conn/sent_frame_mapping.h"

namespace quasar {

class Connection::LossVisitor final : public SentPacketVisitor {
 public:
  LossVisitor(Connection& c, Instant now) : c_(c), now_(now) {}

  void on_packet_acked(PacketNumberSpace space, const SentPacket& packet,
                       std::span<const SentFrame> frames, bool was_declared_lost) override {
    PacketSpace& s = c_.spaces_[static_cast<size_t>(space)];
    if (space == PacketNumberSpace::kApplication) c_.on_app_packet_acked(now_, packet);
    for (const SentFrame& f : frames) {
      switch (f.type) {
        case SentFrameType::kDatagram:
          // A datagram counted lost that arrived after all is no longer counted lost.
          if (was_declared_lost && c_.stats_.datagram_frames_lost > 0) {
            c_.stats_.datagram_frames_lost--;
          }
          c_.stats_.datagram_frames_acked++;
          break;
        case SentFrameType::kStream:
          c_.streams_.on_stream_chunk_acked(
              f.stream.stream_id, StreamChunk{f.stream.offset, f.stream.length, f.stream.fin});
          break;
        case SentFrameType::kCrypto:
          s.crypto.send().on_acked(f.crypto.offset, f.crypto.length, false);
          break;
        case SentFrameType::kAck:
          s.acks.on_ack_frame_acked(f.ack.largest_acknowledged);
          break;
        default:
          if (auto control = to_stream_control_frame(f))
            c_.streams_.on_control_frame_acked(*control);
          break;
      }
    }
  }

  void on_packet_lost(PacketNumberSpace space, const SentPacket& packet,
                      std::span<const SentFrame> frames) override {
    if (c_.qlog_) {
      static constexpr PacketType kTypes[] = {PacketType::kInitial, PacketType::kHandshake,
                                              PacketType::kOneRtt};
      qlog_packet_lost(*c_.qlog_, now_, kTypes[static_cast<size_t>(space)], packet.packet_number);
    }
    if (space == PacketNumberSpace::kApplication) c_.on_app_packet_lost(now_, packet);
    // RFC 9221 §5.2: DATAGRAM frames are never retransmitted; requeue() leaves them out.
    for (const SentFrame& f : frames) {
      if (f.type == SentFrameType::kDatagram) c_.stats_.datagram_frames_lost++;
    }
    requeue(space, frames);
  }

  // Queues the content of `frames` to be sent again (RFC 9000 §13.3): after a loss, or for a
  // probe (RFC 9002 §6.2.4).
  void requeue(PacketNumberSpace space, std::span<const SentFrame> frames) {
    PacketSpace& s = c_.spaces_[static_cast<size_t>(space)];
    for (const SentFrame& f : frames) {
      switch (f.type) {
        case SentFrameType::kStream:
          c_.streams_.on_stream_chunk_lost(
              f.stream.stream_id, StreamChunk{f.stream.offset, f.stream.length, f.stream.fin});
          break;
        case SentFrameType::kCrypto:
          if (!s.discarded) s.crypto.send().on_lost(f.crypto.offset, f.crypto.length, false);
          break;
        case SentFrameType::kHandshakeDone:
          c_.handshake_done_pending_ = true;
          break;
        case SentFrameType::kNewToken:
          c_.new_token_pending_ = !c_.new_token_.empty();
          break;
        case SentFrameType::kNewConnectionId:
          c_.local_cids_.on_lost(f.new_connection_id.sequence);
          break;
        case SentFrameType::kRetireConnectionId:
          c_.peer_cids_.on_retire_lost(f.retire_connection_id.sequence);
          break;
        default:
          if (auto control = to_stream_control_frame(f))
            c_.streams_.on_control_frame_lost(*control);
          break;
      }
    }
  }

 private:
  Connection& c_;
  Instant now_;
};

}  // namespace quasar
