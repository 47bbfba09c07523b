// Connection: building datagrams — coalesced packets, frame selection by priority, padding,
// sealing, header protection, and recording what each packet carried (RFC 9000 §12-§14, §19;
// RFC 9001 §5; RFC 9002 §6-§7).
#include <algorithm>
#include <array>

#include "crypto/header_protection.h"
#include "quic/conn/connection.h"
#include "quic/conn/connection_loss_visitor.h"
#include "quic/conn/sent_frame_mapping.h"
#include "quic/wire/ack_frame.h"
#include "quic/wire/frame_encoder.h"
#include "quic/wire/packet_header_writer.h"
#include "quic/wire/packet_number.h"

namespace quasar {

namespace {

constexpr size_t kAeadTag = 16;
// RFC 9000 §14.1: datagrams carrying Initial packets are expanded to at least this size.
constexpr size_t kMinInitialDatagramSize = 1200;
// Below this much room a packet is not worth starting.
constexpr size_t kMinPacketRoom = 48;
// RFC 9000 §13.2.3: ranges reported in one ACK frame (the newest are kept).
constexpr size_t kMaxAckRanges = 64;

PacketType packet_type_of(EncryptionLevel level) {
  switch (level) {
    case EncryptionLevel::kInitial:
      return PacketType::kInitial;
    case EncryptionLevel::kZeroRtt:
      return PacketType::kZeroRtt;
    case EncryptionLevel::kHandshake:
      return PacketType::kHandshake;
    case EncryptionLevel::kOneRtt:
      return PacketType::kOneRtt;
  }
  return PacketType::kOneRtt;
}

}  // namespace

size_t Connection::max_datagram_size() const {
  return static_cast<size_t>(std::min<uint64_t>(pmtu_.current(), peer_max_udp_payload_));
}

std::optional<Transmit> Connection::poll_transmit(Instant now, std::span<uint8_t> out,
                                                  size_t max_segments) {
  if (state_ == State::kClosed || state_ == State::kDraining || max_segments == 0) {
    return std::nullopt;
  }
  // PMTU probes are single packets and protect their header as they are built.
  if (auto probe = poll_pmtu_probe(now, out)) return probe;
  if (auto probe = poll_path_probe(now, out)) return probe;
  size_t segment_size = 0;
  defer_one_rtt_header_protection_ = true;
  const size_t total = build_batch(now, out, max_segments, segment_size);
  defer_one_rtt_header_protection_ = false;
  // Every return below comes after this: no packet leaves without header protection.
  const bool protected_all = flush_header_protection();
  deferred_hp_count_ = 0;
  arm_pacing_timer(now);
  if (total == 0) {
    // RFC 9002 §7.8: room to send, nothing to send.
    if (state_ == State::kEstablished && !is_congestion_limited(now, max_datagram_size())) {
      loss_.on_app_limited();
    }
    return std::nullopt;
  }
  // Cannot happen (each deferred packet was checked to hold its sample), but if it did, the
  // batch is dropped rather than sent unprotected; recovery treats its packets as lost.
  if (!protected_all) return std::nullopt;
  Transmit t;
  t.source = path_.local;
  t.destination = path_.peer;
  t.ecn = batch_ecn_;
  t.size = total;
  t.segment_size = segment_size;
  return t;
}

size_t Connection::build_batch(Instant now, std::span<uint8_t> out, size_t max_segments,
                               size_t& segment_size) {
  segment_size = std::min(max_datagram_size(), out.size());
  size_t total = 0;
  // One ECN codepoint for the whole batch; it ends where the codepoint to use changes
  // (RFC 9000 §13.4.2: validation counts exactly what was marked).
  batch_ecn_ = state_ == State::kClosing ? Ecn::kNotEct : loss_.ecn_codepoint_to_send();
  for (size_t i = 0; i < max_segments && out.size() - total >= segment_size; ++i) {
    // A datagram holds at most one 1-RTT packet, so one free entry is enough.
    if (deferred_hp_count_ == kMaxDeferredHeaderProtection && !flush_header_protection()) break;
    bool ack_eliciting = false;
    const size_t n = build_datagram(now, out.subspan(total, segment_size), ack_eliciting);
    if (n == 0) break;
    on_datagram_sent(now, n);
    if (i == 0) segment_size = n;  // later datagrams may not be larger (GSO)
    total += n;
    if (n < segment_size || state_ == State::kClosing) break;
    if (loss_.ecn_codepoint_to_send() != batch_ecn_) break;
  }
  return total;
}

bool Connection::flush_header_protection() {
  const size_t count = deferred_hp_count_;
  if (count == 0) return true;
  std::array<PacketInBatch, kMaxDeferredHeaderProtection> batch;
  for (size_t i = 0; i < count; ++i) {
    batch[i] = {deferred_hp_packets_[i], deferred_hp_pn_offsets_[i]};
  }
  // RFC 9001 §5.4.4: for ChaCha20 the masks are computed side by side, several times cheaper
  // than one at a time. On failure the entries stay, so that poll_transmit() sees it too.
  if (!apply_header_protection(one_rtt_keys_->write_header_key(),
                               std::span<const PacketInBatch>(batch.data(), count))
           .ok()) {
    return false;
  }
  deferred_hp_count_ = 0;
  return true;
}

void Connection::on_datagram_sent(Instant now, size_t size) {
  path_.bytes_sent += size;
  if (role_ == Role::kServer && !path_.validated &&
      path_.bytes_sent > Path::kAmplificationFactor * path_.bytes_received) {
    stats_.amplification_limit_exceeded++;
  }
  stats_.datagrams_sent++;
  stats_.bytes_sent += size;
  if (state_ == State::kClosing) {
    close_frame_pending_ = false;
    packets_since_close_sent_ = 0;
  }
  if (!path_.validated && role_ == Role::kServer) {
    loss_.set_amplification_limited(now, path_.amplification_credit() < kMinPacketRoom);
  }
}

void Connection::arm_pacing_timer(Instant now) {
  timers_.cancel(TimerKind::kPacing);
  if (state_ != State::kEstablished && state_ != State::kHandshake) return;
  if (loss_.bytes_in_flight() >= cc_->congestion_window()) return;  // ACKs will wake us
  const Instant next = pacer_.next_send_time(now, cc_->pacing_rate(), max_datagram_size());
  if (next > now && has_data_to_send()) timers_.set(TimerKind::kPacing, next);
}

bool Connection::has_data_to_send() {
  for (const PacketSpace& s : spaces_) {
    if (!s.discarded && (s.crypto.has_data_to_send() || s.probes_to_send > 0)) return true;
  }
  if (!one_rtt_keys_ && !zero_rtt_keys_) return false;
  return handshake_done_pending_ || new_token_pending_ || ping_pending_ ||
         path_challenge_pending_ || !path_.responses_to_send.empty() ||
         !datagrams_to_send_.empty() || local_cids_.next_to_send() ||
         peer_cids_.next_retire_to_send() || streams_.next_control_frame() ||
         streams_.next_stream_to_send() != nullptr;
}

bool Connection::can_send_level(EncryptionLevel level) const {
  switch (level) {
    case EncryptionLevel::kInitial:
    case EncryptionLevel::kHandshake: {
      const PacketSpace& s = spaces_[static_cast<size_t>(packet_number_space_of(level))];
      return !s.discarded && s.write_keys.has_value();
    }
    case EncryptionLevel::kZeroRtt:
      return role_ == Role::kClient && zero_rtt_keys_.has_value() && !one_rtt_keys_.has_value();
    case EncryptionLevel::kOneRtt:
      return one_rtt_keys_.has_value();
  }
  return false;
}

bool Connection::is_congestion_limited(Instant now, size_t bytes) const {
  if (loss_.bytes_in_flight() >= cc_->congestion_window()) return true;
  return !pacer_.can_send(now, cc_->pacing_rate(), bytes);
}

// Whether `level` has something to put in a packet now. For 1-RTT the builder simply tries.
bool Connection::has_data_for(Instant now, EncryptionLevel level, bool congestion_allowed) const {
  const PacketSpace& s = spaces_[static_cast<size_t>(packet_number_space_of(level))];
  if (state_ == State::kClosing) return close_frame_pending_;
  if (level != EncryptionLevel::kZeroRtt && s.acks.should_send_ack(now)) return true;
  if (s.probes_to_send > 0) return true;
  if (!congestion_allowed) return false;
  if (level == EncryptionLevel::kInitial || level == EncryptionLevel::kHandshake) {
    return s.crypto.has_data_to_send();
  }
  return true;
}

size_t Connection::build_datagram(Instant now, std::span<uint8_t> out, bool& ack_eliciting) {
  size_t limit = out.size();
  if (role_ == Role::kServer && !path_.validated) {
    limit = static_cast<size_t>(std::min<uint64_t>(limit, path_.amplification_credit()));
  }
  if (limit < kMinPacketRoom) return 0;

  bool probes = false;
  for (const PacketSpace& s : spaces_) probes |= s.probes_to_send > 0;
  const bool congestion_allowed = probes || !is_congestion_limited(now, limit);

  // Plan which levels go into this datagram, so the last one can carry the padding a datagram
  // with an Initial packet needs (RFC 9000 §14.1).
  std::array<EncryptionLevel, 4> plan;
  size_t planned = 0;
  for (EncryptionLevel level : {EncryptionLevel::kInitial, EncryptionLevel::kHandshake,
                                EncryptionLevel::kZeroRtt, EncryptionLevel::kOneRtt}) {
    if (!can_send_level(level)) continue;
    if (level == EncryptionLevel::kOneRtt && state_ != State::kClosing) {
      plan[planned++] = level;  // tried last; may turn out empty
      continue;
    }
    if (has_data_for(now, level, congestion_allowed)) plan[planned++] = level;
  }
  if (planned == 0) return 0;
  const bool has_initial = plan[0] == EncryptionLevel::kInitial;
  // Clients pad every datagram with an Initial; servers those with ack-eliciting Initials,
  // which here is any Initial carrying more than an ACK.
  const bool pad_initial =
      has_initial && (role_ == Role::kClient || spaces_[0].crypto.has_data_to_send() ||
                      spaces_[0].probes_to_send > 0 || state_ == State::kClosing);

  // RFC 9000 §8.2.1: a datagram with PATH_CHALLENGE is padded to 1200 bytes, as far as the
  // amplification limit allows.
  const bool pad_challenge =
      path_challenge_pending_ && plan[planned - 1] == EncryptionLevel::kOneRtt;

  size_t used = 0;
  for (size_t i = 0; i < planned; ++i) {
    const bool last = i + 1 == planned;
    size_t min_size = 0;
    if ((pad_initial || pad_challenge) && last && used < kMinInitialDatagramSize) {
      min_size = std::min(kMinInitialDatagramSize - used, limit - used);
    }
    const size_t n = build_packet(now, plan[i], out.subspan(used, limit - used), min_size,
                                  congestion_allowed, ack_eliciting);
    used += n;
    if (limit - used < kMinPacketRoom) break;
  }
  return used;
}

size_t Connection::build_packet(Instant now, EncryptionLevel level, std::span<uint8_t> out,
                                size_t min_size, bool congestion_allowed, bool& ack_eliciting) {
  const PacketNumberSpace space_id = packet_number_space_of(level);
  PacketSpace& space = spaces_[static_cast<size_t>(space_id)];
  const PacketType type = packet_type_of(level);
  const uint64_t pn = space.next_packet_number;
  const size_t pn_length = packet_number_length(
      pn, loss_.has_largest_acked(space_id) ? std::optional(loss_.largest_acked(space_id))
                                            : std::nullopt);

  BufferWriter header_writer(out);
  std::optional<PacketHeaderLayout> layout;
  if (level == EncryptionLevel::kOneRtt) {
    // A key update decided now starts with this packet, whose header carries the key phase.
    maybe_initiate_key_update();
    layout = write_short_header(header_writer,
                                {.dcid = building_path_probe_ ? probe_->dcid : peer_cids_.active(),
                                 .spin_bit = false,
                                 .key_phase = one_rtt_keys_->write_key_phase(),
                                 .packet_number = pn,
                                 .packet_number_length = pn_length});
  } else {
    layout = write_long_header(
        header_writer,
        {.version = type == PacketType::kZeroRtt ? zero_rtt_version() : version_,
         .type = type,
         .dcid = peer_cids_.active(),
         .scid = local_cids_.all().front().cid,
         .token = type == PacketType::kInitial ? std::span<const uint8_t>(initial_token_)
                                               : std::span<const uint8_t>(),
         .packet_number = pn,
         .packet_number_length = pn_length});
  }
  if (!layout || out.size() < layout->header_length + kAeadTag + 4) return 0;
  const size_t header_length = layout->header_length;
  BufferWriter w(out.subspan(header_length, out.size() - header_length - kAeadTag));
  sent_frames_scratch_.clear();
  bool eliciting = false;
  bool padded = false;

  // ACK first: it is what the peer needs most (RFC 9000 §13.2). One that is not due yet only
  // rides along with other frames: ACK-only packets answering ACK-only packets would never end.
  const bool ack_due = space.acks.should_send_ack(now);
  bool ack_written = false;
  if (level != EncryptionLevel::kZeroRtt && !building_pmtu_probe_ && !building_path_probe_ &&
      space.acks.has_unacknowledged()) {
    const bool in_handshake_space = space_id != PacketNumberSpace::kApplication;
    const uint64_t delay =
        in_handshake_space ? 0 : space.acks.encoded_ack_delay(now, settings_.ack_delay_exponent);
    std::optional<EcnCounts> ecn;
    if (space.acks.has_ecn_counts()) {
      const auto& c = space.acks.ecn_counts();
      ecn = EcnCounts{c.ect0, c.ect1, c.ce};
    }
    if (encode_ack_frame(w, space.acks.ranges(), delay, ecn, kMaxAckRanges) > 0) {
      sent_frames_scratch_.push_back(SentFrame::make_ack(space.acks.largest_received()));
      ack_written = true;
    }
  }

  if (state_ == State::kClosing) {
    // RFC 9000 §10.2.3: an application close becomes APPLICATION_ERROR outside 1-RTT.
    ConnectionCloseFrame close;
    const bool app_in_handshake = close_error_.application && level != EncryptionLevel::kOneRtt;
    close.application = close_error_.application && !app_in_handshake;
    close.error_code = app_in_handshake ? static_cast<uint64_t>(TransportError::kApplicationError)
                                        : close_error_.code;
    close.frame_type = close_error_.frame_type;
    if (!app_in_handshake) {
      close.reason_phrase = {reinterpret_cast<const uint8_t*>(close_phrase_.data()),
                             std::min<size_t>(close_phrase_.size(), 256)};
    }
    if (!encode_frame(w, close)) return 0;
  } else {
    const bool one_rtt_like =
        level == EncryptionLevel::kOneRtt || level == EncryptionLevel::kZeroRtt;
    // RFC 9000 §8.2.1, §9.3: the first packet on a new path carries the challenge. A probed
    // path's packets carry its own challenge and response, and nothing else.
    Path& target = building_path_probe_ ? probe_->path : path_;
    bool& challenge_pending =
        building_path_probe_ ? probe_->challenge_pending : path_challenge_pending_;
    if (level == EncryptionLevel::kOneRtt && challenge_pending && target.challenge) {
      if (encode_frame(w, PathChallengeFrame{*target.challenge})) {
        challenge_pending = false;
        sent_frames_scratch_.push_back(SentFrame::make_path_challenge());
        eliciting = true;
      }
    }
    while (level == EncryptionLevel::kOneRtt && !target.responses_to_send.empty() &&
           encode_frame(w, PathResponseFrame{target.responses_to_send.front()})) {
      target.responses_to_send.pop_front();
      sent_frames_scratch_.push_back(SentFrame::make_path_response());
      eliciting = true;
    }
    if (!building_path_probe_ && (congestion_allowed || space.probes_to_send > 0)) {
      // CRYPTO data, retransmissions first (CryptoStream's send buffer orders them).
      if (level != EncryptionLevel::kZeroRtt) {
        while (space.crypto.has_data_to_send()) {
          const auto probe = space.crypto.send().next_send(w.remaining(), UINT64_MAX);
          if (!probe) break;
          const size_t fit = crypto_frame_data_capacity(probe->offset, w.remaining());
          if (fit == 0) break;
          auto chunk =
              space.crypto.send().next_send(std::min<uint64_t>(fit, probe->length), UINT64_MAX);
          if (!chunk || chunk->length == 0) break;
          if (!write_crypto_frame_header(w, chunk->offset, chunk->length)) break;
          space.crypto.send().copy(chunk->offset, chunk->length, w.cursor());
          (void)w.advance(chunk->length);
          space.crypto.send().on_sent(chunk->offset, chunk->length, false);
          sent_frames_scratch_.push_back(SentFrame::make_crypto(chunk->offset, chunk->length));
          eliciting = true;
        }
      }
      if (level == EncryptionLevel::kOneRtt) {
        if (handshake_done_pending_ && encode_frame(w, HandshakeDoneFrame{})) {
          handshake_done_pending_ = false;
          sent_frames_scratch_.push_back(SentFrame::make_handshake_done());
          eliciting = true;
        }
        if (new_token_pending_ && encode_frame(w, NewTokenFrame{new_token_})) {
          new_token_pending_ = false;
          sent_frames_scratch_.push_back(SentFrame::make_new_token(0));
          eliciting = true;
        }
        while (auto cid = local_cids_.next_to_send()) {
          NewConnectionIdFrame f;
          f.sequence_number = cid->sequence;
          f.retire_prior_to = 0;
          f.connection_id = cid->cid;
          f.stateless_reset_token = cid->reset_token;
          if (!encode_frame(w, f)) break;
          local_cids_.on_sent(cid->sequence);
          sent_frames_scratch_.push_back(SentFrame::make_new_connection_id(cid->sequence));
          eliciting = true;
        }
        while (auto seq = peer_cids_.next_retire_to_send()) {
          if (!encode_frame(w, RetireConnectionIdFrame{*seq})) break;
          peer_cids_.on_retire_sent(*seq);
          sent_frames_scratch_.push_back(SentFrame::make_retire_connection_id(*seq));
          eliciting = true;
        }
      }
      if (one_rtt_like) {
        while (auto control = streams_.next_control_frame()) {
          if (!encode_frame(w, to_wire_frame(*control))) break;
          streams_.on_control_frame_sent(*control);
          sent_frames_scratch_.push_back(to_sent_frame(*control));
          eliciting = true;
        }
        write_datagram_frames(w, eliciting);  // RFC 9221 §5: before stream data
        // STREAM frames, as the scheduler orders them.
        while (w.remaining() > 8) {
          Stream* stream = streams_.next_stream_to_send();
          if (!stream) break;
          auto chunk = streams_.next_stream_chunk(*stream, w.remaining());
          if (!chunk) break;
          const size_t fit =
              stream_frame_data_capacity(stream->id(), chunk->offset, w.remaining(), true);
          if (fit < chunk->length) {
            chunk = streams_.next_stream_chunk(*stream, fit);
            if (!chunk || (chunk->length == 0 && !chunk->fin)) break;
          }
          if (!write_stream_frame_header(w, stream->id(), chunk->offset, chunk->length, chunk->fin,
                                         true)) {
            break;
          }
          streams_.copy_stream_data(*stream, *chunk, w.cursor());
          (void)w.advance(chunk->length);
          streams_.on_stream_chunk_sent(*stream, *chunk);
          sent_frames_scratch_.push_back(
              SentFrame::make_stream(stream->id(), chunk->offset, chunk->length, chunk->fin));
          stats_.stream_bytes_sent += chunk->length;
          if (level == EncryptionLevel::kZeroRtt)
            stats_.zero_rtt_stream_bytes_sent += chunk->length;
          if (chunk->is_retransmission) stats_.stream_bytes_retransmitted += chunk->length;
          eliciting = true;
        }
      }
    }
    // A probe, or a keep-alive, must elicit an acknowledgment: PING if nothing else does.
    const bool want_ping = space.probes_to_send > 0 || building_pmtu_probe_ ||
                           (ping_pending_ && level == EncryptionLevel::kOneRtt);
    if (want_ping && !eliciting && encode_frame(w, PingFrame{})) {
      sent_frames_scratch_.push_back(SentFrame::make_ping());
      eliciting = true;
    }
    if (eliciting && level == EncryptionLevel::kOneRtt) ping_pending_ = false;
  }

  if (min_size == 0 && state_ != State::kClosing && !eliciting && !(ack_written && ack_due)) {
    return 0;  // nothing worth a packet
  }
  if (ack_written) {
    space.acks.on_ack_sent();
    stats_.ack_frames_sent++;
  }
  // RFC 9001 §5.4.2: the header protection sample needs 4 bytes of packet number + payload;
  // then pad up to min_size.
  size_t payload = w.written();
  size_t target = std::max<size_t>(payload, 4 - std::min<size_t>(4, pn_length));
  if (min_size > header_length + kAeadTag) {
    target = std::max(target, min_size - header_length - kAeadTag);
  }
  if (target > payload) {
    if (!w.write_zeros(std::min(target - payload, w.remaining()))) return 0;
    padded = true;
    payload = w.written();
  }

  const size_t packet_size = header_length + payload + kAeadTag;
  std::span<uint8_t> packet = out.first(packet_size);
  if (level != EncryptionLevel::kOneRtt && !write_length_field(packet, *layout)) return 0;
  PacketProtector* aead = nullptr;
  const HeaderProtector* hp = nullptr;
  if (level == EncryptionLevel::kOneRtt) {
    aead = &one_rtt_keys_->write_key();
    hp = &one_rtt_keys_->write_header_key();
  } else if (level == EncryptionLevel::kZeroRtt) {
    aead = zero_rtt_keys_->aead.get();
    hp = zero_rtt_keys_->header.get();
  } else {
    aead = space.write_keys->aead.get();
    hp = space.write_keys->header.get();
  }
  if (!aead->seal(pn, packet.first(header_length), packet.subspan(header_length)).ok()) {
    close_with_error(now, QuicError::transport(TransportError::kAeadLimitReached, 0,
                                               "packet protection limit reached"));
    return 0;
  }
  // A 1-RTT packet of a batch gets its header protection with the rest of the batch
  // (flush_header_protection()); every other packet now.
  const bool defer_hp = level == EncryptionLevel::kOneRtt && defer_one_rtt_header_protection_ &&
                        deferred_hp_count_ < kMaxDeferredHeaderProtection;
  if (defer_hp) {
    if (!header_protection_sample_fits(packet.size(), layout->packet_number_offset)) return 0;
  } else if (!apply_header_protection(*hp, packet, layout->packet_number_offset).ok()) {
    return 0;
  }

  SentPacketParams params;
  params.packet_number = pn;
  params.bytes = static_cast<uint32_t>(packet_size);
  params.ack_eliciting = eliciting;
  params.in_flight = eliciting || padded;
  params.is_zero_rtt = level == EncryptionLevel::kZeroRtt;
  params.is_pmtu_probe = building_pmtu_probe_;
  params.ecn = batch_ecn_;
  if (!loss_.on_packet_sent(now, space_id, params, sent_frames_scratch_).ok()) return 0;
  if (defer_hp) {
    // Queued only now that the packet is part of the datagram for good.
    deferred_hp_packets_[deferred_hp_count_] = packet;
    deferred_hp_pn_offsets_[deferred_hp_count_] = layout->packet_number_offset;
    ++deferred_hp_count_;
  }
  if (params.in_flight) pacer_.on_packet_sent(now, cc_->pacing_rate(), packet_size);
  if (level == EncryptionLevel::kOneRtt) on_one_rtt_packet_sent(ack_written);
  if (qlog_) {
    QlogPacketEvent event(qlog_scratch_);
    for (const SentFrame& f : sent_frames_scratch_) event.add(f);
    if (state_ == State::kClosing) event.add(Frame(ConnectionCloseFrame{}));
    event.emit(*qlog_, now, "quic:packet_sent", type, pn, packet_size);
  }
  space.next_packet_number++;
  stats_.packets_sent++;
  if (level == EncryptionLevel::kInitial) stats_.initial_packets_sent++;
  if (eliciting) {
    ack_eliciting = true;
    // RFC 9002 §6.2.4: with two probes, both carry the data, so that losing one does not
    // leave the peer with an empty PING.
    if (space.probes_to_send > 1) LossVisitor(*this, now).requeue(space_id, sent_frames_scratch_);
    if (space.probes_to_send > 0) space.probes_to_send--;
    // RFC 9000 §10.1: sending an ack-eliciting packet restarts the idle timer, once per
    // received packet.
    if (!ack_eliciting_sent_since_receive_) {
      ack_eliciting_sent_since_receive_ = true;
      reset_idle_timer(now);
    }
  }
  if (level == EncryptionLevel::kHandshake && role_ == Role::kClient && !sent_handshake_packet_) {
    // RFC 9001 §4.9.1: a client discards Initial keys when it first sends a Handshake packet.
    sent_handshake_packet_ = true;
    discard_space(now, PacketNumberSpace::kInitial);
  }
  return packet_size;
}

}  // namespace quasar
