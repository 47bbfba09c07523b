// Connection: construction, the application API, timers, events, and closing (RFC 9000 §10).
#include "quic/conn/connection.h"

#include <algorithm>

#include "crypto/tls_alert.h"
#include "quic/cc/congestion_controller_factory.h"
#include "quic/conn/connection_loss_visitor.h"
#include "quic/conn/sent_frame_mapping.h"

namespace quasar {

namespace {

// The pacer's bucket: one millisecond at the pacing rate, between 2 and 64 datagrams.
constexpr uint64_t kMaxPacingBurst = 64;
constexpr Duration kPacingBurstInterval = Duration::from_millis(1);

StreamMapConfig stream_config(Role role, const TransportSettings& s) {
  StreamMapConfig c;
  c.role = role;
  c.initial_max_data = s.initial_max_data;
  c.initial_max_stream_data_bidi_local = s.initial_max_stream_data_bidi_local;
  c.initial_max_stream_data_bidi_remote = s.initial_max_stream_data_bidi_remote;
  c.initial_max_stream_data_uni = s.initial_max_stream_data_uni;
  c.initial_max_streams_bidi = s.initial_max_streams_bidi;
  c.initial_max_streams_uni = s.initial_max_streams_uni;
  c.max_stream_receive_window = s.max_stream_receive_window;
  c.max_connection_receive_window = s.max_connection_receive_window;
  c.send_buffer_limit = s.stream_send_buffer;
  return c;
}

AckTrackerConfig ack_config(const TransportSettings& s, PacketNumberSpace space) {
  AckTrackerConfig c;
  c.ack_eliciting_threshold =
      space == PacketNumberSpace::kApplication ? s.ack_eliciting_threshold : 1;
  c.max_ack_delay = space == PacketNumberSpace::kApplication ? s.max_ack_delay : Duration::zero();
  return c;
}

CongestionControlConfig cc_config(const TransportSettings& s) {
  CongestionControlConfig c;
  c.max_datagram_size = s.initial_max_datagram_size;
  return c;
}

PmtuConfig pmtu_config(const TransportSettings& s) {
  PmtuConfig c;
  c.base_size = static_cast<size_t>(s.initial_max_datagram_size);
  return c;
}

LossDetectionConfig loss_config(const TransportSettings& s) {
  LossDetectionConfig c;
  c.initial_rtt = s.initial_rtt;
  c.ecn = s.ecn;
  return c;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::create(Instant now, ConnectionParams params) {
  std::unique_ptr<Connection> c(new Connection(params));
  auto initial = params.key_factory->make_initial_keys(c->initial_dcid(), c->version_);
  if (!initial.ok()) {
    return QuicError::transport(TransportError::kInternalError, 0, "cannot derive Initial keys");
  }
  PacketSpace& space = c->spaces_[0];
  if (c->role_ == Role::kClient) {
    space.write_keys = std::move(initial->client);
    space.read_keys = std::move(initial->server);
  } else {
    space.write_keys = std::move(initial->server);
    space.read_keys = std::move(initial->client);
  }
  if (c->role_ == Role::kServer && (c->preferred_address_ipv4_ || c->preferred_address_ipv6_)) {
    // RFC 9000 §5.1.1: the preferred_address parameter carries our CID of sequence 1.
    if (auto cid = c->local_cids_.issue_in_transport_parameters(c->cid_issuer_)) {
      c->new_cids_for_endpoint_.push_back(cid->cid);
    }
  }
  QUASAR_TRY(c->start_tls(now));
  c->apply_remembered_peer_params();
  c->reset_idle_timer(now);
  return c;
}

Connection::Connection(ConnectionParams& p)
    : role_(p.role),
      version_(p.version),
      original_version_(p.version),
      versions_(p.versions.empty() ? std::vector<uint32_t>{p.version} : p.versions),
      make_tls_(std::move(p.make_tls)),
      settings_(p.settings),
      rng_(*p.rng),
      cid_issuer_(*p.cid_issuer),
      key_factory_(*p.key_factory),
      qlog_(p.qlog),
      crypto_pool_(4096, 16),
      spaces_{PacketSpace(PacketNumberSpace::kInitial, crypto_pool_,
                          ack_config(p.settings, PacketNumberSpace::kInitial)),
              PacketSpace(PacketNumberSpace::kHandshake, crypto_pool_,
                          ack_config(p.settings, PacketNumberSpace::kHandshake)),
              PacketSpace(PacketNumberSpace::kApplication, crypto_pool_,
                          ack_config(p.settings, PacketNumberSpace::kApplication))},
      streams_(stream_config(p.role, p.settings)),
      cc_(make_congestion_controller(p.settings.congestion_control, cc_config(p.settings))),
      loss_(p.role, cc_.get(), loss_config(p.settings)),
      pacer_(p.settings.initial_max_datagram_size, kMaxPacingBurst, kPacingBurstInterval),
      local_cids_(p.local_cid, p.local_reset_token),
      peer_cids_(p.settings.active_connection_id_limit),
      original_dcid_(p.original_dcid),
      retry_source_cid_(p.retry_source_cid),
      initial_token_(std::move(p.initial_token)),
      remembered_peer_params_(std::move(p.remembered_peer_params)),
      preferred_address_ipv4_(p.preferred_address_ipv4),
      preferred_address_ipv6_(p.preferred_address_ipv6),
      make_new_token_(std::move(p.make_new_token)),
      path_(p.path),
      idle_timeout_(p.settings.max_idle_timeout),
      datagrams_to_send_(p.settings.datagram_queue_length),
      datagrams_received_(p.settings.datagram_queue_length),
      pmtu_(pmtu_config(p.settings)) {
  peer_cids_.set_initial(p.peer_cid);
  // A client's own address needs no validation (RFC 9000 §8.1 concerns the server).
  if (role_ == Role::kClient || p.address_validated) path_.validated = true;
  sent_frames_scratch_.reserve(64);
}

Connection::~Connection() = default;

// --- Streams ---

Result<uint64_t, StreamApiError> Connection::open_stream(bool bidirectional) {
  return streams_.open_stream(bidirectional ? StreamDirection::kBidirectional
                                            : StreamDirection::kUnidirectional);
}

Result<size_t, StreamApiError> Connection::write(uint64_t stream_id,
                                                 std::span<const uint8_t> data) {
  return streams_.write(stream_id, data);
}

Result<void, StreamApiError> Connection::finish(uint64_t stream_id) {
  return streams_.finish(stream_id);
}

Result<StreamReadResult, StreamApiError> Connection::read(uint64_t stream_id,
                                                          std::span<uint8_t> out, Instant now) {
  return streams_.read(stream_id, out.data(), out.size(), now, loss_.rtt().smoothed());
}

Result<void, StreamApiError> Connection::reset_stream(uint64_t stream_id, uint64_t error_code) {
  return streams_.reset_stream(stream_id, error_code);
}

Result<void, StreamApiError> Connection::stop_sending(uint64_t stream_id, uint64_t error_code) {
  return streams_.stop_sending(stream_id, error_code);
}

Result<void, StreamApiError> Connection::set_priority(uint64_t stream_id, StreamPriority priority) {
  return streams_.set_priority(stream_id, priority);
}

uint64_t Connection::streams_available(bool bidirectional) const {
  return streams_.streams_available(bidirectional ? StreamDirection::kBidirectional
                                                  : StreamDirection::kUnidirectional);
}

// --- Events ---

std::optional<ConnectionEvent> Connection::poll_event() {
  if (!events_.empty()) {
    ConnectionEvent e = std::move(events_.front());
    events_.pop_front();
    return e;
  }
  if (!datagrams_received_.empty() && !datagrams_announced_) {
    datagrams_announced_ = true;
    return event::DatagramsReceived{};
  }
  if (state_ != State::kHandshake && state_ != State::kEstablished) return std::nullopt;
  auto e = streams_.poll_event();
  if (!e) return std::nullopt;
  switch (e->type) {
    case StreamEventType::kOpened:
      return event::StreamOpened{e->stream_id};
    case StreamEventType::kReadable:
      return event::StreamReadable{e->stream_id};
    case StreamEventType::kWritable:
      return event::StreamWritable{e->stream_id};
    case StreamEventType::kFinished:
      return event::StreamFinished{e->stream_id};
    case StreamEventType::kResetReceived:
      return event::StreamReset{e->stream_id, e->error_code};
    case StreamEventType::kStopSendingReceived:
      return event::StreamStopSending{e->stream_id, e->error_code};
    case StreamEventType::kBidiStreamsAvailable:
      return event::StreamsAvailable{true};
    case StreamEventType::kUniStreamsAvailable:
      return event::StreamsAvailable{false};
  }
  return std::nullopt;
}

std::optional<ConnectionId> Connection::poll_new_cid() {
  if (new_cids_for_endpoint_.empty()) return std::nullopt;
  ConnectionId cid = new_cids_for_endpoint_.front();
  new_cids_for_endpoint_.pop_front();
  return cid;
}

std::optional<ConnectionId> Connection::poll_retired_cid() {
  if (retired_cids_for_endpoint_.empty()) return std::nullopt;
  ConnectionId cid = retired_cids_for_endpoint_.front();
  retired_cids_for_endpoint_.pop_front();
  return cid;
}

void Connection::replenish_local_cids() {
  if (!peer_params_received_) return;
  const uint64_t limit =
      std::min<uint64_t>(peer_params_.active_connection_id_limit, kMaxActiveLocalCids);
  const uint64_t before = local_cids_.next_sequence();
  local_cids_.replenish(cid_issuer_, limit);
  for (const LocalCid& cid : local_cids_.all()) {
    if (cid.sequence >= before) new_cids_for_endpoint_.push_back(cid.cid);
  }
}

// --- Timers ---

Duration Connection::pto_duration() const {
  return loss_.rtt().pto(PacketNumberSpace::kApplication);
}

void Connection::reset_idle_timer(Instant now) {
  if (state_ != State::kHandshake && state_ != State::kEstablished) return;
  last_activity_ = now;
  if (settings_.keep_alive_interval > Duration::zero()) {
    timers_.set(TimerKind::kKeepAlive, now + settings_.keep_alive_interval);
  }
}

Instant Connection::idle_deadline() const {
  if (idle_timeout_ <= Duration::zero()) return Instant::infinite_future();
  // RFC 9000 §10.1: at least three times the current PTO, backoff included, so that a run of
  // losses is left to the probes (the backoff counted is capped: 256 x PTO at most).
  const Duration current_pto =
      pto_duration() * (int64_t{1} << std::min<uint32_t>(loss_.pto_count(), 8));
  return last_activity_ + std::max(idle_timeout_, current_pto * 3);
}

Instant Connection::next_timeout() const {
  if (state_ == State::kClosed) return Instant::infinite_future();
  Instant next = timers_.next();
  if (state_ == State::kClosing || state_ == State::kDraining) {
    return timers_.get(TimerKind::kClosing);
  }
  next = std::min(next, idle_deadline());
  next = std::min(next, loss_.loss_detection_timer());
  for (const PacketSpace& s : spaces_) {
    // An ACK is due only where it can be sent: a server holds 0-RTT acknowledgments until it
    // has 1-RTT keys (RFC 9000 §12.3: 0-RTT is acknowledged in 1-RTT packets).
    const bool can_ack = s.id == PacketNumberSpace::kApplication ? one_rtt_keys_.has_value()
                                                                 : s.write_keys.has_value();
    if (!s.discarded && can_ack) next = std::min(next, s.acks.ack_deadline());
  }
  return next;
}

void Connection::handle_timeout(Instant now) {
  if (state_ == State::kClosed) return;
  if (state_ == State::kClosing || state_ == State::kDraining) {
    if (timers_.expired(TimerKind::kClosing, now)) {
      set_state(now, State::kClosed);
      timers_ = TimerTable();
    }
    return;
  }
  if (idle_deadline() <= now) {
    // RFC 9000 §10.1: the connection is silently closed and its state discarded.
    CloseReason reason;
    reason.kind = CloseReason::Kind::kIdleTimeout;
    reason.reason = "idle timeout";
    close_reason_ = reason;
    set_state(now, State::kClosed);
    timers_ = TimerTable();
    push_event(event::ConnectionClosed{reason});
    return;
  }
  if (timers_.expired(TimerKind::kKeepAlive, now)) {
    ping_pending_ = true;
    timers_.set(TimerKind::kKeepAlive, now + settings_.keep_alive_interval);
  }
  if (timers_.expired(TimerKind::kPacing, now)) timers_.cancel(TimerKind::kPacing);
  if (timers_.expired(TimerKind::kPathValidation, now)) on_path_validation_timer(now);
  if (timers_.expired(TimerKind::kPathProbe, now)) on_path_probe_timer(now);
  if (timers_.expired(TimerKind::kPmtuProbe, now)) on_pmtu_timer(now);
  if (timers_.expired(TimerKind::kKeyDiscard, now)) {
    // RFC 9001 §6.5: the previous read keys have had three PTOs for reordered packets.
    timers_.cancel(TimerKind::kKeyDiscard);
    if (one_rtt_keys_) one_rtt_keys_->discard_previous_read_key();
  }
  if (loss_.loss_detection_timer() <= now) on_loss_timer(now);
}

void Connection::on_loss_timer(Instant now) {
  LossVisitor visitor(*this, now);
  const TimeoutResult result = loss_.on_loss_detection_timeout(now, visitor);
  if (result.action != TimeoutResult::Action::kSendProbes) {
    return;
  }
  on_pmtu_pto(now);
  PacketNumberSpace space = result.space;
  if (result.anti_deadlock) {
    // RFC 9002 §6.2.2.1: a Handshake packet if we can, else a padded Initial.
    space = spaces_[1].write_keys ? PacketNumberSpace::kHandshake : PacketNumberSpace::kInitial;
  }
  PacketSpace& s = spaces_[static_cast<size_t>(space)];
  const uint32_t probes = std::max<uint32_t>(result.probe_packets, 1);
  s.probes_to_send += probes;
  // RFC 9002 §6.2.4: probes carry data still in flight when nothing new waits, so a lost
  // HANDSHAKE_DONE, CRYPTO or stream frame is resent now rather than after the probe's ACK.
  if (!s.discarded) {
    loss_.visit_oldest_in_flight(space, probes,
                                 [&](const SentPacket&, std::span<const SentFrame> frames) {
                                   visitor.requeue(space, frames);
                                 });
  }
}

// --- Closing (RFC 9000 §10.2) ---

void Connection::close(Instant now, uint64_t application_error, std::string_view reason) {
  if (state_ != State::kHandshake && state_ != State::kEstablished) return;
  enter_closing(now, QuicError::app(application_error, "closed by the application"),
                std::string(reason));
}

void Connection::close_with_error(Instant now, const QuicError& error) {
  if (state_ != State::kHandshake && state_ != State::kEstablished) return;
  enter_closing(now, error, error.reason);
}

void Connection::enter_closing(Instant now, const QuicError& error, std::string reason) {
  set_state(now, State::kClosing);
  close_error_ = error;
  close_phrase_ = std::move(reason);
  close_frame_pending_ = true;
  CloseReason r;
  r.kind = CloseReason::Kind::kLocal;
  r.error = error;
  r.reason = close_phrase_;
  close_reason_ = r;
  timers_ = TimerTable();
  timers_.set(TimerKind::kClosing, now + pto_duration() * 3);
  push_event(event::ConnectionClosed{r});
}

void Connection::enter_draining(Instant now, CloseReason reason) {
  if (state_ == State::kDraining || state_ == State::kClosed) return;
  const bool was_closing = state_ == State::kClosing;
  set_state(now, State::kDraining);
  timers_ = TimerTable();
  timers_.set(TimerKind::kClosing, now + pto_duration() * 3);
  if (!was_closing) {
    close_reason_ = reason;
    push_event(event::ConnectionClosed{std::move(reason)});
  }
}

void Connection::set_state(Instant now, State state) {
  static constexpr const char* kNames[] = {"handshake", "established", "closing", "draining",
                                           "closed"};
  if (qlog_ && state != state_) {
    qlog_connection_state(*qlog_, now, kNames[static_cast<size_t>(state_)],
                          kNames[static_cast<size_t>(state)]);
  }
  state_ = state;
}

void Connection::qlog_metrics(Instant now) {
  if (!qlog_) return;
  QlogMetrics m;
  m.congestion_window = cc_->congestion_window();
  m.bytes_in_flight = loss_.bytes_in_flight();
  m.smoothed_rtt = loss_.rtt().smoothed();
  m.min_rtt = loss_.rtt().min();
  m.latest_rtt = loss_.rtt().latest();
  m.rtt_variance = loss_.rtt().variation();
  const Bandwidth rate = cc_->pacing_rate();
  m.pacing_rate_bps = rate.is_infinite() ? 0 : rate.bits_per_second();
  m.pto_count = loss_.pto_count();
  m.cc_state = cc_->state_name();
  const Bandwidth estimate = cc_->bandwidth_estimate();
  m.bandwidth_estimate_bps = estimate.is_infinite() ? 0 : estimate.bits_per_second();
  m.cc_min_rtt = cc_->min_rtt_estimate();
  qlog_metrics_updated(*qlog_, now, m);
}

// --- CloseReason ---

std::string CloseReason::to_string() const {
  std::string s;
  switch (kind) {
    case Kind::kLocal:
      s = "local ";
      break;
    case Kind::kRemote:
      s = "remote ";
      break;
    case Kind::kIdleTimeout:
      return "idle timeout";
    case Kind::kStatelessReset:
      return "stateless reset";
    case Kind::kVersionNegotiation:
      return "version negotiation failed";
    case Kind::kHandshakeTimeout:
      return "handshake timeout";
  }
  char code[32];
  std::snprintf(code, sizeof code, "0x%llx", static_cast<unsigned long long>(error.code));
  if (error.application) {
    s += "application error ";
    s += code;
  } else {
    s += std::string(transport_error_name(error.code)) + " " + code;
    if (error.code >= 0x100 && error.code <= 0x1ff) {
      s += " (";
      s += tls_alert_name(static_cast<uint8_t>(error.code - 0x100));
      s += ")";
    }
  }
  if (!reason.empty()) s += ": " + reason;
  return s;
}

}  // namespace quasar
