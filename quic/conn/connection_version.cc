// Connection: QUIC versions. A client reacts to Version Negotiation by starting over with a
// version both speak (RFC 9000 §6.2, RFC 9368 §4); a server may move a client to another
// compatible version as soon as it reads the client's transport parameters (compatible version
// negotiation, RFC 9368 §4 and RFC 9369 §4); both check version_information against downgrades.
#include <algorithm>

#include "quic/conn/connection.h"
#include "quic/conn/connection_loss_visitor.h"
#include "quic/wire/handshake_parameter_checks.h"
#include "quic/wire/version_negotiation.h"

namespace quasar {

bool Connection::speaks(uint32_t version) const {
  return std::find(versions_.begin(), versions_.end(), version) != versions_.end();
}

void Connection::on_version_negotiation(Instant now, std::span<const uint8_t> packet) {
  // RFC 9000 §6.2: only in answer to our first flight; never once anything else (or an earlier
  // Version Negotiation) was processed.
  if (stats_.packets_received > 0 || reacted_to_version_negotiation_) {
    stats_.packets_dropped++;
    return;
  }
  auto vn = parse_version_negotiation(packet);
  const ConnectionId& our_cid = local_cids_.all().front().cid;
  // RFC 9000 §17.2.1: the server echoes the connection IDs of our Initial, swapped.
  if (!vn.ok() || !std::ranges::equal(vn->dcid, our_cid.span()) ||
      !std::ranges::equal(vn->scid, initial_dcid().span())) {
    stats_.packets_dropped++;
    return;
  }
  // RFC 9000 §6.2: a list with our version is not a real answer to our Initial.
  if (vn->lists(version_)) {
    stats_.packets_dropped++;
    return;
  }
  // RFC 9368 §4: our most preferred version the server lists.
  for (uint32_t version : versions_) {
    if (vn->lists(version)) {
      restart_with_version(now, version);
      return;
    }
  }
  CloseReason reason;
  reason.kind = CloseReason::Kind::kVersionNegotiation;
  reason.error = QuicError::transport(TransportError::kVersionNegotiationError, 0,
                                      "the server speaks none of our QUIC versions");
  reason.reason = reason.error.reason;
  enter_draining(now, std::move(reason));
}

void Connection::restart_with_version(Instant now, uint32_t version) {
  stats_.version_negotiations_received++;
  reacted_to_version_negotiation_ = true;
  version_ = original_version_ = version;
  // The first flight is void: its packets are forgotten without a congestion response, 0-RTT
  // stream data goes out again, and the handshake restarts from a new ClientHello that names
  // the new version (RFC 9368 §4).
  LossVisitor visitor(*this, now);
  loss_.on_retry_received(now, visitor);
  PacketSpace& initial = spaces_[static_cast<size_t>(PacketNumberSpace::kInitial)];
  initial.crypto = CryptoStream(crypto_pool_);
  zero_rtt_keys_.reset();
  // The attempt after Version Negotiation is conceptually a new connection (RFC 9368 §2.4): a
  // fresh unpredictable Destination CID (RFC 9000 §7.2), so that observers and the server see
  // the two Initial flights apart.
  std::array<uint8_t, kMaxConnectionIdLength> dcid{};
  const auto dcid_bytes = std::span(dcid).first(original_dcid_.size());
  rng_.fill(dcid_bytes);
  original_dcid_ = ConnectionId::of(dcid_bytes);
  peer_cids_.set_initial(original_dcid_);
  auto keys = key_factory_.make_initial_keys(initial_dcid(), version_);
  if (!keys.ok()) {
    close_with_error(
        now, QuicError::transport(TransportError::kInternalError, 0, "cannot derive Initial keys"));
    return;
  }
  initial.write_keys = std::move(keys->client);
  initial.read_keys = std::move(keys->server);
  if (Status started = start_tls(now); !started.ok()) close_with_error(now, started.error());
}

std::optional<ServerParametersChoice> Connection::on_client_transport_parameters(
    std::span<const uint8_t> encoded) {
  auto client = decode_transport_parameters(encoded, Role::kClient);
  // Without a valid version_information there is nothing to negotiate; faulty parameters are
  // refused when the handshake applies them.
  if (!client.ok() || !client->version_information ||
      client->version_information->chosen_version != version_) {
    return std::nullopt;
  }
  // RFC 9368 §4: our most preferred version among those the client's first flight allows.
  const VersionInformation& offered = *client->version_information;
  const auto choice = std::find_if(versions_.begin(), versions_.end(),
                                   [&](uint32_t v) { return v == version_ || offered.lists(v); });
  if (choice == versions_.end() || *choice == version_) return std::nullopt;
  auto keys = key_factory_.make_initial_keys(initial_dcid(), *choice);
  if (!keys.ok()) return std::nullopt;
  // RFC 9369 §4: everything we send from now on, CRYPTO frames included, is in the new version;
  // the client's Initials may still come in the old one until it hears from us.
  version_ = *choice;
  PacketSpace& initial = spaces_[static_cast<size_t>(PacketNumberSpace::kInitial)];
  original_initial_read_keys_ = std::move(initial.read_keys);
  initial.read_keys = std::move(keys->client);
  initial.write_keys = std::move(keys->server);

  ServerParametersChoice answer;
  answer.quic_version = version_;
  answer.transport_parameters.resize(512);
  BufferWriter writer(answer.transport_parameters);
  if (!encode_transport_parameters(local_transport_parameters(), role_, writer, &rng_).ok()) {
    return std::nullopt;
  }
  answer.transport_parameters.resize(writer.written());
  return answer;
}

bool Connection::accepts_long_header_version(uint32_t version, PacketType type) const {
  if (version == version_) return type != PacketType::kZeroRtt || version == zero_rtt_version();
  if (role_ == Role::kServer) {
    // RFC 9369 §4: the first flight's Initials and 0-RTT stay in the original version.
    return version == original_version_ &&
           (type == PacketType::kZeroRtt ||
            (type == PacketType::kInitial && original_initial_read_keys_));
  }
  // Client: the server's Initial in another version we offered is its choice (RFC 9368 §4).
  return !version_settled_ && type == PacketType::kInitial && speaks(version);
}

const PacketKeys* Connection::long_header_read_keys(PacketSpace& space, uint32_t version) {
  if (version == version_) return space.read_keys ? &*space.read_keys : nullptr;
  if (space.id != PacketNumberSpace::kInitial) return nullptr;
  if (role_ == Role::kServer) {
    return original_initial_read_keys_ ? &*original_initial_read_keys_ : nullptr;
  }
  // Client: keys of the version the server seems to have chosen, adopted only if the packet
  // decrypts with them (on_long_header_packet_opened).
  if (!candidate_initial_keys_ || candidate_version_ != version) {
    auto keys = key_factory_.make_initial_keys(initial_dcid(), version);
    if (!keys.ok()) return nullptr;
    candidate_initial_keys_ = std::move(*keys);
    candidate_version_ = version;
  }
  return &candidate_initial_keys_->server;
}

void Connection::on_long_header_packet_opened(uint32_t version, PacketNumberSpace space) {
  if (role_ == Role::kServer) {
    // RFC 9369 §4: the old Initial keys go once a Handshake packet of the new version arrives.
    if (space == PacketNumberSpace::kHandshake) original_initial_read_keys_.reset();
    return;
  }
  if (version_settled_) return;
  version_settled_ = true;  // RFC 9369 §4: the server's first packet tells the version
  if (version == version_) {
    candidate_initial_keys_.reset();
    return;
  }
  PacketSpace& initial = spaces_[static_cast<size_t>(PacketNumberSpace::kInitial)];
  initial.read_keys = std::move(candidate_initial_keys_->server);
  initial.write_keys = std::move(candidate_initial_keys_->client);
  candidate_initial_keys_.reset();
  version_ = version;
  tls_->set_quic_version(version);
}

Status Connection::check_peer_version_information(const TransportParameters& params) const {
  if (role_ == Role::kServer) {
    // RFC 9368 §4: the client's chosen version is that of its first flight.
    return check_client_version_information(params, original_version_);
  }
  if (params.version_information && params.version_information->chosen_version != version_) {
    return QuicError::transport(TransportError::kVersionNegotiationError, 0x06,
                                "server's chosen version is not the version in use");
  }
  // RFC 9368 §4: after Version Negotiation, the server's list must not reveal a version we
  // would have preferred (a downgrade).
  return check_server_version_information(params, versions_, reacted_to_version_negotiation_,
                                          versions_, original_version_);
}

}  // namespace quasar
