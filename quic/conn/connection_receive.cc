// Connection: processing received datagrams — coalesced packets, header protection and packet
// number recovery, decryption, duplicate detection, and frame dispatch (RFC 9000 §12-§13, §19;
// RFC 9001 §5).
#include <algorithm>

#include "crypto/header_protection.h"
#include "quic/conn/connection.h"
#include "quic/conn/connection_loss_visitor.h"
#include "quic/conn/sent_frame_mapping.h"
#include "quic/wire/coalesced_packets.h"
#include "quic/wire/frame_decoder.h"
#include "quic/wire/frame_permissions.h"
#include "quic/wire/packet_number.h"
#include "quic/wire/stateless_reset.h"

namespace quasar {

namespace {

// RFC 9000 §10.2.1: while closing, answer incoming packets with CONNECTION_CLOSE only after
// this many more packets each time (the gap doubles), limiting what an attacker gains.
constexpr uint64_t kClosePacketsPerResend = 1;
constexpr size_t kMinInitialDatagramSize = 1200;

}  // namespace

void Connection::handle_datagram(Instant now, const SocketAddress& local, const SocketAddress& peer,
                                 Ecn ecn, std::span<uint8_t> datagram) {
  if (state_ == State::kClosed || state_ == State::kDraining) return;
  stats_.datagrams_received++;
  stats_.bytes_received += datagram.size();
  datagram_from_new_address_ = is_other_path(local, peer);
  if (!datagram_from_new_address_) {
    path_.bytes_received += datagram.size();
  } else if (!handshake_confirmed_ ||
             (role_ == Role::kServer && settings_.disable_active_migration)) {
    // RFC 9000 §9: no migration before the handshake is confirmed, nor to a server that
    // refused it (§18.2 disable_active_migration).
    stats_.packets_dropped++;
    return;
  }
  datagram_local_ = local;
  datagram_peer_ = peer;
  datagram_size_ = datagram.size();
  if (!path_.validated && role_ == Role::kServer) {
    loss_.set_amplification_limited(now, path_.amplification_credit() < 48);
  }

  const size_t local_cid_length = local_cids_.all().front().cid.size();
  CoalescedPackets packets(datagram, local_cid_length);
  PacketHeader header;
  const uint64_t received_before = stats_.packets_received;
  while (packets.next(header)) {
    // The header's spans point into `datagram`; the packet is decrypted in place there.
    const size_t offset = static_cast<size_t>(header.packet.data() - datagram.data());
    process_packet(now, header, datagram.subspan(offset, header.packet.size()), ecn,
                   datagram.size());
    if (state_ == State::kClosed || state_ == State::kDraining) return;
  }
  if (stats_.packets_received == received_before) {
    // RFC 9000 §10.3.1: a datagram none of whose packets could be read (undecodable,
    // undecryptable or duplicate) that ends in a reset token the peer gave us ends the
    // connection; nothing more is sent.
    if (handle_stateless_reset(now, datagram)) return;
  }
  if (state_ == State::kClosing) {
    // RFC 9000 §10.2.1: respond to incoming packets with another CONNECTION_CLOSE, rate limited.
    if (++packets_since_close_sent_ >= kClosePacketsPerResend) close_frame_pending_ = true;
  }
}

void Connection::handle_datagrams(Instant now, const SocketAddress& local,
                                  const SocketAddress& peer, Ecn ecn,
                                  std::span<const std::span<uint8_t>> datagrams) {
  // A datagram that starts with a short header holds one 1-RTT packet (RFC 9000 §12.2); its
  // Packet Number field follows our CID.
  size_t masked = 0;
  if (one_rtt_keys_ && state_ != State::kClosed && state_ != State::kDraining) {
    const size_t pn_offset = 1 + local_cids_.all().front().cid.size();
    for (size_t i = 0; i < datagrams.size() && masked < kMaxReceiveBatch; ++i) {
      std::span<uint8_t> d = datagrams[i];
      if (d.empty() || (d[0] & 0x80) != 0 || !header_protection_sample_fits(d.size(), pn_offset)) {
        continue;
      }
      receive_batch_packets_[masked++] = PacketInBatch{d, pn_offset};
    }
    remove_header_protection(one_rtt_keys_->read_header_key(),
                             std::span(receive_batch_packets_).first(masked),
                             std::span(receive_batch_headers_).first(masked));
  }
  size_t next_masked = 0;
  for (std::span<uint8_t> d : datagrams) {
    if (next_masked < masked && receive_batch_packets_[next_masked].packet.data() == d.data()) {
      const std::optional<UnprotectedHeader>& h = receive_batch_headers_[next_masked++];
      if (h) {
        premasked_packet_ = d.data();
        premasked_header_ = *h;
        stats_.header_masks_batched++;
      }
    }
    handle_datagram(now, local, peer, ecn, d);
    premasked_packet_ = nullptr;
  }
}

bool Connection::handle_stateless_reset(Instant now, std::span<const uint8_t> datagram) {
  const auto candidate = stateless_reset_token_candidate(datagram);
  if (!candidate || !peer_cids_.is_reset_token(*candidate)) return false;
  if (state_ == State::kClosed || state_ == State::kDraining) return true;
  CloseReason reason;
  reason.kind = CloseReason::Kind::kStatelessReset;
  reason.reason = "stateless reset";
  enter_draining(now, reason);
  return true;
}

void Connection::process_packet(Instant now, const PacketHeader& header, std::span<uint8_t> packet,
                                Ecn ecn, size_t datagram_size) {
  if (header.type == PacketType::kRetry && header.version_known && role_ == Role::kClient) {
    on_retry(now, packet);
    return;
  }
  if (header.type == PacketType::kVersionNegotiation && role_ == Role::kClient) {
    on_version_negotiation(now, packet);
    return;
  }
  if (!header.version_known || header.type == PacketType::kVersionNegotiation ||
      header.type == PacketType::kRetry) {
    // A server ignores Retry and Version Negotiation (RFC 9000 §6.1, §17.2.5.2).
    stats_.packets_dropped++;
    return;
  }
  if (header.is_long() && !accepts_long_header_version(header.version, header.type)) {
    stats_.packets_dropped++;
    return;
  }
  // RFC 9000 §14.1: a server discards Initial packets in datagrams smaller than 1200 bytes.
  if (header.type == PacketType::kInitial && role_ == Role::kServer &&
      datagram_size < kMinInitialDatagramSize) {
    stats_.packets_dropped++;
    return;
  }
  const std::optional<EncryptionLevel> level = encryption_level_of(header.type);
  if (!level) return;
  const PacketNumberSpace space_id = packet_number_space_of(*level);
  PacketSpace& space = spaces_[static_cast<size_t>(space_id)];

  // The keys to remove header protection with; without them the packet cannot be processed.
  const HeaderProtector* hp = nullptr;
  const PacketKeys* long_header_keys = nullptr;  // Initial and Handshake
  switch (*level) {
    case EncryptionLevel::kInitial:
    case EncryptionLevel::kHandshake:
      long_header_keys = space.discarded ? nullptr : long_header_read_keys(space, header.version);
      if (long_header_keys == nullptr) {
        stats_.packets_dropped++;
        return;
      }
      hp = long_header_keys->header.get();
      break;
    case EncryptionLevel::kZeroRtt:
      // 0-RTT is accepted by servers only, with 0-RTT read keys.
      if (role_ != Role::kServer || !zero_rtt_keys_) {
        stats_.packets_dropped++;
        return;
      }
      hp = zero_rtt_keys_->header.get();
      break;
    case EncryptionLevel::kOneRtt:
      if (!one_rtt_keys_) {
        stats_.packets_dropped++;
        return;
      }
      hp = &one_rtt_keys_->read_header_key();
      break;
  }

  // A batch may have unmasked this packet already (handle_datagrams()).
  auto unprotected = packet.data() == premasked_packet_ && *level == EncryptionLevel::kOneRtt
                         ? Result<UnprotectedHeader, CryptoError>(premasked_header_)
                         : remove_header_protection(*hp, packet, header.packet_number_offset);
  if (!unprotected.ok()) {
    stats_.packets_dropped++;
    return;
  }
  const uint64_t pn = decode_packet_number(
      space.acks.has_received() ? std::optional(space.acks.largest_received()) : std::nullopt,
      unprotected->truncated_packet_number, unprotected->packet_number_length);
  const size_t header_length = header.packet_number_offset + unprotected->packet_number_length;
  if (packet.size() < header_length + 16) {
    stats_.packets_dropped++;
    return;
  }
  std::span<const uint8_t> header_bytes = packet.first(header_length);
  std::span<uint8_t> ciphertext = packet.subspan(header_length);

  size_t plaintext_length = 0;
  if (*level == EncryptionLevel::kOneRtt) {
    const bool key_phase = key_phase_bit(unprotected->first_byte);
    auto opened = one_rtt_keys_->open(key_phase, pn, header_bytes, ciphertext);
    if (!opened.ok()) {
      stats_.packets_dropped++;
      // RFC 9001 §6.6: too many forgeries end the connection.
      if (one_rtt_keys_ && one_rtt_suite_ &&
          one_rtt_keys_->failed_opens() >= aead_integrity_limit(*one_rtt_suite_)) {
        close_with_error(now, QuicError::transport(TransportError::kAeadLimitReached, 0,
                                                   "AEAD integrity limit reached"));
      }
      return;
    }
    plaintext_length = opened->plaintext_length;
    if (opened->key_phase_changed && !on_key_phase_changed(now)) return;
  } else {
    PacketProtector* aead = *level == EncryptionLevel::kZeroRtt ? zero_rtt_keys_->aead.get()
                                                                : long_header_keys->aead.get();
    auto opened = aead->open(pn, header_bytes, ciphertext);
    if (!opened.ok()) {
      stats_.packets_dropped++;
      return;
    }
    plaintext_length = *opened;
    if (long_header_keys != nullptr) on_long_header_packet_opened(header.version, space_id);
  }

  // RFC 9000 §17.2, §17.3.1: non-zero reserved bits after removing protection.
  if (!reserved_bits_are_zero(header.form, unprotected->first_byte)) {
    close_with_error(now, QuicError::transport(TransportError::kProtocolViolation, 0,
                                               "reserved header bits are not zero"));
    return;
  }
  if (space.acks.is_duplicate(pn)) {
    stats_.packets_dropped++;
    return;
  }
  stats_.packets_received++;

  // RFC 9000 §7.2: the Source CID of the first Initial processed is the peer's CID. Header
  // fields are only trusted once the packet decrypted: a server creates its connection from an
  // Initial before it can check it, and a damaged one must not set the CID it answers to.
  if (header.type == PacketType::kInitial && !peer_scid_known_) {
    peer_scid_known_ = true;
    ConnectionId scid;
    (void)ConnectionId::from_bytes(header.scid, scid);
    peer_initial_scid_ = scid;
    peer_cids_.set_initial(scid);
  }
  // RFC 9000 §17.2.2: a server's Initial must not carry a token.
  if (header.type == PacketType::kInitial && role_ == Role::kClient && !header.token.empty()) {
    close_with_error(now, QuicError::transport(TransportError::kProtocolViolation, 0,
                                               "server Initial carries a token"));
    return;
  }

  (void)ConnectionId::from_bytes(header.dcid, current_packet_dcid_);
  bool ack_eliciting = false;
  std::optional<QlogPacketEvent> qlog_event;
  if (qlog_) qlog_event.emplace(qlog_scratch_);
  Status frames = process_frames(now, header.type, space_id, ciphertext.first(plaintext_length),
                                 ack_eliciting, qlog_event ? &*qlog_event : nullptr);
  if (qlog_event) {
    qlog_event->emit(*qlog_, now, "quic:packet_received", header.type, pn, packet.size());
  }
  if (!frames.ok()) {
    close_with_error(now, frames.error());
    return;
  }
  if (state_ == State::kClosed || state_ == State::kDraining) return;
  const bool largest_so_far = !space.acks.has_received() || pn > space.acks.largest_received();
  space.acks.on_packet_received(now, pn, ack_eliciting, ecn);
  // RFC 9000 §9.3: a non-probing packet with the largest packet number yet, from a new address,
  // moves the connection there. Only clients migrate (§9): a client does not follow packets
  // from another server address (e.g. still in flight from before it moved, §9.6).
  if (role_ == Role::kServer && datagram_from_new_address_ && packet_non_probing_ &&
      largest_so_far && header.type == PacketType::kOneRtt) {
    on_peer_address_changed(now);
  }
  ack_eliciting_sent_since_receive_ = false;
  reset_idle_timer(now);

  // RFC 9000 §8.1: a Handshake packet from the client proves it owns its address; RFC 9001
  // §4.9.1: the server then discards its Initial keys.
  if (header.type == PacketType::kHandshake && role_ == Role::kServer) {
    if (!path_.validated) {
      path_.validated = true;
      loss_.set_amplification_limited(now, false);
    }
    discard_space(now, PacketNumberSpace::kInitial);
  }
  if (header.type == PacketType::kHandshake && role_ == Role::kClient) {
    loss_.on_handshake_keys_available();
  }
}

Status Connection::process_frames(Instant now, PacketType type, PacketNumberSpace space,
                                  std::span<const uint8_t> payload, bool& ack_eliciting,
                                  QlogPacketEvent* qlog_event) {
  // RFC 9000 §12.4: a packet with no frames is a PROTOCOL_VIOLATION.
  if (payload.empty()) {
    return QuicError::transport(TransportError::kProtocolViolation, 0, "packet has no frames");
  }
  BufferReader reader(payload);
  packet_non_probing_ = false;
  while (!reader.empty()) {
    QUASAR_ASSIGN_OR_RETURN(Frame frame, decode_frame(reader));
    if (qlog_event) qlog_event->add(frame);
    const FrameType frame_type = frame_type_of(frame);
    if (!is_probing_frame(frame_type)) packet_non_probing_ = true;
    if (!frame_allowed_in(frame_type, type)) {
      return QuicError::transport(TransportError::kProtocolViolation, to_wire(frame_type),
                                  "frame not allowed in this packet type");
    }
    if (is_ack_eliciting(frame_type)) ack_eliciting = true;
    QUASAR_TRY(on_frame(now, type, space, frame));
    if (state_ == State::kDraining || state_ == State::kClosed) return {};
  }
  return {};
}

Status Connection::on_frame(Instant now, PacketType type, PacketNumberSpace space,
                            const Frame& frame) {
  const bool is_server = role_ == Role::kServer;
  return std::visit(
      [&](const auto& f) -> Status {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, PaddingFrame> || std::is_same_v<F, PingFrame>) {
          return {};
        } else if constexpr (std::is_same_v<F, AckFrame>) {
          return on_ack_frame(now, space, f);
        } else if constexpr (std::is_same_v<F, CryptoFrame>) {
          return on_crypto_frame(now, space, f);
        } else if constexpr (std::is_same_v<F, StreamFrame>) {
          stats_.stream_bytes_received += f.data.size();
          if (type == PacketType::kZeroRtt) note_early_data(f.stream_id, f.data.size());
          return streams_.on_stream_frame(f.stream_id, to_wire(f.type()), f.offset, f.data, f.fin);
        } else if constexpr (std::is_same_v<F, ResetStreamFrame>) {
          return streams_.on_reset_stream(f.stream_id, f.application_error_code, f.final_size);
        } else if constexpr (std::is_same_v<F, StopSendingFrame>) {
          return streams_.on_stop_sending(f.stream_id, f.application_error_code);
        } else if constexpr (std::is_same_v<F, MaxDataFrame>) {
          streams_.on_max_data(f.maximum_data);
          return {};
        } else if constexpr (std::is_same_v<F, MaxStreamDataFrame>) {
          return streams_.on_max_stream_data(f.stream_id, f.maximum_stream_data);
        } else if constexpr (std::is_same_v<F, MaxStreamsFrame>) {
          streams_.on_max_streams(
              f.bidirectional ? StreamDirection::kBidirectional : StreamDirection::kUnidirectional,
              f.maximum_streams);
          return {};
        } else if constexpr (std::is_same_v<F, DataBlockedFrame>) {
          return {};  // informational (RFC 9000 §19.12)
        } else if constexpr (std::is_same_v<F, StreamDataBlockedFrame>) {
          return streams_.on_stream_data_blocked(f.stream_id, f.maximum_stream_data);
        } else if constexpr (std::is_same_v<F, StreamsBlockedFrame>) {
          return {};  // informational (RFC 9000 §19.14)
        } else if constexpr (std::is_same_v<F, NewTokenFrame>) {
          // RFC 9000 §19.7: servers never receive NEW_TOKEN.
          if (is_server) {
            return QuicError::transport(TransportError::kProtocolViolation, 0x07,
                                        "NEW_TOKEN sent by a client");
          }
          push_event(event::NewToken{std::vector<uint8_t>(f.token.begin(), f.token.end())});
          return {};
        } else if constexpr (std::is_same_v<F, NewConnectionIdFrame>) {
          return on_new_connection_id(f);
        } else if constexpr (std::is_same_v<F, RetireConnectionIdFrame>) {
          return on_retire_connection_id(f);
        } else if constexpr (std::is_same_v<F, PathChallengeFrame>) {
          // RFC 9000 §8.2.2: answered on the path it arrived on.
          if (datagram_from_new_address_) {
            answer_challenge_on_other_path(f.data);
          } else {
            path_.responses_to_send.push(f.data);
          }
          return {};
        } else if constexpr (std::is_same_v<F, PathResponseFrame>) {
          // RFC 9000 §8.2.3: a response matching our challenge validates the path.
          if (on_path_probe_response(f.data)) return {};
          if (path_.challenge && *path_.challenge == f.data) on_path_validated(now);
          return {};
        } else if constexpr (std::is_same_v<F, ConnectionCloseFrame>) {
          on_connection_close_frame(now, f);
          return {};
        } else if constexpr (std::is_same_v<F, HandshakeDoneFrame>) {
          // RFC 9000 §19.20: a server receiving HANDSHAKE_DONE closes with PROTOCOL_VIOLATION.
          if (is_server) {
            return QuicError::transport(TransportError::kProtocolViolation, 0x1e,
                                        "HANDSHAKE_DONE sent by a client");
          }
          confirm_handshake(now);
          return {};
        } else if constexpr (std::is_same_v<F, DatagramFrame>) {
          return on_datagram_frame(f);
        } else {
          // ACK_FREQUENCY / IMMEDIATE_ACK: only valid if we advertised min_ack_delay, which we
          // do not (draft-ietf-quic-ack-frequency §3).
          (void)type;
          return QuicError::transport(TransportError::kProtocolViolation, to_wire(f.type()),
                                      "ACK frequency extension not negotiated");
        }
      },
      frame);
}

Status Connection::on_ack_frame(Instant now, PacketNumberSpace space, const AckFrame& ack) {
  stats_.ack_frames_received++;
  ReceivedAck received;
  received.largest_acknowledged = ack.largest_acknowledged;
  const uint64_t exponent =
      space == PacketNumberSpace::kApplication ? peer_params_.ack_delay_exponent : 0;
  received.ack_delay = space == PacketNumberSpace::kApplication
                           ? decode_ack_delay(ack.ack_delay, exponent)
                           : Duration::zero();
  if (received.ack_delay.is_infinite()) received.ack_delay = Duration::zero();
  if (ack.ecn) received.ecn = quasar::EcnCounts{ack.ecn->ect0, ack.ecn->ect1, ack.ecn->ce};
  AckRangeIterator it(ack);
  AckRangeIterator end;
  auto producer = [&](AckRange& out) {
    if (it == end) return false;
    out = AckRange{it->smallest, it->largest};
    ++it;
    return true;
  };
  LossVisitor visitor(*this, now);
  auto result = loss_.on_ack_received(now, space, received, producer, visitor);
  if (!result.ok()) {
    QuicError error = result.error();
    error.frame_type = to_wire(ack.type());
    return error;
  }
  stats_.max_congestion_window = std::max(stats_.max_congestion_window, cc_->congestion_window());
  qlog_metrics(now);
  return {};
}

Status Connection::on_crypto_frame(Instant now, PacketNumberSpace space, const CryptoFrame& frame) {
  QUASAR_TRY(spaces_[static_cast<size_t>(space)].crypto.on_crypto_frame(frame.offset, frame.data));
  return drive_tls(now);
}

Status Connection::on_new_connection_id(const NewConnectionIdFrame& frame) {
  return peer_cids_.on_new_connection_id(frame.sequence_number, frame.retire_prior_to,
                                         frame.connection_id, frame.stateless_reset_token);
}

Status Connection::on_retire_connection_id(const RetireConnectionIdFrame& frame) {
  auto retired = local_cids_.on_retire(frame.sequence_number, current_packet_dcid_);
  if (!retired.ok()) return retired.error();
  if (*retired) {
    retired_cids_for_endpoint_.push_back(**retired);
    replenish_local_cids();
  }
  return {};
}

void Connection::on_connection_close_frame(Instant now, const ConnectionCloseFrame& frame) {
  CloseReason reason;
  reason.kind = CloseReason::Kind::kRemote;
  reason.error.code = frame.error_code;
  reason.error.frame_type = frame.frame_type;
  reason.error.application = frame.application;
  reason.reason.assign(frame.reason_phrase.begin(), frame.reason_phrase.end());
  enter_draining(now, reason);
}

}  // namespace quasar
