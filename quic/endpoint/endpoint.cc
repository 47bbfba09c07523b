// Endpoint: routing, connection creation and acceptance, Version Negotiation, and output
// multiplexing (RFC 9000 §5.2, §6, §7.2, §14.1).
#include "quic/endpoint/endpoint.h"

#include <algorithm>
#include <cstring>

#include "crypto/stored_session.h"
#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"
#include "quic/conn/retry_tag.h"
#include "quic/wire/packet_header.h"
#include "quic/wire/retry_packet.h"
#include "quic/wire/stateless_reset.h"
#include "quic/wire/version_negotiation.h"

namespace quasar {

namespace {

// RFC 9000 §14.1: a server drops Initial datagrams smaller than this.
constexpr size_t kMinInitialDatagram = 1200;
// RFC 9000 §7.2: a client's first Destination CID has at least 8 unpredictable bytes.
constexpr size_t kMinOriginalDcidLength = 8;
// Stateless packets queued at most; more are dropped (they are answers, not obligations).
constexpr size_t kMaxStatelessQueue = 64;
// Retired CIDs per connection that still route late packets to it.
constexpr size_t kRetiredRoutesKept = 4;

Result<std::unique_ptr<TlsSession>> from_tls(
    Result<std::unique_ptr<TlsSession>, TlsConfigError> r) {
  if (!r.ok()) {
    return QuicError::transport(TransportError::kInternalError, 0, "TLS session setup failed");
  }
  return std::move(r).value();
}

}  // namespace

ClientTlsFactory client_tls_factory(std::shared_ptr<const TlsClientContext> context) {
  return [context](const TlsClientSessionParams& params) {
    return from_tls(context->new_session(params));
  };
}

ServerTlsFactory server_tls_factory(std::shared_ptr<const TlsServerContext> context) {
  return [context](const TlsServerSessionParams& params) {
    return from_tls(context->new_session(params));
  };
}

Result<std::unique_ptr<Endpoint>, ConnectError> Endpoint::create(EndpointConfig config, Rng& rng) {
  const bool server = static_cast<bool>(config.server_tls);
  if (auto error = config.transport.validate(server)) return ConnectError{*error};
  if (!config.client_tls && !config.server_tls) {
    return ConnectError{"an endpoint needs a client or a server TLS factory"};
  }
  if (config.versions.empty()) return ConnectError{"no QUIC version configured"};
  for (uint32_t version : config.versions) {
    if (!is_supported_version(version)) return ConnectError{"unsupported QUIC version"};
  }
  if (!std::ranges::count(config.versions, config.version) &&
      !(is_reserved_version(config.version) && !server)) {
    return ConnectError{
        "the first flight's version is neither among the configured versions nor reserved"};
  }
  if ((config.preferred_address_ipv4 && !config.preferred_address_ipv4->is_ipv4()) ||
      (config.preferred_address_ipv6 && !config.preferred_address_ipv6->is_ipv6())) {
    return ConnectError{"a preferred address of the wrong address family"};
  }
  if ((config.preferred_address_ipv4 || config.preferred_address_ipv6) &&
      config.transport.connection_id_length == 0) {
    return ConnectError{"a preferred address needs non-empty connection IDs (RFC 9000 §18.2)"};
  }
  return std::unique_ptr<Endpoint>(new Endpoint(std::move(config), rng));
}

Endpoint::Endpoint(EndpointConfig config, Rng& rng)
    : config_(std::move(config)), rng_(rng), reset_tokens_([&] {
        std::array<uint8_t, 32> key{};
        if (config_.stateless_reset_key) {
          key = *config_.stateless_reset_key;
        } else {
          rng.fill(key);
        }
        return std::vector<uint8_t>(key.begin(), key.end());
      }()) {
  std::array<uint8_t, 32> token_key{};
  if (config_.address_token_key) {
    token_key = *config_.address_token_key;
  } else {
    rng.fill(token_key);
  }
  address_tokens_ = std::make_unique<AddressTokenCodec>(token_key);
}

Endpoint::~Endpoint() = default;

ConnectionId Endpoint::new_connection_id() {
  std::array<uint8_t, kMaxConnectionIdLength> bytes{};
  const size_t length = config_.transport.connection_id_length;
  ConnectionId cid;
  do {
    rng_.fill(std::span(bytes).first(length));
    (void)ConnectionId::from_bytes(std::span(bytes).first(length), cid);
  } while (routes_.contains(cid));
  return cid;
}

StatelessResetToken Endpoint::reset_token_for(const ConnectionId& cid) {
  return reset_tokens_.token_for(cid);
}

Result<ConnectionHandle, ConnectError> Endpoint::connect(Instant now, const SocketAddress& local,
                                                         const SocketAddress& peer,
                                                         const ConnectOptions& options) {
  if (!config_.client_tls) return ConnectError{"this endpoint has no client TLS configuration"};
  ConnectionParams params;
  params.role = Role::kClient;
  params.version = config_.version;
  params.versions = config_.versions;
  params.settings = config_.transport;
  params.key_factory = config_.key_factory;
  params.rng = &rng_;
  params.cid_issuer = this;
  params.path.local = local;
  params.path.peer = peer;
  if (config_.transport.connection_id_length > 0) {
    params.local_cid = new_connection_id();
    params.local_reset_token = reset_token_for(params.local_cid);
  }
  // RFC 9000 §7.2: an unpredictable Destination CID of at least 8 bytes.
  std::array<uint8_t, kMinOriginalDcidLength> dcid{};
  rng_.fill(dcid);
  params.original_dcid = ConnectionId::of(dcid);
  params.peer_cid = params.original_dcid;
  params.initial_token = options.token;
  if (!options.session.empty()) {
    if (auto stored = decode_stored_session(options.session);
        stored && std::ranges::count(config_.versions, stored->quic_version)) {
      // RFC 9369 §5: a session resumes only in the version it came from.
      params.version = stored->quic_version;
      // RFC 9000 §7.4.1: 0-RTT is bounded by the server's parameters from that connection.
      auto remembered =
          decode_transport_parameters(stored->server_transport_parameters, Role::kServer);
      if (stored->early_data_capable && remembered.ok()) {
        params.remembered_peer_params = std::move(*remembered);
      }
    }
  }
  if (config_.qlog_for) params.qlog = config_.qlog_for(Role::kClient, params.original_dcid);
  TlsClientSessionParams tls;
  tls.server_name = options.server_name;
  tls.session = options.session;
  params.make_tls = [this, tls](TlsSessionRequest request) mutable {
    tls.transport_parameters = std::move(request.transport_parameters);
    tls.quic_version = request.version;
    return config_.client_tls(tls);
  };
  auto connection = Connection::create(now, std::move(params));
  if (!connection.ok()) return ConnectError{connection.error().reason};
  const ConnectionHandle handle = add(std::move(connection).value(), true);
  if (config_.transport.connection_id_length == 0) by_address_[peer] = handle;
  return handle;
}

ConnectionHandle Endpoint::add(std::unique_ptr<Connection> connection, bool accepted) {
  const ConnectionHandle handle = next_handle_++;
  Entry& entry = connections_[handle];
  entry.connection = std::move(connection);
  entry.accepted = accepted;
  sync_routes(handle, entry);
  return handle;
}

void Endpoint::sync_routes(ConnectionHandle handle, Entry& entry) {
  Connection& c = *entry.connection;
  auto route = [&](const ConnectionId& cid) {
    if (cid.empty()) return;
    if (routes_.emplace(cid, handle).second) entry.routes.push_back(cid);
  };
  if (entry.routes.empty()) {
    route(c.local_cids().all().front().cid);
    // RFC 9000 §7.2: the client keeps using the original DCID until it hears from the server.
    if (c.role() == Role::kServer) route(c.initial_dcid());
  }
  while (auto cid = c.poll_new_cid()) route(*cid);
  while (auto cid = c.poll_retired_cid()) {
    // Packets sent before the peer retired a CID (e.g. just before it moved to another path)
    // can still arrive: the most recent retired CIDs stay routed to the connection, instead of
    // drawing a stateless reset that would end it (RFC 9000 §10.3).
    entry.retired_routes.push_back(*cid);
    if (entry.retired_routes.size() > kRetiredRoutesKept) {
      routes_.erase(entry.retired_routes.front());
      std::erase(entry.routes, entry.retired_routes.front());
      entry.retired_routes.pop_front();
    }
  }
  if (entry.reset_tokens_version != c.peer_cids().reset_tokens_version()) {
    entry.reset_tokens_version = c.peer_cids().reset_tokens_version();
    for (const StatelessResetToken& t : entry.reset_tokens) by_reset_token_.erase(t);
    entry.reset_tokens.clear();
    c.peer_cids().for_each_reset_token([&](const StatelessResetToken& t) {
      if (by_reset_token_.emplace(t, handle).second) entry.reset_tokens.push_back(t);
    });
  }
}

void Endpoint::unroute(ConnectionHandle handle, Entry& entry) {
  for (const ConnectionId& cid : entry.routes) routes_.erase(cid);
  for (const StatelessResetToken& t : entry.reset_tokens) by_reset_token_.erase(t);
  std::erase_if(by_address_, [&](const auto& kv) { return kv.second == handle; });
}

size_t Endpoint::TokenHash::operator()(const StatelessResetToken& t) const {
  // The tokens are pseudorandom: any eight of their bytes hash them well.
  uint64_t h = 0;
  std::memcpy(&h, t.data(), sizeof(h));
  return static_cast<size_t>(h);
}

void Endpoint::accept(ConnectionHandle handle) {
  if (Entry* e = find(handle); e && !e->accepted) {
    e->accepted = true;
    stats_.connections_accepted++;
  }
}

void Endpoint::refuse(Instant now, ConnectionHandle handle) {
  Entry* e = find(handle);
  if (!e) return;
  e->accepted = true;  // so that its CONNECTION_CLOSE goes out
  stats_.connections_refused++;
  e->connection->abort(
      now, QuicError::transport(TransportError::kConnectionRefused, 0, "connection refused"));
}

Endpoint::Entry* Endpoint::find(ConnectionHandle handle) {
  auto it = connections_.find(handle);
  return it == connections_.end() ? nullptr : &it->second;
}

Connection* Endpoint::connection(ConnectionHandle handle) {
  Entry* e = find(handle);
  return e ? e->connection.get() : nullptr;
}

void Endpoint::handle_datagram(Instant now, const SocketAddress& local, const SocketAddress& peer,
                               Ecn ecn, std::span<uint8_t> datagram) {
  stats_.datagrams_received++;
  auto header = parse_packet_header(datagram, config_.transport.connection_id_length);
  if (!header.ok()) {
    stats_.datagrams_dropped++;
    return;
  }
  const std::optional<ConnectionHandle> handle = find_route(*header, peer);
  ConnectionId dcid;
  (void)ConnectionId::from_bytes(header->dcid, dcid);
  if (handle) {
    Entry& entry = connections_.at(*handle);
    entry.connection->handle_datagram(now, local, peer, ecn, datagram);
    sync_routes(*handle, entry);
    return;
  }
  if (!header->is_long()) {
    // RFC 9000 §10.3.1: it may be a stateless reset for one of our connections.
    if (auto token = stateless_reset_token_candidate(datagram)) {
      if (auto it = by_reset_token_.find(*token); it != by_reset_token_.end()) {
        if (connections_.at(it->second).connection->handle_stateless_reset(now, datagram)) return;
      }
    }
    maybe_send_stateless_reset(local, peer, dcid, datagram.size());
    return;
  }
  if (!config_.server_tls) {
    stats_.datagrams_dropped++;
    return;
  }
  if (!header->version_known || !std::ranges::count(config_.versions, header->version)) {
    // RFC 9000 §5.2.2, §6.1: answer an unknown version if the packet could open a connection.
    if (header->version != kVersionNegotiationVersion && datagram.size() >= kMinInitialDatagram) {
      send_version_negotiation(local, peer, *header);
    } else {
      stats_.datagrams_dropped++;
    }
    return;
  }
  if (header->type != PacketType::kInitial || datagram.size() < kMinInitialDatagram ||
      header->dcid.size() < kMinOriginalDcidLength) {
    stats_.datagrams_dropped++;  // RFC 9000 §14.1, §7.2
    return;
  }
  accept_initial(now, local, peer, ecn, datagram, *header);
}

std::optional<ConnectionHandle> Endpoint::find_route(const PacketHeader& header,
                                                     const SocketAddress& peer) const {
  ConnectionId dcid;
  if (ConnectionId::from_bytes(header.dcid, dcid) && !dcid.empty()) {
    if (auto it = routes_.find(dcid); it != routes_.end()) return it->second;
  } else if (header.dcid.empty()) {
    if (auto it = by_address_.find(peer); it != by_address_.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<ConnectionHandle> Endpoint::find_route(std::span<const uint8_t> datagram,
                                                     const SocketAddress& peer) const {
  auto header = parse_packet_header(datagram, config_.transport.connection_id_length);
  if (!header.ok()) return std::nullopt;
  return find_route(*header, peer);
}

void Endpoint::handle_datagrams(Instant now, const SocketAddress& local, const SocketAddress& peer,
                                Ecn ecn, std::span<uint8_t> data, size_t segment_size) {
  if (segment_size == 0 || segment_size >= data.size()) {
    handle_datagram(now, local, peer, ecn, data);
    return;
  }
  const auto segment = [&](size_t offset) {
    return data.subspan(offset, std::min(segment_size, data.size() - offset));
  };
  size_t offset = 0;
  while (offset < data.size()) {
    const std::optional<ConnectionHandle> handle = find_route(segment(offset), peer);
    if (!handle) {
      handle_datagram(now, local, peer, ecn, segment(offset));
      offset += segment_size;
      continue;
    }
    // The run of datagrams for the same connection, up to a batch.
    size_t count = 0;
    while (offset < data.size() && count < receive_batch_.size() &&
           find_route(segment(offset), peer) == handle) {
      receive_batch_[count++] = segment(offset);
      offset += segment_size;
    }
    stats_.datagrams_received += count;
    Entry& entry = connections_.at(*handle);
    entry.connection->handle_datagrams(now, local, peer, ecn,
                                       std::span(receive_batch_).first(count));
    sync_routes(*handle, entry);
  }
}

void Endpoint::accept_initial(Instant now, const SocketAddress& local, const SocketAddress& peer,
                              Ecn ecn, std::span<uint8_t> datagram, const PacketHeader& header) {
  if (connections_.size() >= config_.max_connections) {
    stats_.datagrams_dropped++;
    return;
  }
  ConnectionId original_dcid;
  (void)ConnectionId::from_bytes(header.dcid, original_dcid);
  ConnectionParams params;
  // RFC 9000 §8.1.3: a valid token validates the address; a Retry token also names the DCID
  // the client started with. An invalid Retry token means the client will not accept another
  // Retry: close with INVALID_TOKEN. Any other invalid token is as if there were none.
  bool invalid_retry_token = false;
  if (!header.token.empty()) {
    auto token = address_tokens_->validate(header.token, peer, header.version, now);
    if (token.ok()) {
      params.address_validated = true;
      if (token->kind == AddressTokenKind::kRetry) {
        params.retry_source_cid = original_dcid;
        original_dcid = token->original_destination_connection_id;
      }
    } else {
      stats_.invalid_tokens++;
      invalid_retry_token = header.token[0] == static_cast<uint8_t>(AddressTokenKind::kRetry);
    }
  }
  if (!params.address_validated && !invalid_retry_token && retry_required()) {
    send_retry(now, local, peer, header);
    return;
  }
  params.role = Role::kServer;
  params.preferred_address_ipv4 = config_.preferred_address_ipv4;
  params.preferred_address_ipv6 = config_.preferred_address_ipv6;
  params.version = header.version;
  params.versions = config_.versions;
  params.settings = config_.transport;
  params.key_factory = config_.key_factory;
  params.rng = &rng_;
  params.cid_issuer = this;
  params.path.local = local;
  params.path.peer = peer;
  params.local_cid = new_connection_id();
  params.local_reset_token = reset_token_for(params.local_cid);
  (void)ConnectionId::from_bytes(header.scid, params.peer_cid);
  params.original_dcid = original_dcid;
  params.make_new_token = [this](const SocketAddress& client, uint32_t version, Instant issued) {
    std::vector<uint8_t> token(AddressTokenCodec::kMaxTokenLength);
    auto length = address_tokens_->make_new_token(client, version, issued, rng_, token);
    token.resize(length.ok() ? *length : 0);
    return token;
  };
  if (config_.qlog_for) params.qlog = config_.qlog_for(Role::kServer, params.original_dcid);
  TlsServerSessionParams tls;
  tls.early_data_context = early_data_context();
  if (config_.reject_early_data) {
    // A context no ticket was issued under: tickets stay 0-RTT capable, 0-RTT is refused.
    std::array<uint8_t, 16> nonce{};
    rng_.fill(nonce);
    tls.early_data_context.insert(tls.early_data_context.end(), nonce.begin(), nonce.end());
  }
  params.make_tls = [this, tls](TlsSessionRequest request) mutable {
    tls.transport_parameters = std::move(request.transport_parameters);
    tls.quic_version = request.version;
    tls.on_client_parameters = std::move(request.on_client_parameters);
    return config_.server_tls(tls);
  };
  auto connection = Connection::create(now, std::move(params));
  if (!connection.ok()) {
    stats_.datagrams_dropped++;
    return;
  }
  // Processing the Initial before adding the connection: one that does not decrypt (damaged,
  // or not QUIC at all) must not leave a connection behind.
  Connection& c = *connection.value();
  c.handle_datagram(now, local, peer, ecn, datagram);
  if (c.stats().packets_received == 0) {
    stats_.datagrams_dropped++;
    return;
  }
  const ConnectionHandle handle = add(std::move(connection).value(), false);
  Entry& entry = connections_.at(handle);
  if (invalid_retry_token) {
    entry.accepted = true;  // the close goes out without the application
    entry.announced = true;
    entry.connection->abort(
        now, QuicError::transport(TransportError::kInvalidToken, 0, "invalid Retry token"));
  }
  sync_routes(handle, entry);
}

std::vector<uint8_t> Endpoint::early_data_context() const {
  // RFC 9001 §4.6.2: 0-RTT is accepted only under the transport parameters it was promised
  // (RFC 9000 §7.4.1); a ticket issued under other settings gets its 0-RTT rejected.
  const TransportSettings& s = config_.transport;
  std::vector<uint8_t> context(128);
  BufferWriter w(context);
  for (uint64_t v : {s.initial_max_data, s.initial_max_stream_data_bidi_local,
                     s.initial_max_stream_data_bidi_remote, s.initial_max_stream_data_uni,
                     s.initial_max_streams_bidi, s.initial_max_streams_uni,
                     s.active_connection_id_limit, s.max_datagram_frame_size}) {
    if (!w.write_varint(v)) return {};
  }
  context.resize(w.written());
  return context;
}

bool Endpoint::retry_required() const {
  switch (config_.retry) {
    case RetryPolicy::kNever:
      return false;
    case RetryPolicy::kAlways:
      return true;
    case RetryPolicy::kAboveLoad:
      return connections_.size() >= config_.retry_above_connections;
  }
  return false;
}

void Endpoint::send_retry(Instant now, const SocketAddress& local, const SocketAddress& peer,
                          const PacketHeader& header) {
  if (stateless_.size() >= kMaxStatelessQueue) return;
  ConnectionId original_dcid;
  ConnectionId client_scid;
  if (!ConnectionId::from_bytes(header.dcid, original_dcid) ||
      !ConnectionId::from_bytes(header.scid, client_scid)) {
    return;
  }
  std::array<uint8_t, AddressTokenCodec::kMaxTokenLength> token{};
  auto token_length =
      address_tokens_->make_retry_token(peer, original_dcid, header.version, now, rng_, token);
  if (!token_length.ok()) return;
  // RFC 9000 §17.2.5: a new CID of ours, different from the client's original DCID.
  ConnectionId scid;
  do {
    scid = new_connection_id();
  } while (scid == original_dcid);
  Stateless packet{local, peer, std::vector<uint8_t>(kMinInitialDatagram)};
  BufferWriter writer(packet.bytes);
  RetryPacketFields fields;
  fields.version = header.version;
  fields.dcid = client_scid;
  fields.scid = scid;
  fields.token = std::span(token).first(*token_length);
  fields.unused_bits = static_cast<uint8_t>(rng_.uniform(16));
  const auto size = write_retry_without_tag(writer, fields);
  if (!size) return;
  auto tag = retry_tag_for(original_dcid, std::span(packet.bytes).first(*size), header.version);
  if (!tag.ok() || !writer.write_bytes(*tag)) return;
  packet.bytes.resize(writer.written());
  stateless_.push_back(std::move(packet));
  stats_.retries_sent++;
}

void Endpoint::send_version_negotiation(const SocketAddress& local, const SocketAddress& peer,
                                        const PacketHeader& header) {
  if (stateless_.size() >= kMaxStatelessQueue) return;
  Stateless packet{local, peer, std::vector<uint8_t>(kMinInitialDatagram)};
  BufferWriter writer(packet.bytes);
  const auto size =
      write_version_negotiation(writer, header.dcid, header.scid, config_.versions, rng_);
  if (!size) return;
  packet.bytes.resize(*size);
  stateless_.push_back(std::move(packet));
  stats_.version_negotiations_sent++;
}

void Endpoint::maybe_send_stateless_reset(const SocketAddress& local, const SocketAddress& peer,
                                          const ConnectionId& dcid, size_t received_size) {
  stats_.datagrams_dropped++;
  // RFC 9000 §10.3: a short-header packet for a connection we no longer know. Only a CID of
  // our own length can be one we issued; the queue bound limits what a flood can cost.
  if (!config_.send_stateless_resets || dcid.size() != config_.transport.connection_id_length ||
      dcid.empty() || stateless_.size() >= kMaxStatelessQueue) {
    return;
  }
  Stateless packet{local, peer, std::vector<uint8_t>(kMaxStatelessResetLength)};
  const auto size = write_stateless_reset(packet.bytes, received_size, reset_token_for(dcid), rng_);
  if (!size) return;  // too small a trigger: a reset would not be smaller (§10.3.3)
  packet.bytes.resize(*size);
  stateless_.push_back(std::move(packet));
  stats_.stateless_resets_sent++;
}

void Endpoint::discard(ConnectionHandle handle) {
  auto it = connections_.find(handle);
  if (it == connections_.end()) return;
  unroute(handle, it->second);
  connections_.erase(it);
}

std::optional<Transmit> Endpoint::poll_transmit(Instant now, std::span<uint8_t> out,
                                                size_t max_segments) {
  if (!stateless_.empty() && out.size() >= stateless_.front().bytes.size()) {
    Stateless packet = std::move(stateless_.front());
    stateless_.pop_front();
    std::copy(packet.bytes.begin(), packet.bytes.end(), out.begin());
    Transmit t;
    t.source = packet.local;
    t.destination = packet.peer;
    t.size = t.segment_size = packet.bytes.size();
    return t;
  }
  // Round-robin: start after the connection that sent last.
  auto it = connections_.upper_bound(next_transmit_);
  for (size_t visited = 0; visited < connections_.size(); ++visited, ++it) {
    if (it == connections_.end()) it = connections_.begin();
    Entry& entry = it->second;
    if (!entry.accepted) continue;
    if (auto t = entry.connection->poll_transmit(now, out, max_segments)) {
      next_transmit_ = it->first;
      sync_routes(it->first, entry);
      return t;
    }
  }
  return std::nullopt;
}

Instant Endpoint::next_timeout() const {
  Instant next = Instant::infinite_future();
  for (const auto& [handle, entry] : connections_) {
    next = std::min(next, entry.connection->next_timeout());
  }
  return next;
}

void Endpoint::handle_timeout(Instant now) {
  for (auto& [handle, entry] : connections_) {
    if (entry.connection->next_timeout() <= now) {
      entry.connection->handle_timeout(now);
      sync_routes(handle, entry);
    }
  }
  remove_closed();
}

std::optional<EndpointEvent> Endpoint::poll_event() {
  for (auto& [handle, entry] : connections_) {
    if (!entry.accepted && !entry.announced) {
      entry.announced = true;
      return EndpointEvent{handle, event::IncomingConnection{entry.connection->path().peer}};
    }
  }
  auto it = connections_.upper_bound(next_event_);
  for (size_t visited = 0; visited < connections_.size(); ++visited, ++it) {
    if (it == connections_.end()) it = connections_.begin();
    if (auto e = it->second.connection->poll_event()) {
      next_event_ = it->first;
      return EndpointEvent{it->first, std::move(*e)};
    }
  }
  remove_closed();
  return std::nullopt;
}

void Endpoint::remove_closed() {
  for (auto it = connections_.begin(); it != connections_.end();) {
    Connection& c = *it->second.connection;
    if (c.is_closed() && !c.has_pending_events()) {
      unroute(it->first, it->second);
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace quasar
