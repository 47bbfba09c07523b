// Connection: driving TLS (RFC 9001 §4) — CRYPTO data in and out per encryption level, key
// installation, transport parameters, handshake completion and confirmation, key discard.
#include <algorithm>

#include "quic/conn/connection.h"
#include "quic/conn/peer_stream_limits.h"
#include "quic/wire/handshake_parameter_checks.h"

namespace quasar {

namespace {

EncryptionLevel crypto_level_of(PacketNumberSpace space) {
  switch (space) {
    case PacketNumberSpace::kInitial:
      return EncryptionLevel::kInitial;
    case PacketNumberSpace::kHandshake:
      return EncryptionLevel::kHandshake;
    case PacketNumberSpace::kApplication:
      return EncryptionLevel::kOneRtt;
  }
  return EncryptionLevel::kOneRtt;
}

}  // namespace

TransportParameters Connection::local_transport_parameters() const {
  const TransportSettings& s = settings_;
  TransportParameters p;
  p.max_idle_timeout_ms = static_cast<uint64_t>(s.max_idle_timeout.millis());
  p.max_udp_payload_size = s.max_udp_payload_size;
  p.initial_max_data = s.initial_max_data;
  p.initial_max_stream_data_bidi_local = s.initial_max_stream_data_bidi_local;
  p.initial_max_stream_data_bidi_remote = s.initial_max_stream_data_bidi_remote;
  p.initial_max_stream_data_uni = s.initial_max_stream_data_uni;
  p.initial_max_streams_bidi = s.initial_max_streams_bidi;
  p.initial_max_streams_uni = s.initial_max_streams_uni;
  p.ack_delay_exponent = s.ack_delay_exponent;
  p.max_ack_delay_ms = static_cast<uint64_t>(s.max_ack_delay.millis());
  p.disable_active_migration = s.disable_active_migration;
  p.active_connection_id_limit = s.active_connection_id_limit;
  p.initial_source_connection_id = local_cids_.all().front().cid;
  if (s.max_datagram_frame_size > 0) p.max_datagram_frame_size = s.max_datagram_frame_size;
  // RFC 9368 §3: chosen version and what this endpoint also speaks. RFC 9369 §4: v1 and v2
  // are compatible, so a client's first flight serves for either.
  p.version_information = VersionInformation{version_, versions_};
  // A client's chosen version is among those it lists (RFC 9368 §3), even a reserved one whose
  // first flight only elicits Version Negotiation (RFC 9000 §6.3).
  if (!speaks(version_)) {
    auto& available = p.version_information->available_versions;
    available.insert(available.begin(), version_);
  }
  if (role_ == Role::kServer) {
    p.original_destination_connection_id = original_dcid_;
    p.retry_source_connection_id = retry_source_cid_;
    p.stateless_reset_token = local_cids_.all().front().reset_token;
    // RFC 9000 §18.2: the preferred address with our CID of sequence 1.
    for (const LocalCid& cid : local_cids_.all()) {
      if (cid.sequence != 1 || (!preferred_address_ipv4_ && !preferred_address_ipv6_)) continue;
      PreferredAddress preferred;
      if (preferred_address_ipv4_) preferred.ipv4 = *preferred_address_ipv4_;
      if (preferred_address_ipv6_) preferred.ipv6 = *preferred_address_ipv6_;
      preferred.connection_id = cid.cid;
      preferred.stateless_reset_token = cid.reset_token;
      p.preferred_address = preferred;
    }
  }
  return p;
}

Status Connection::start_tls(Instant now) {
  TlsSessionRequest request;
  request.transport_parameters.resize(512);
  BufferWriter writer(request.transport_parameters);
  QUASAR_TRY(encode_transport_parameters(local_transport_parameters(), role_, writer, &rng_));
  request.transport_parameters.resize(writer.written());
  request.version = version_;
  if (role_ == Role::kServer) {
    request.on_client_parameters = [this](std::span<const uint8_t> client) {
      return on_client_transport_parameters(client);
    };
  }
  QUASAR_ASSIGN_OR_RETURN(tls_, make_tls_(std::move(request)));
  QUASAR_TRY(tls_->start());
  return drive_tls(now);
}

Status Connection::drive_tls(Instant now) {
  // Received handshake bytes, in order, level by level.
  for (PacketSpace& space : spaces_) {
    if (space.discarded) continue;
    for (auto data = space.crypto.peek(); !data.empty(); data = space.crypto.peek()) {
      QUASAR_TRY(tls_->provide_crypto_data(crypto_level_of(space.id), data));
      space.crypto.consume(data.size());
    }
  }
  while (auto secret = tls_->take_secret()) QUASAR_TRY(install_secret(*secret));
  // Handshake bytes to send go into each level's CRYPTO stream.
  for (PacketSpace& space : spaces_) {
    const EncryptionLevel level = crypto_level_of(space.id);
    const auto out = tls_->pending_crypto_data(level);
    if (out.empty()) continue;
    if (!space.discarded) space.crypto.write(out);
    tls_->consume_crypto_data(level, out.size());
  }
  if (!peer_params_received_ && !tls_->peer_transport_parameters().empty()) {
    QUASAR_TRY(apply_peer_transport_parameters(tls_->peer_transport_parameters()));
  }
  if (!handshake_complete_ && tls_->handshake_complete()) {
    QUASAR_TRY(on_early_data_outcome(now));
    QUASAR_TRY(on_handshake_complete(now));
  }
  while (auto ticket = tls_->take_session_ticket()) {
    push_event(event::SessionTicket{std::move(*ticket)});
  }
  return {};
}

Status Connection::install_secret(const TlsSecret& secret) {
  const auto internal = [](const char* reason) {
    return QuicError::transport(TransportError::kInternalError, 0, reason);
  };
  switch (secret.level) {
    case EncryptionLevel::kInitial:
      return {};  // Initial keys come from the connection ID, never from TLS
    case EncryptionLevel::kZeroRtt: {
      auto keys =
          key_factory_.make_packet_keys(secret.secret.span(), secret.suite, zero_rtt_version());
      if (!keys.ok()) return internal("cannot derive 0-RTT keys");
      zero_rtt_keys_ = std::move(*keys);
      return {};
    }
    case EncryptionLevel::kHandshake: {
      auto keys = key_factory_.make_packet_keys(secret.secret.span(), secret.suite, version_);
      if (!keys.ok()) return internal("cannot derive Handshake keys");
      PacketSpace& space = spaces_[static_cast<size_t>(PacketNumberSpace::kHandshake)];
      if (secret.direction == SecretDirection::kRead) {
        space.read_keys = std::move(*keys);
      } else {
        space.write_keys = std::move(*keys);
      }
      if (space.read_keys && space.write_keys) loss_.on_handshake_keys_available();
      return {};
    }
    case EncryptionLevel::kOneRtt: {
      if (!pending_one_rtt_secret_) {
        pending_one_rtt_secret_ = secret;
        return {};
      }
      const TlsSecret& other = *pending_one_rtt_secret_;
      const TlsSecret& read = secret.direction == SecretDirection::kRead ? secret : other;
      const TlsSecret& write = secret.direction == SecretDirection::kWrite ? secret : other;
      auto keys = OneRttKeys::create(key_factory_, secret.suite, version_, read.secret.span(),
                                     write.secret.span());
      pending_one_rtt_secret_.reset();
      if (!keys.ok()) return internal("cannot derive 1-RTT keys");
      one_rtt_keys_.emplace(std::move(*keys));
      one_rtt_suite_ = secret.suite;
      return {};
    }
  }
  return {};
}

Status Connection::apply_peer_transport_parameters(std::span<const uint8_t> encoded) {
  const Role peer = peer_of(role_);
  QUASAR_ASSIGN_OR_RETURN(TransportParameters params, decode_transport_parameters(encoded, peer));
  HandshakeConnectionIds seen;
  seen.peer_initial_source = peer_initial_scid_;
  if (role_ == Role::kClient) {
    seen.original_destination = original_dcid_;
    seen.retry_source = retry_source_cid_;
  }
  QUASAR_TRY(check_handshake_connection_ids(params, peer, seen));
  QUASAR_TRY(check_peer_version_information(params));

  peer_params_ = params;
  peer_params_received_ = true;
  streams_.apply_peer_limits(peer_stream_limits(params));
  loss_.set_peer_max_ack_delay(
      Duration::from_millis(static_cast<int64_t>(params.max_ack_delay_ms)));
  peer_max_udp_payload_ = params.max_udp_payload_size;
  // RFC 9000 §10.1: the effective idle timeout is the smaller of the two non-zero values.
  const Duration peer_idle =
      Duration::from_millis(static_cast<int64_t>(params.max_idle_timeout_ms));
  if (peer_idle > Duration::zero() &&
      (idle_timeout_ == Duration::zero() || peer_idle < idle_timeout_)) {
    idle_timeout_ = peer_idle;
  }
  if (params.stateless_reset_token)
    peer_cids_.set_initial_reset_token(*params.stateless_reset_token);
  if (params.preferred_address) {
    // RFC 9000 §5.1.1: the preferred address's CID has sequence number 1.
    QUASAR_TRY(peer_cids_.on_new_connection_id(1, 0, params.preferred_address->connection_id,
                                               params.preferred_address->stateless_reset_token));
  }
  return {};
}

Status Connection::on_handshake_complete(Instant now) {
  handshake_complete_ = true;
  set_state(now, State::kEstablished);
  if (!peer_params_received_) {
    return QuicError::transport(TransportError::kTransportParameterError, 0x06,
                                "peer sent no transport parameters");
  }
  push_event(event::HandshakeCompleted{});
  replenish_local_cids();
  if (role_ == Role::kServer) {
    // RFC 9001 §4.1.2: the server's handshake is confirmed at completion; it tells the client
    // with HANDSHAKE_DONE (RFC 9000 §19.20).
    handshake_done_pending_ = true;
    if (make_new_token_) {
      // RFC 9369 §5: tokens belong to the negotiated version.
      new_token_ = make_new_token_(path_.peer, version_, now);
      new_token_pending_ = !new_token_.empty();
    }
    confirm_handshake(now);
  }
  return {};
}

void Connection::confirm_handshake(Instant now) {
  if (handshake_confirmed_) return;
  handshake_confirmed_ = true;
  loss_.on_handshake_confirmed(now);
  // RFC 9001 §4.9.2: Handshake keys are discarded once the handshake is confirmed.
  discard_space(now, PacketNumberSpace::kHandshake);
  push_event(event::HandshakeConfirmed{});
  start_pmtu_discovery(now);
  start_preferred_address_probe(now);
}

void Connection::discard_space(Instant now, PacketNumberSpace space) {
  PacketSpace& s = spaces_[static_cast<size_t>(space)];
  if (s.discarded) return;
  s.discarded = true;
  s.read_keys.reset();
  s.write_keys.reset();
  s.probes_to_send = 0;
  loss_.discard_space(now, space);
}

}  // namespace quasar
