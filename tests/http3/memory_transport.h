// MemoryTransport and MemoryPipe: an in-memory stand-in for a QUIC connection, for testing
// HTTP/3 without one. Each side records what HTTP/3 did to it (bytes per stream, FIN, resets,
// STOP_SENDING, priorities, close); a pipe carries those actions to the other side's
// TransportListener, keeping each stream's bytes in order, and can hold writes to a per-stream
// window so that flow control and writable events are exercised.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "http3/transport.h"

namespace quasar::http3::test {

// What one side did to one stream.
struct StreamRecord {
  std::vector<uint8_t> written;
  bool fin = false;
  std::optional<uint64_t> reset_code;         // RESET_STREAM we sent
  std::optional<uint64_t> stop_sending_code;  // STOP_SENDING we sent
  std::optional<Priority> priority;
  bool peer_stopped = false;  // the peer's STOP_SENDING reset our sending part
};

class MemoryTransport final : public Transport {
 public:
  // Something for the other side.
  struct Action {
    enum class Kind : uint8_t { kData, kReset, kStopSending, kClose };
    Kind kind = Kind::kData;
    uint64_t stream_id = 0;
    std::vector<uint8_t> bytes;
    bool fin = false;
    uint64_t code = 0;
    std::string reason;
  };

  explicit MemoryTransport(bool client) : client_(client) {}

  // --- Transport ---
  std::optional<uint64_t> open_stream(bool bidirectional) override {
    if (closed) return std::nullopt;
    uint64_t& opened = bidirectional ? opened_bidi_ : opened_uni_;
    const uint64_t limit = bidirectional ? max_bidi_streams : max_uni_streams;
    if (opened >= limit) return std::nullopt;
    const uint64_t id = opened * 4 + (client_ ? 0 : 1) + (bidirectional ? 0 : 2);
    ++opened;
    streams[id];
    return id;
  }
  size_t write(uint64_t stream_id, std::span<const uint8_t> data) override {
    StreamRecord& s = streams[stream_id];
    if (closed || s.fin || s.reset_code || s.peer_stopped) return 0;
    uint64_t& used = window_used_[stream_id];
    const uint64_t room = stream_window > used ? stream_window - used : 0;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(room, data.size()));
    if (n < data.size()) blocked.insert(stream_id);
    if (n == 0) return 0;
    used += n;
    s.written.insert(s.written.end(), data.begin(), data.begin() + n);
    Action a;
    a.stream_id = stream_id;
    a.bytes.assign(data.begin(), data.begin() + n);
    outbox.push_back(std::move(a));
    return n;
  }
  void finish(uint64_t stream_id) override {
    StreamRecord& s = streams[stream_id];
    if (closed || s.fin || s.reset_code || s.peer_stopped) return;
    s.fin = true;
    Action a;
    a.stream_id = stream_id;
    a.fin = true;
    outbox.push_back(std::move(a));
  }
  void reset_stream(uint64_t stream_id, uint64_t error_code) override {
    StreamRecord& s = streams[stream_id];
    if (closed || s.reset_code || s.peer_stopped) return;
    s.reset_code = error_code;
    Action a;
    a.kind = Action::Kind::kReset;
    a.stream_id = stream_id;
    a.code = error_code;
    outbox.push_back(std::move(a));
  }
  void stop_sending(uint64_t stream_id, uint64_t error_code) override {
    StreamRecord& s = streams[stream_id];
    if (closed || s.stop_sending_code) return;
    s.stop_sending_code = error_code;
    Action a;
    a.kind = Action::Kind::kStopSending;
    a.stream_id = stream_id;
    a.code = error_code;
    outbox.push_back(std::move(a));
  }
  void set_priority(uint64_t stream_id, const Priority& priority) override {
    streams[stream_id].priority = priority;
    priority_log.push_back({stream_id, priority});
  }
  void close(uint64_t error_code, std::string_view reason) override {
    if (closed) return;
    closed = true;
    close_code = error_code;
    close_reason = reason;
    Action a;
    a.kind = Action::Kind::kClose;
    a.code = error_code;
    a.reason = reason;
    outbox.push_back(std::move(a));
  }
  bool handshake_complete() const override { return handshake_done; }
  bool early_data_accepted() const override { return early_data_accepted_flag; }
  bool stream_has_early_data(uint64_t stream_id) const override {
    return early_streams.count(stream_id) != 0;
  }

  // The peer consumed `n` bytes of a stream: the window opens again. True if the stream had
  // been held back (a writable event is due).
  bool credit(uint64_t stream_id, uint64_t n) {
    uint64_t& used = window_used_[stream_id];
    used -= std::min(used, n);
    return blocked.erase(stream_id) > 0;
  }

  // --- Configuration ---
  uint64_t max_bidi_streams = 1000;
  uint64_t max_uni_streams = 100;
  uint64_t stream_window = UINT64_MAX;
  bool handshake_done = true;
  bool early_data_accepted_flag = false;
  std::set<uint64_t> early_streams;  // streams whose data "arrived in 0-RTT"

  // --- What happened ---
  std::map<uint64_t, StreamRecord> streams;
  std::vector<std::pair<uint64_t, Priority>> priority_log;
  bool closed = false;
  std::optional<uint64_t> close_code;
  std::string close_reason;
  std::deque<Action> outbox;
  std::set<uint64_t> blocked;

 private:
  bool client_;
  uint64_t opened_bidi_ = 0;
  uint64_t opened_uni_ = 0;
  std::map<uint64_t, uint64_t> window_used_;
};

// Joins two transports and their HTTP/3 connections.
class MemoryPipe {
 public:
  MemoryPipe(MemoryTransport& a, TransportListener& a_listener, MemoryTransport& b,
             TransportListener& b_listener)
      : a_(a), a_listener_(a_listener), b_(b), b_listener_(b_listener) {}

  // When set, actions of different streams are delivered in a random order (each stream's own
  // actions stay in order), as packets of different streams may overtake each other.
  void shuffle_streams(uint64_t seed) { rng_.emplace(seed); }

  // Delivers everything queued on both sides, and what that causes, until both are quiet.
  // Returns the number of actions delivered.
  size_t run(size_t limit = 10'000'000) {
    size_t delivered = 0;
    while (delivered < limit && (!a_.outbox.empty() || !b_.outbox.empty())) {
      if (!a_.outbox.empty()) delivered += deliver_one(a_, a_listener_, b_, b_listener_);
      if (!b_.outbox.empty()) delivered += deliver_one(b_, b_listener_, a_, a_listener_);
    }
    return delivered;
  }

  // Completes the handshake on both sides and tells both connections.
  void complete_handshake() {
    a_.handshake_done = true;
    b_.handshake_done = true;
    a_listener_.on_handshake_complete();
    b_listener_.on_handshake_complete();
  }

  // Raises the stream limit of one side and tells its connection.
  void allow_streams(MemoryTransport& side, TransportListener& listener, uint64_t bidi) {
    side.max_bidi_streams = bidi;
    listener.on_streams_available();
  }

 private:
  size_t pick(const MemoryTransport& from) {
    if (!rng_) return 0;
    // A random stream among those with actions; its oldest action.
    std::vector<size_t> firsts;
    std::set<uint64_t> seen;
    for (size_t i = 0; i < from.outbox.size(); ++i) {
      const auto& action = from.outbox[i];
      if (action.kind == MemoryTransport::Action::Kind::kClose) {
        if (firsts.empty()) return i;
        break;  // a close waits for what was sent before it
      }
      if (seen.insert(action.stream_id).second) firsts.push_back(i);
    }
    std::uniform_int_distribution<size_t> d(0, firsts.size() - 1);
    return firsts[d(*rng_)];
  }

  size_t deliver_one(MemoryTransport& from, TransportListener& from_listener, MemoryTransport& to,
                     TransportListener& to_listener) {
    const size_t index = pick(from);
    MemoryTransport::Action action = std::move(from.outbox[index]);
    from.outbox.erase(from.outbox.begin() + static_cast<std::ptrdiff_t>(index));
    if (to.closed && action.kind != MemoryTransport::Action::Kind::kClose) return 1;
    switch (action.kind) {
      case MemoryTransport::Action::Kind::kData: {
        // The stream's reset overtakes nothing: data of a reset stream still arrives first.
        to_listener.on_stream_data(action.stream_id, action.bytes, action.fin);
        if (!action.bytes.empty() && from.credit(action.stream_id, action.bytes.size())) {
          from_listener.on_stream_writable(action.stream_id);
        }
        break;
      }
      case MemoryTransport::Action::Kind::kReset:
        to_listener.on_stream_reset(action.stream_id, action.code);
        break;
      case MemoryTransport::Action::Kind::kStopSending: {
        // RFC 9000 §3.5: the receiver of STOP_SENDING resets its sending part.
        StreamRecord& s = to.streams[action.stream_id];
        if (!s.fin && !s.reset_code && !s.peer_stopped) {
          to.reset_stream(action.stream_id, action.code);
          s.peer_stopped = true;
          to_listener.on_stop_sending(action.stream_id, action.code);
        }
        break;
      }
      case MemoryTransport::Action::Kind::kClose:
        if (!to.closed) {
          to.closed = true;
          to_listener.on_transport_closed(action.code, action.reason);
        }
        from_listener.on_transport_closed(action.code, action.reason);
        break;
    }
    return 1;
  }

  MemoryTransport& a_;
  TransportListener& a_listener_;
  MemoryTransport& b_;
  TransportListener& b_listener_;
  std::optional<std::mt19937_64> rng_;
};

}  // namespace quasar::http3::test
