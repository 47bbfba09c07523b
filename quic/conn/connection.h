// Connection: one QUIC connection, sans-I/O (RFC 9000, RFC 9001, RFC 9002). A thin facade over
// single-purpose parts: packet spaces, TLS, streams, loss detection and congestion control,
// connection IDs, the path, timers and the close state. Created and owned by an Endpoint.
#pragma once

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto/header_protection.h"
#include "crypto/one_rtt_keys.h"
#include "crypto/packet_keys.h"
#include "crypto/tls_config.h"
#include "crypto/tls_session.h"
#include "quic/base/ecn.h"
#include "quic/base/rng.h"
#include "quic/base/role.h"
#include "quic/base/time.h"
#include "quic/cc/congestion_controller.h"
#include "quic/cc/pacer.h"
#include "quic/conn/connection_event.h"
#include "quic/conn/connection_stats.h"
#include "quic/conn/datagram_queue.h"
#include "quic/conn/datagram_send_error.h"
#include "quic/conn/local_cid_set.h"
#include "quic/conn/packet_space.h"
#include "quic/conn/path.h"
#include "quic/conn/path_probe.h"
#include "quic/conn/peer_cid_set.h"
#include "quic/conn/pmtu_discovery.h"
#include "quic/conn/qlog_events.h"
#include "quic/conn/timer_table.h"
#include "quic/conn/transmit.h"
#include "quic/conn/transport_settings.h"
#include "quic/qlog/qlog_sink.h"
#include "quic/recovery/loss_detection.h"
#include "quic/stream/stream_map.h"
#include "quic/wire/frames.h"
#include "quic/wire/packet_header.h"
#include "quic/wire/transport_parameters.h"

namespace quasar {

// What a connection asks of its TLS session when it starts one (again, after Version
// Negotiation).
struct TlsSessionRequest {
  std::vector<uint8_t> transport_parameters;  // ours, encoded (RFC 9001 §8.2)
  uint32_t version = 0;                       // of the first flight
  // Server: compatible version negotiation (TlsServerSessionParams::on_client_parameters).
  ClientParametersHook on_client_parameters;
};

using TlsSessionFactory = std::function<Result<std::unique_ptr<TlsSession>>(TlsSessionRequest)>;

// At most this many of our CIDs are active at once, whatever the peer allows.
inline constexpr uint64_t kMaxActiveLocalCids = 8;

// Everything a connection is created with; the Endpoint fills it in.
struct ConnectionParams {
  Role role = Role::kClient;
  // The version of the first flight (client) or of the client's first Initial (server).
  uint32_t version = 0;
  // The versions this endpoint speaks, by preference (RFC 9368 §5: its Available Versions), all
  // supported ones (the Endpoint checks). Empty: `version` only.
  std::vector<uint32_t> versions;
  TransportSettings settings;
  TlsSessionFactory make_tls;
  const PacketKeyFactory* key_factory = nullptr;
  Rng* rng = nullptr;
  CidIssuer* cid_issuer = nullptr;
  Path path;
  // Our first Source CID (sequence 0) and the Destination CID of the first packets.
  ConnectionId local_cid;
  StatelessResetToken local_reset_token{};
  ConnectionId peer_cid;
  // The client's first Destination CID, from which Initial keys are derived (RFC 9001 §5.2).
  ConnectionId original_dcid;
  // Server, after a Retry: the Source CID of that Retry, to which the client's Initial was
  // addressed; Initial keys derive from it instead (RFC 9001 §5.2, RFC 9000 §7.3).
  std::optional<ConnectionId> retry_source_cid;
  // Server: addresses offered in the preferred_address transport parameter (RFC 9000 §9.6);
  // the endpoint must receive on them.
  std::optional<SocketAddress> preferred_address_ipv4;
  std::optional<SocketAddress> preferred_address_ipv6;
  // Server: a token proved the client's address (RFC 9000 §8.1.2, §8.1.3).
  bool address_validated = false;
  // Client resuming with 0-RTT: the server's transport parameters remembered with the session
  // (RFC 9000 §7.4.1), which bound what 0-RTT may send.
  std::optional<TransportParameters> remembered_peer_params;
  // Client: a token to send in Initial packets (from an earlier connection's NEW_TOKEN).
  std::vector<uint8_t> initial_token;
  // Server: makes a NEW_TOKEN token for the client's address, sent once the handshake is
  // confirmed (RFC 9000 §8.1.3); unset for none.
  std::function<std::vector<uint8_t>(const SocketAddress& peer, uint32_t version, Instant now)>
      make_new_token;
  QlogSink* qlog = nullptr;
};

class Connection {
 public:
  enum class State : uint8_t {
    kHandshake,  // keys being established
    kEstablished,
    kClosing,   // RFC 9000 §10.2.1: we sent CONNECTION_CLOSE
    kDraining,  // RFC 9000 §10.2.2: the peer closed, or a stateless reset arrived
    kClosed,    // done: the endpoint may forget it
  };

  // Fails when the TLS session cannot be started (its error is the close reason).
  static Result<std::unique_ptr<Connection>> create(Instant now, ConnectionParams params);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // --- sans-I/O, called by the Endpoint ---
  // One datagram routed to this connection. It is decrypted in place.
  void handle_datagram(Instant now, const SocketAddress& local, const SocketAddress& peer, Ecn ecn,
                       std::span<uint8_t> datagram);
  // Several datagrams from one peer (a GRO batch), processed in order like handle_datagram();
  // the header protection of their 1-RTT packets is removed together first, which for
  // ChaCha20 costs a fraction of one mask each (RFC 9001 §5.4).
  void handle_datagrams(Instant now, const SocketAddress& local, const SocketAddress& peer, Ecn ecn,
                        std::span<const std::span<uint8_t>> datagrams);
  // At most this many datagrams of a batch share one header protection pass.
  static constexpr size_t kMaxReceiveBatch = 64;
  // Writes up to `max_segments` datagrams of equal size (the last may be shorter) into `out`,
  // ready for one sendmsg with UDP GSO; nullopt when there is nothing to send now.
  std::optional<Transmit> poll_transmit(Instant now, std::span<uint8_t> out, size_t max_segments);
  Instant next_timeout() const;
  void handle_timeout(Instant now);
  std::optional<ConnectionEvent> poll_event();

  // --- Migration (RFC 9000 §9) ---
  // Client: moves the connection to a new local address (another port or interface) with a
  // connection ID the peer has not seen (§9.5), and validates the new path, falling back to
  // the old one if that fails. An error if the handshake is not confirmed, the server disabled
  // active migration, or no unused peer CID is available.
  Status migrate(Instant now, const SocketAddress& new_local);

  // --- Streams (RFC 9000 §2-§4) ---
  Result<uint64_t, StreamApiError> open_stream(bool bidirectional);
  Result<size_t, StreamApiError> write(uint64_t stream_id, std::span<const uint8_t> data);
  Result<void, StreamApiError> finish(uint64_t stream_id);
  Result<StreamReadResult, StreamApiError> read(uint64_t stream_id, std::span<uint8_t> out,
                                                Instant now);
  Result<void, StreamApiError> reset_stream(uint64_t stream_id, uint64_t error_code);
  Result<void, StreamApiError> stop_sending(uint64_t stream_id, uint64_t error_code);
  Result<void, StreamApiError> set_priority(uint64_t stream_id, StreamPriority priority);
  uint64_t streams_available(bool bidirectional) const;

  // --- Datagrams (RFC 9221; connection_datagram.cc) ---
  // Queues one unreliable datagram for 0-RTT or 1-RTT packets. Refused when the peer did not
  // offer DATAGRAM frames or the payload exceeds max_datagram_payload(). When the queue is full
  // its oldest datagram is dropped (stats().datagram_frames_dropped).
  Result<void, DatagramSendError> send_datagram(std::span<const uint8_t> payload);
  // Moves the oldest received datagram into `out`, false when none waits. Received datagrams
  // wait in a queue of settings.datagram_queue_length that drops its oldest when full
  // (stats().datagram_frames_dropped_unread); event::DatagramsReceived says it is no longer
  // empty. `out`'s storage is kept for a later datagram: reading into one vector, reused,
  // allocates nothing in steady state.
  bool read_datagram(std::vector<uint8_t>& out);
  // The largest payload send_datagram() accepts now: the peer's max_datagram_frame_size and the
  // current max_datagram_size() both bound it. 0 when DATAGRAM frames are not negotiated.
  size_t max_datagram_payload() const;

  // --- Lifetime ---
  // Closes with an application error (CONNECTION_CLOSE type 0x1d; RFC 9000 §10.2).
  void close(Instant now, uint64_t application_error, std::string_view reason);
  // Closes with a transport error, e.g. CONNECTION_REFUSED from the endpoint.
  void abort(Instant now, const QuicError& error) { close_with_error(now, error); }
  // Events not yet taken with poll_event() (the endpoint keeps closed connections until then).
  bool has_pending_events() const {
    return !events_.empty() || (!datagrams_received_.empty() && !datagrams_announced_);
  }
  State state() const { return state_; }
  bool is_closed() const { return state_ == State::kClosed; }
  bool is_handshake_complete() const { return handshake_complete_; }
  bool is_handshake_confirmed() const { return handshake_confirmed_; }
  const std::optional<CloseReason>& close_reason() const { return close_reason_; }

  // --- Queries ---
  Role role() const { return role_; }
  uint32_t version() const { return version_; }
  const Path& path() const { return path_; }
  const ConnectionStats& stats() const { return stats_; }
  // The largest UDP payload sent on the path: 1200 until PMTU discovery raises it.
  size_t max_datagram_size() const;
  // Path MTU discovery (RFC 8899 §5): its state, probes and black-hole fallbacks.
  const PmtuDiscovery& pmtu_discovery() const { return pmtu_; }
  const RttEstimator& rtt() const { return loss_.rtt(); }
  const LossDetectionStats& recovery_stats() const { return loss_.stats(); }
  EcnState ecn_state() const { return loss_.ecn().state(); }
  uint64_t bytes_in_flight() const { return loss_.bytes_in_flight(); }
  const CongestionController& congestion_controller() const { return *cc_; }
  const TlsSession& tls() const { return *tls_; }
  const TransportParameters& peer_transport_parameters() const { return peer_params_; }
  const LocalCidSet& local_cids() const { return local_cids_; }
  // RFC 9000 §10.3.1: if the datagram ends in one of the peer's reset tokens, the connection
  // drains silently and this returns true. The endpoint calls it for datagrams it could not
  // route; the connection itself for datagrams none of whose packets it could read.
  bool handle_stateless_reset(Instant now, std::span<const uint8_t> datagram);
  const PeerCidSet& peer_cids() const { return peer_cids_; }
  const ConnectionId& original_dcid() const { return original_dcid_; }
  // Server: whether stream data on `stream_id` arrived in 0-RTT packets, so an application can
  // decide what is safe to act on before the handshake completes (RFC 9001 §9.2, RFC 8470).
  bool stream_has_early_data(uint64_t stream_id) const;
  // The outcome of 0-RTT for this connection (EarlyDataState::kNotAttempted without one).
  EarlyDataState early_data_state() const { return tls_->early_data_state(); }
  // The Destination CID the client's Initial packets carry (after a Retry, the Retry's SCID).
  const ConnectionId& initial_dcid() const {
    return retry_source_cid_ ? *retry_source_cid_ : original_dcid_;
  }

  // CIDs the endpoint must start or stop routing to this connection (drained by the endpoint).
  std::optional<ConnectionId> poll_retired_cid();
  std::optional<ConnectionId> poll_new_cid();

 private:
  explicit Connection(ConnectionParams& params);

  // --- receiving (connection_receive.cc) ---
  void process_packet(Instant now, const PacketHeader& header, std::span<uint8_t> packet, Ecn ecn,
                      size_t datagram_size);
  Status process_frames(Instant now, PacketType type, PacketNumberSpace space,
                        std::span<const uint8_t> payload, bool& ack_eliciting,
                        QlogPacketEvent* qlog_event);
  Status on_frame(Instant now, PacketType type, PacketNumberSpace space, const Frame& frame);
  Status on_ack_frame(Instant now, PacketNumberSpace space, const AckFrame& ack);
  Status on_crypto_frame(Instant now, PacketNumberSpace space, const CryptoFrame& frame);
  Status on_new_connection_id(const NewConnectionIdFrame& frame);
  Status on_retire_connection_id(const RetireConnectionIdFrame& frame);
  void on_connection_close_frame(Instant now, const ConnectionCloseFrame& frame);
  // Issues CIDs up to the peer's active_connection_id_limit and tells the endpoint about them.
  void replenish_local_cids();

  // --- TLS and keys (connection_tls.cc) ---
  Status start_tls(Instant now);
  Status drive_tls(Instant now);
  Status install_secret(const TlsSecret& secret);
  Status on_handshake_complete(Instant now);
  Status apply_peer_transport_parameters(std::span<const uint8_t> encoded);
  TransportParameters local_transport_parameters() const;
  void discard_space(Instant now, PacketNumberSpace space);
  void confirm_handshake(Instant now);

  // --- sending (connection_send.cc) ---
  // Builds one datagram into `out`; returns its size (0: nothing to send).
  size_t build_datagram(Instant now, std::span<uint8_t> out, bool& ack_eliciting);
  size_t build_packet(Instant now, EncryptionLevel level, std::span<uint8_t> out, size_t min_size,
                      bool allow_congestion_limited, bool& ack_eliciting);
  bool has_data_for(Instant now, EncryptionLevel level, bool congestion_allowed) const;
  bool can_send_level(EncryptionLevel level) const;
  bool is_congestion_limited(Instant now, size_t bytes) const;
  // RFC 9002 §7.7: when the pacer holds back data the window allows, wake up when it may go.
  void arm_pacing_timer(Instant now);
  bool has_data_to_send();
  void on_datagram_sent(Instant now, size_t size);

  // --- closing (connection.cc) ---
  void close_with_error(Instant now, const QuicError& error);
  void enter_closing(Instant now, const QuicError& error, std::string reason);
  void enter_draining(Instant now, CloseReason reason);
  void finish_close(CloseReason::Kind kind);
  void reset_idle_timer(Instant now);
  Instant idle_deadline() const;
  Duration pto_duration() const;
  void push_event(ConnectionEvent event) { events_.push_back(std::move(event)); }
  // Moves to `state`, logging the change to qlog.
  void set_state(Instant now, State state);
  void qlog_metrics(Instant now);

  // --- paths and migration (connection_migration.cc) ---
  static bool is_probing_frame(FrameType type);
  void on_peer_address_changed(Instant now);
  // Moves the connection to `next`, checking it with a PATH_CHALLENGE when `validate`.
  void switch_path(Instant now, const Path& next, bool reset_estimates, bool validate);
  void start_path_validation(Instant now);
  void on_path_validated(Instant now);
  void on_path_validation_timer(Instant now);
  void reset_path_estimates();

  // --- probed paths (connection_path_probe.cc) ---
  // Client, once the handshake is confirmed: probe the server's preferred address (§9.6.1).
  void start_preferred_address_probe(Instant now);
  // A PATH_CHALLENGE that arrived from a path other than the current one is answered there
  // (RFC 9000 §8.2.2).
  void answer_challenge_on_other_path(const std::array<uint8_t, 8>& data);
  // A PATH_CHALLENGE or PATH_RESPONSE for the probed path, when one is due.
  std::optional<Transmit> poll_path_probe(Instant now, std::span<uint8_t> out);
  // True if the response answered the probed path's challenge.
  bool on_path_probe_response(const std::array<uint8_t, 8>& data);
  void on_path_probe_timer(Instant now);
  // Whether a datagram came over another path than the current one: from another peer
  // address or, for a server, to another of its addresses (its preferred address, §9.6).
  // Clients choose their local address themselves (migrate()).
  bool is_other_path(const SocketAddress& local, const SocketAddress& peer) const {
    return peer != path_.peer || (role_ == Role::kServer && local != path_.local &&
                                  !local.is_unspecified() && !path_.local.is_unspecified());
  }

  // --- 0-RTT (connection_zero_rtt.cc) ---
  void apply_remembered_peer_params();
  Status on_early_data_outcome(Instant now);
  void note_early_data(uint64_t stream_id, uint64_t bytes);

  // --- versions (connection_version.cc) ---
  bool speaks(uint32_t version) const;
  // Client: a Version Negotiation packet (RFC 9000 §6.2, RFC 9368 §4).
  void on_version_negotiation(Instant now, std::span<const uint8_t> packet);
  void restart_with_version(Instant now, uint32_t version);
  // Server: picks the version from the client's parameters (RFC 9368 §4) and answers with ours.
  std::optional<ServerParametersChoice> on_client_transport_parameters(
      std::span<const uint8_t> encoded);
  // Whether a long-header packet of `version` may be processed at all.
  bool accepts_long_header_version(uint32_t version, PacketType type) const;
  // The Initial or Handshake read keys for a packet of `version`; null when there are none.
  const PacketKeys* long_header_read_keys(PacketSpace& space, uint32_t version);
  // A long-header packet of `version` decrypted: the version choice may settle.
  void on_long_header_packet_opened(uint32_t version, PacketNumberSpace space);
  Status check_peer_version_information(const TransportParameters& params) const;
  // The version of 0-RTT packets: always the first flight's (RFC 9369 §4).
  uint32_t zero_rtt_version() const { return original_version_; }

  // --- Retry, client side (connection_retry.cc) ---
  void on_retry(Instant now, std::span<const uint8_t> packet);

  // --- key update (connection_key_update.cc) ---
  void maybe_initiate_key_update();
  // The peer's packets moved to the next key phase. False if that closed the connection.
  bool on_key_phase_changed(Instant now);
  void on_one_rtt_packet_sent(bool carried_ack);

  // --- DATAGRAM frames (connection_datagram.cc) ---
  // Writes queued datagrams that fit into the packet being built.
  void write_datagram_frames(BufferWriter& w, bool& eliciting);
  Status on_datagram_frame(const DatagramFrame& frame);

  // --- path MTU discovery (connection_pmtu.cc) ---
  void start_pmtu_discovery(Instant now);
  // A PING + PADDING probe of the size being searched, when one is due and the window allows.
  std::optional<Transmit> poll_pmtu_probe(Instant now, std::span<uint8_t> out);
  // What 1-RTT packet fates and PTOs tell the search; then cc, pacer and timer follow.
  void on_app_packet_acked(Instant now, const SentPacket& packet);
  void on_app_packet_lost(Instant now, const SentPacket& packet);
  void on_pmtu_timer(Instant now);
  void on_pmtu_pto(Instant now);
  void after_pmtu_event(Instant now, bool size_changed);

  // --- handle_timeout parts ---
  void on_loss_timer(Instant now);

  class LossVisitor;
  friend class LossVisitor;

  Role role_;
  uint32_t version_;           // negotiated: of Handshake and 1-RTT packets
  uint32_t original_version_;  // of the first flight (RFC 9368 §2)
  std::vector<uint32_t> versions_;
  TlsSessionFactory make_tls_;
  // Version negotiation (RFC 9368 §4). Client: reacted to a Version Negotiation packet; the
  // server's packets decided the version; the Initial keys of a version the server may have
  // switched to. Server: the first flight's Initial read keys, kept after a switch until a
  // Handshake packet of the new version arrives (RFC 9369 §4).
  bool reacted_to_version_negotiation_ = false;
  bool version_settled_ = false;
  std::optional<InitialKeys> candidate_initial_keys_;
  uint32_t candidate_version_ = 0;
  std::optional<PacketKeys> original_initial_read_keys_;
  TransportSettings settings_;
  State state_ = State::kHandshake;
  Rng& rng_;
  CidIssuer& cid_issuer_;
  const PacketKeyFactory& key_factory_;
  QlogSink* qlog_;

  std::unique_ptr<TlsSession> tls_;
  ChunkPool crypto_pool_;
  std::array<PacketSpace, kPacketNumberSpaceCount> spaces_;
  std::optional<PacketKeys> zero_rtt_keys_;
  std::optional<OneRttKeys> one_rtt_keys_;
  std::optional<CipherSuite> one_rtt_suite_;
  // The 1-RTT secret that arrived first; keys are built once both directions are known.
  std::optional<TlsSecret> pending_one_rtt_secret_;

  StreamMap streams_;
  std::unique_ptr<CongestionController> cc_;
  LossDetection loss_;
  Pacer pacer_;

  LocalCidSet local_cids_;
  PeerCidSet peer_cids_;
  std::deque<ConnectionId> new_cids_for_endpoint_;
  std::deque<ConnectionId> retired_cids_for_endpoint_;
  ConnectionId original_dcid_;
  std::optional<ConnectionId> retry_source_cid_;  // the SCID of the Retry (server: that was sent)
  std::vector<uint8_t> initial_token_;            // client: the Token field of our Initials
  std::optional<TransportParameters> remembered_peer_params_;
  // Paths (RFC 9000 §9): where the datagram being processed came from, whether one of its
  // packets is non-probing, the last validated path to fall back to, and PATH_CHALLENGE state.
  bool datagram_from_new_address_ = false;
  SocketAddress datagram_local_;
  SocketAddress datagram_peer_;
  size_t datagram_size_ = 0;
  bool packet_non_probing_ = false;
  std::optional<Path> previous_path_;
  std::optional<PathProbe> probe_;
  bool building_path_probe_ = false;  // set while build_packet() builds a probe's packet
  std::optional<SocketAddress> preferred_address_ipv4_;  // server: what we offered
  std::optional<SocketAddress> preferred_address_ipv6_;
  bool path_challenge_pending_ = false;
  Instant path_validation_deadline_ = Instant::infinite_future();
  std::vector<uint64_t> early_data_streams_;  // server: streams with data from 0-RTT packets
  std::function<std::vector<uint8_t>(const SocketAddress&, uint32_t, Instant)> make_new_token_;
  std::vector<uint8_t> new_token_;  // server: the NEW_TOKEN token, kept until acknowledged
  bool new_token_pending_ = false;
  ConnectionId current_packet_dcid_;  // of the packet being processed
  ConnectionId peer_initial_scid_;    // the Source CID of the peer's first Initial
  bool peer_scid_known_ = false;

  Path path_;
  TimerTable timers_;
  std::deque<ConnectionEvent> events_;

  TransportParameters peer_params_;
  bool peer_params_received_ = false;
  Duration idle_timeout_ = Duration::zero();  // negotiated (RFC 9000 §10.1)
  uint64_t peer_max_udp_payload_ = 1200;
  bool handshake_complete_ = false;
  bool handshake_confirmed_ = false;
  bool handshake_done_pending_ = false;  // server: HANDSHAKE_DONE to send
  bool ping_pending_ = false;            // an ack-eliciting packet is wanted (keep-alive)
  bool sent_handshake_packet_ = false;
  Instant last_activity_;  // for the idle timer (RFC 9000 §10.1)
  bool ack_eliciting_sent_since_receive_ = false;
  Ecn batch_ecn_ = Ecn::kNotEct;  // the codepoint of the datagrams being built
  // 1-RTT packets of the poll_transmit() batch, sealed but not yet header-protected: their masks
  // are computed together at the end of the batch (RFC 9001 §5.4; the 1-RTT header protection
  // key never changes, §6). Fixed capacity, flushed early when full.
  static constexpr size_t kMaxDeferredHeaderProtection = 32;
  std::array<std::span<uint8_t>, kMaxDeferredHeaderProtection> deferred_hp_packets_;
  std::array<size_t, kMaxDeferredHeaderProtection> deferred_hp_pn_offsets_{};
  size_t deferred_hp_count_ = 0;
  bool defer_one_rtt_header_protection_ = false;  // set while poll_transmit() builds a batch
  // Builds the datagrams of one batch; returns the bytes written (connection_send.cc).
  size_t build_batch(Instant now, std::span<uint8_t> out, size_t max_segments,
                     size_t& segment_size);
  // Applies the deferred header protection; false (nothing may be sent) if it failed.
  bool flush_header_protection();

  // Key update (RFC 9001 §6).
  uint64_t first_pn_in_write_phase_ = 0;  // our first packet with the current write keys
  uint64_t packets_since_own_key_update_ = 0;
  std::optional<uint64_t> key_update_ping_at_;  // packets_since_own_key_update_ when we last pinged
  bool key_update_initiated_ = false;           // we moved first; the peer has not answered yet
  bool awaiting_ack_in_new_phase_ = false;      // the peer moved; we have not acknowledged in kind

  // Closing and draining (RFC 9000 §10.2).
  std::optional<CloseReason> close_reason_;
  QuicError close_error_;
  std::string close_phrase_;
  bool close_frame_pending_ = false;
  uint64_t packets_since_close_sent_ = 0;

  // RFC 9221 datagrams waiting to be sent, and received ones the application has not taken.
  DatagramQueue datagrams_to_send_;
  DatagramQueue datagrams_received_;
  // event::DatagramsReceived was returned and the queue has not been empty since.
  bool datagrams_announced_ = false;
  // RFC 8899 path MTU discovery; set while build_packet() builds a probe.
  PmtuDiscovery pmtu_;
  bool building_pmtu_probe_ = false;

  // handle_datagrams(): the batch's 1-RTT packets and what removing their header protection
  // revealed; process_packet() takes the one for the packet starting at premasked_packet_.
  std::array<PacketInBatch, kMaxReceiveBatch> receive_batch_packets_{};
  std::array<std::optional<UnprotectedHeader>, kMaxReceiveBatch> receive_batch_headers_{};
  const uint8_t* premasked_packet_ = nullptr;
  UnprotectedHeader premasked_header_;

  // Reused per packet: frames recorded for the sent-packet map, and qlog text.
  std::vector<SentFrame> sent_frames_scratch_;
  std::string qlog_scratch_;
  ConnectionStats stats_;
};

}  // namespace quasar
