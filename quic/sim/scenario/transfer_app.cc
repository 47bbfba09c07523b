// TransferServer and TransferClient.
#include "quic/sim/scenario/transfer_app.h"

#include <cstring>

namespace quasar::sim {

namespace {

// The request a download stream carries: the number of bytes wanted, big-endian.
constexpr size_t kRequestSize = 8;

}  // namespace

uint64_t payload_seed(uint64_t seed, uint64_t stream_id) {
  return seed * 0x9e3779b97f4a7c15ull ^ (stream_id + 1) * 0xbf58476d1ce4e5b9ull;
}

Sha256Digest expected_digest(uint64_t seed, uint64_t stream_id, uint64_t size) {
  SeededRng rng(payload_seed(seed, stream_id));
  Sha256 sha;
  std::vector<uint8_t> block(64 * 1024);
  while (size > 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(block.size(), size));
    rng.fill(std::span(block).first(n));
    sha.update(std::span(block).first(n));
    size -= n;
  }
  return sha.finish();
}

void fill_datagram(uint64_t sequence, std::span<uint8_t> out) {
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = i < 8 ? static_cast<uint8_t>(sequence >> (8 * (7 - i)))
                   : static_cast<uint8_t>((sequence * 131 + i * 7) ^ (i >> 8));
  }
}

std::optional<uint64_t> check_datagram(std::span<const uint8_t> datagram) {
  if (datagram.size() < 8) return std::nullopt;
  uint64_t sequence = 0;
  for (size_t i = 0; i < 8; ++i) sequence = (sequence << 8) | datagram[i];
  for (size_t i = 8; i < datagram.size(); ++i) {
    if (datagram[i] != static_cast<uint8_t>((sequence * 131 + i * 7) ^ (i >> 8))) {
      return std::nullopt;
    }
  }
  return sequence;
}

ConnectionSummary summarize(const Connection& c) {
  ConnectionSummary s;
  s.handshake_completed = c.is_handshake_complete();
  s.version = c.version();
  s.peer = c.path().peer;
  s.close_reason = c.close_reason();
  s.stats = c.stats();
  s.recovery = c.recovery_stats();
  s.smoothed_rtt = c.rtt().smoothed();
  s.min_rtt = c.rtt().min();
  s.max_congestion_window = c.stats().max_congestion_window;
  s.max_datagram_size = c.max_datagram_size();
  s.pmtu = c.pmtu_discovery().stats();
  static constexpr const char* kEcnStates[] = {"testing", "unknown", "capable", "failed"};
  s.ecn_state = kEcnStates[static_cast<size_t>(c.ecn_state())];
  return s;
}

// --- Server ---

void TransferServer::drive(Instant now, Endpoint& endpoint) {
  if (credit_time_ == Instant()) credit_time_ = now;
  while (auto e = endpoint.poll_event()) {
    if (std::holds_alternative<event::IncomingConnection>(e->event)) {
      endpoint.accept(e->connection);
      peers_[e->connection];
    } else if (const auto* opened = std::get_if<event::StreamOpened>(&e->event)) {
      if (auto it = peers_.find(e->connection); it != peers_.end()) {
        it->second.receivers.emplace(opened->stream_id, StreamReceiver(opened->stream_id));
      }
    } else if (std::holds_alternative<event::DatagramsReceived>(e->event)) {
      auto it = peers_.find(e->connection);
      Connection* c = endpoint.connection(e->connection);
      while (it != peers_.end() && c && c->read_datagram(datagram_buffer_)) {
        on_datagram(it->second, datagram_buffer_);
      }
    } else if (std::holds_alternative<event::ConnectionClosed>(e->event)) {
      if (Connection* c = endpoint.connection(e->connection)) summaries_.push_back(summarize(*c));
      peers_.erase(e->connection);
    }
  }
  for (auto& [handle, peer] : peers_) {
    if (Connection* c = endpoint.connection(handle)) pump(now, *c, peer);
  }
}

void TransferServer::pump(Instant now, Connection& connection, Peer& peer) {
  for (auto& [id, receiver] : peer.receivers) {
    if (receiver.done()) continue;
    if (!receiver.pump(connection, now, buffer_)) continue;
    if (spec_.download) {
      uint64_t size = 0;
      if (receiver.head().size() >= kRequestSize) {
        for (size_t i = 0; i < kRequestSize; ++i) size = (size << 8) | receiver.head()[i];
      }
      peer.senders.emplace(id, StreamSender(id, size, payload_seed(spec_.seed, id)));
    } else {
      received_.push_back({id, receiver.bytes(), receiver.digest()});
      (void)connection.finish(id);  // our half of the stream ends empty
    }
  }
  if (spec_.app_rate.is_zero()) {
    for (auto& [id, sender] : peer.senders) {
      if (!sender.done()) sender.pump(connection);
    }
    return;
  }
  // A rate-limited application: credit accrues at app_rate, at most 64 KB of it banked.
  constexpr uint64_t kMaxCredit = 64 * 1024;
  write_credit_ = std::min(kMaxCredit, write_credit_ + spec_.app_rate.bytes_in(now - credit_time_));
  credit_time_ = now;
  bool waiting = false;
  for (auto& [id, sender] : peer.senders) {
    if (!sender.done()) waiting = !sender.pump(connection, write_credit_) || waiting;
  }
  next_write_ = waiting ? now + spec_.app_rate.transfer_time(1200) : Instant::infinite_future();
}

void TransferServer::on_datagram(Peer& peer, std::span<const uint8_t> datagram) {
  const std::optional<uint64_t> sequence = check_datagram(datagram);
  if (!sequence || datagram.size() != spec_.datagram_size || *sequence >= spec_.datagrams) {
    ++datagrams_corrupt_;
    return;
  }
  if (peer.datagrams_seen.size() < spec_.datagrams) peer.datagrams_seen.resize(spec_.datagrams);
  if (peer.datagrams_seen[*sequence]) {
    ++datagrams_duplicated_;
    return;
  }
  peer.datagrams_seen[*sequence] = true;
  ++datagrams_received_;
}

void TransferServer::summarize_open(Endpoint& endpoint) {
  for (auto& [handle, peer] : peers_) {
    if (Connection* c = endpoint.connection(handle)) summaries_.push_back(summarize(*c));
  }
}

void TransferServer::forget_all(Endpoint& endpoint) {
  summarize_open(endpoint);
  for (auto& [handle, peer] : peers_) endpoint.discard(handle);
  peers_.clear();
}

// --- Client ---

void TransferClient::drive(Instant now, Endpoint& endpoint) {
  if (!current_ && started_connections_ < spec_.connections && now >= next_start_) {
    ConnectOptions options;
    options.server_name = "localhost";
    if (spec_.resume) options.session = session_;
    auto handle = endpoint.connect(now, local_, server_, options);
    if (!handle.ok()) {
      failed_ = true;
      return;
    }
    current_ = *handle;
    ++started_connections_;
    datagrams_sent_ = 0;
    next_datagram_at_ = Instant::infinite_future();
    stream_ids_.clear();
    senders_.clear();
    receivers_.clear();
    if (spec_.zero_rtt && !session_.empty()) {
      // Streams the remembered limits allow open now and their requests go out in 0-RTT.
      if (Connection* c = endpoint.connection(*current_)) open_streams(*c);
    }
  }
  while (auto e = endpoint.poll_event()) {
    if (!current_ || e->connection != *current_) continue;
    if (std::holds_alternative<event::HandshakeCompleted>(e->event)) {
      ++handshakes_;
      if (Connection* c = endpoint.connection(e->connection)) {
        if (auto suite = c->tls().cipher_suite()) cipher_suite_ = cipher_suite_name(*suite);
        if (c->tls().resumed()) ++resumed_connections_;
        if (c->early_data_state() == EarlyDataState::kAccepted) ++zero_rtt_accepted_;
      }
    } else if (auto* ticket = std::get_if<event::SessionTicket>(&e->event)) {
      session_ = ticket->ticket;
    } else if (std::holds_alternative<event::ConnectionClosed>(e->event)) {
      // Closed before the transfer finished.
      if (Connection* c = endpoint.connection(*current_)) summaries_.push_back(summarize(*c));
      failed_ = true;
      finished_at_ = now;
      current_.reset();
      finished_connections_ = spec_.connections;
      return;
    }
  }
  if (!current_) return;
  Connection* c = endpoint.connection(*current_);
  if (!c || !c->is_handshake_complete()) return;
  open_streams(*c);
  const bool datagrams_done = send_datagrams(now, *c);
  if (pump(now, *c) && datagrams_done) finish_connection(now, *c);
}

bool TransferClient::send_datagrams(Instant now, Connection& connection) {
  // The pace starts with the first call, once the handshake completed.
  if (datagrams_sent_ == 0 && spec_.datagrams > 0 && next_datagram_at_.is_infinite()) {
    next_datagram_at_ = now;
  }
  std::vector<uint8_t> datagram(spec_.datagram_size);
  while (datagrams_sent_ < spec_.datagrams && now >= next_datagram_at_) {
    fill_datagram(datagrams_sent_, datagram);
    if (!connection.send_datagram(datagram).ok()) {
      failed_ = true;  // 1000-byte datagrams always fit a 1200-byte packet
      return true;
    }
    ++datagrams_sent_;
    next_datagram_at_ += spec_.datagram_interval;
  }
  if (datagrams_sent_ < spec_.datagrams) return false;
  next_datagram_at_ = Instant::infinite_future();
  const ConnectionStats& s = connection.stats();
  return s.datagram_frames_acked + s.datagram_frames_lost + s.datagram_frames_dropped >=
         spec_.datagrams;
}

void TransferClient::open_streams(Connection& connection) {
  while (stream_ids_.size() < spec_.streams) {
    auto id = connection.open_stream(true);
    if (!id.ok()) return;  // wait for MAX_STREAMS
    stream_ids_.push_back(*id);
    receivers_.emplace(*id, StreamReceiver(*id));
    if (spec_.download) {
      uint8_t request[kRequestSize];
      for (size_t i = 0; i < kRequestSize; ++i) {
        request[i] = static_cast<uint8_t>(spec_.size >> (8 * (kRequestSize - 1 - i)));
      }
      (void)connection.write(*id, request);
      (void)connection.finish(*id);
    } else {
      senders_.emplace(*id, StreamSender(*id, spec_.size, payload_seed(spec_.seed, *id)));
    }
  }
}

bool TransferClient::pump(Instant now, Connection& connection) {
  for (auto& [id, sender] : senders_) {
    if (!sender.done()) sender.pump(connection);
  }
  bool all_done = stream_ids_.size() == spec_.streams;
  for (auto& [id, receiver] : receivers_) {
    const uint64_t before = receiver.bytes();
    if (!receiver.done() && receiver.pump(connection, now, buffer_) && spec_.download) {
      received_.push_back({id, receiver.bytes(), receiver.digest()});
    }
    bytes_received_ += receiver.bytes() - before;
    all_done = all_done && receiver.done();
  }
  return all_done;
}

void TransferClient::finish_connection(Instant now, Connection& connection) {
  summaries_.push_back(summarize(connection));
  connection.close(now, 0, "transfer complete");
  current_.reset();
  ++finished_connections_;
  next_start_ = now;
  if (done()) finished_at_ = now;
}

bool TransferClient::migrate(Instant now, Endpoint& endpoint, const SocketAddress& new_local) {
  if (!current_) return false;
  Connection* c = endpoint.connection(*current_);
  return c && c->migrate(now, new_local).ok();
}

void TransferClient::summarize_open(Endpoint& endpoint) {
  if (!current_) return;
  if (Connection* c = endpoint.connection(*current_)) summaries_.push_back(summarize(*c));
}

}  // namespace quasar::sim
