// Endpoint: owns a set of connections and the datagrams between them and the network. Routes
// received datagrams by connection ID, accepts or refuses new connections, answers unknown
// versions with Version Negotiation, and multiplexes the connections' output (sans-I/O).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "crypto/address_token.h"
#include "crypto/stateless_reset_token.h"
#include "quic/base/rng.h"
#include "quic/conn/connection.h"
#include "quic/endpoint/endpoint_config.h"
#include "quic/wire/packet_header.h"

namespace quasar {

using ConnectionHandle = uint64_t;

// An event of one connection, as the endpoint hands it out.
struct EndpointEvent {
  ConnectionHandle connection = 0;
  ConnectionEvent event;
};

// Why connect() refused to start a connection.
struct ConnectError {
  std::string message;
};

struct ConnectOptions {
  std::string server_name;
  // A session from an earlier connection's SessionTicket event, to resume.
  std::vector<uint8_t> session;
  // A token from an earlier connection's NewToken event (RFC 9000 §8.1.3), sent in Initials.
  std::vector<uint8_t> token;
};

class Endpoint final : private CidIssuer {
 public:
  // Fails (with a message) when the transport settings are invalid.
  static Result<std::unique_ptr<Endpoint>, ConnectError> create(EndpointConfig config, Rng& rng);
  ~Endpoint() override;

  // --- Client ---
  Result<ConnectionHandle, ConnectError> connect(Instant now, const SocketAddress& local,
                                                 const SocketAddress& peer,
                                                 const ConnectOptions& options);

  // --- Server: answer an IncomingConnection event ---
  void accept(ConnectionHandle handle);
  void refuse(Instant now, ConnectionHandle handle);

  // --- sans-I/O ---
  // `datagram` is decrypted in place.
  void handle_datagram(Instant now, const SocketAddress& local, const SocketAddress& peer, Ecn ecn,
                       std::span<uint8_t> datagram);
  // A GRO batch: datagrams of `segment_size` bytes back to back in `data` (the last may be
  // shorter; 0: one datagram), all from `peer`. Runs of them for one connection are handed to
  // it together (Connection::handle_datagrams).
  void handle_datagrams(Instant now, const SocketAddress& local, const SocketAddress& peer, Ecn ecn,
                        std::span<uint8_t> data, size_t segment_size);
  std::optional<Transmit> poll_transmit(Instant now, std::span<uint8_t> out, size_t max_segments);
  Instant next_timeout() const;
  void handle_timeout(Instant now);
  std::optional<EndpointEvent> poll_event();

  // Forgets a connection at once, without a word to its peer, as a restart would; the peer's
  // next packet is answered with a stateless reset (RFC 9000 §10.3).
  void discard(ConnectionHandle handle);

  // The connection behind a handle; nullptr once it is closed and its events were taken.
  Connection* connection(ConnectionHandle handle);
  size_t connection_count() const { return connections_.size(); }

  struct Stats {
    uint64_t datagrams_received = 0;
    uint64_t datagrams_dropped = 0;  // unroutable, malformed, too small, over capacity
    uint64_t version_negotiations_sent = 0;
    uint64_t stateless_resets_sent = 0;
    uint64_t retries_sent = 0;
    uint64_t invalid_tokens = 0;  // Initials whose token did not validate
    uint64_t connections_accepted = 0;
    uint64_t connections_refused = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Entry {
    std::unique_ptr<Connection> connection;
    bool accepted = true;    // servers: until the application accepts, nothing is sent
    bool announced = false;  // IncomingConnection event queued
    std::vector<ConnectionId> routes;
    std::deque<ConnectionId> retired_routes;  // retired by the peer, still routed for a while
    // The peer's reset tokens as last indexed, and the version of them they came from.
    std::vector<StatelessResetToken> reset_tokens;
    uint64_t reset_tokens_version = ~uint64_t{0};
  };
  struct TokenHash {
    size_t operator()(const StatelessResetToken& t) const;
  };

  Endpoint(EndpointConfig config, Rng& rng);

  // CidIssuer
  ConnectionId new_connection_id() override;
  StatelessResetToken reset_token_for(const ConnectionId& cid) override;

  // The connection a packet's Destination CID (or, for zero-length CIDs, its peer) names.
  std::optional<ConnectionHandle> find_route(const PacketHeader& header,
                                             const SocketAddress& peer) const;
  std::optional<ConnectionHandle> find_route(std::span<const uint8_t> datagram,
                                             const SocketAddress& peer) const;
  void accept_initial(Instant now, const SocketAddress& local, const SocketAddress& peer, Ecn ecn,
                      std::span<uint8_t> datagram, const PacketHeader& header);
  void send_version_negotiation(const SocketAddress& local, const SocketAddress& peer,
                                const PacketHeader& header);
  void send_retry(Instant now, const SocketAddress& local, const SocketAddress& peer,
                  const PacketHeader& header);
  bool retry_required() const;
  std::vector<uint8_t> early_data_context() const;
  void maybe_send_stateless_reset(const SocketAddress& local, const SocketAddress& peer,
                                  const ConnectionId& dcid, size_t received_size);
  ConnectionHandle add(std::unique_ptr<Connection> connection, bool accepted);
  // Brings the routing table and the reset token index up to date with the connection.
  void sync_routes(ConnectionHandle handle, Entry& entry);
  void unroute(ConnectionHandle handle, Entry& entry);
  void remove_closed();
  Entry* find(ConnectionHandle handle);

  EndpointConfig config_;
  Rng& rng_;
  StatelessResetTokenGenerator reset_tokens_;
  std::unique_ptr<AddressTokenCodec> address_tokens_;
  std::map<ConnectionHandle, Entry> connections_;
  std::unordered_map<ConnectionId, ConnectionHandle, ConnectionIdHash> routes_;
  // Clients using zero-length CIDs are found by their peer's address.
  std::unordered_map<SocketAddress, ConnectionHandle, SocketAddressHash> by_address_;
  // The peers' stateless reset tokens, for datagrams no CID routes (RFC 9000 §10.3.1).
  std::unordered_map<StatelessResetToken, ConnectionHandle, TokenHash> by_reset_token_;
  ConnectionHandle next_handle_ = 1;
  ConnectionHandle next_transmit_ = 0;  // round-robin start for poll_transmit
  ConnectionHandle next_event_ = 0;     // round-robin start for poll_event

  // Stateless packets (Version Negotiation, stateless resets) waiting to be sent; bounded.
  struct Stateless {
    SocketAddress local;
    SocketAddress peer;
    std::vector<uint8_t> bytes;
  };
  std::deque<Stateless> stateless_;
  std::array<std::span<uint8_t>, Connection::kMaxReceiveBatch> receive_batch_{};
  Stats stats_;
};

}  // namespace quasar
