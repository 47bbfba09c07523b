// Http3Server: request streams in, handlers called, GOAWAY out.
#include "http3/server.h"

#include "http3/server_stream.h"
#include "http3/stream_type.h"

namespace quasar::http3 {

namespace {

// Request streams further than this beyond the highest seen are refused: a transport enforcing
// its stream limits (RFC 9000 §4.6) never delivers them, so only a broken peer gets this far.
constexpr uint64_t kMaxStreamIdGap = 4 * 65536;

}  // namespace

Http3Server::Http3Server(Transport& transport, RequestHandlerFactory& handlers,
                         const ServerConfig& config)
    : Http3Connection(Role::kServer, transport, config.connection),
      handlers_(handlers),
      server_config_(config) {}

Http3Server::~Http3Server() = default;

void Http3Server::shutdown() {
  CallScope scope(*this);
  if (is_closed()) return;
  // RFC 9114 §5.2: every request stream we have seen data on is below the identifier, so none
  // we are processing is announced as unprocessed.
  send_goaway(next_unseen_);
}

ServerStream* Http3Server::find(uint64_t stream_id) {
  const auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second.get();
}

bool Http3Server::not_yet_seen(uint64_t stream_id) const {
  if (stream_id >= next_unseen_) return true;
  auto it = gaps_.upper_bound(stream_id);
  if (it == gaps_.begin()) return false;
  --it;
  return stream_id < it->second;
}

Status Http3Server::note_seen(uint64_t stream_id) {
  if (stream_id >= next_unseen_) {
    if (stream_id - next_unseen_ > kMaxStreamIdGap) {
      return Http3Error::of(Http3ErrorCode::kExcessiveLoad,
                            "request stream ID far beyond those opened");
    }
    if (stream_id > next_unseen_) gaps_.emplace(next_unseen_, stream_id);
    next_unseen_ = stream_id + 4;
    return {};
  }
  // Split the run of unseen IDs around it.
  auto it = gaps_.upper_bound(stream_id);
  if (it == gaps_.begin()) return {};
  --it;
  const auto [first, end] = *it;
  if (stream_id >= end) return {};
  gaps_.erase(it);
  if (first < stream_id) gaps_.emplace(first, stream_id);
  if (stream_id + 4 < end) gaps_.emplace(stream_id + 4, end);
  return {};
}

Status Http3Server::on_request_stream_data(uint64_t stream_id, std::span<const uint8_t> data,
                                           bool fin) {
  ServerStream* stream = find(stream_id);
  if (stream == nullptr) {
    // Bytes still arriving for an exchange that is over are dropped.
    if (!not_yet_seen(stream_id)) return {};
    HTTP3_TRY(note_seen(stream_id));
    // RFC 9114 §5.2: after our GOAWAY, requests at or above its identifier are rejected
    // unprocessed, so the client may retry them elsewhere.
    if (local_goaway_id() && stream_id >= *local_goaway_id()) {
      ++stats_.rejected;
      transport().stop_sending(stream_id, wire_code(Http3ErrorCode::kRequestRejected));
      reset_stream(stream_id, wire_code(Http3ErrorCode::kRequestRejected));
      return {};
    }
    auto created = std::make_unique<ServerStream>(*this, stream_id);
    stream = created.get();
    streams_.emplace(stream_id, std::move(created));
  }
  return stream->reader().on_data(data, fin);
}

void Http3Server::on_request_stream_reset(uint64_t stream_id, uint64_t error_code) {
  if (ServerStream* stream = find(stream_id)) {
    stream->on_peer_reset(error_code);
  } else if (not_yet_seen(stream_id)) {
    // Reset before any byte arrived: nothing was processed.
    if (const Status seen = note_seen(stream_id); !seen.ok()) {
      connection_error(seen.error());
      return;
    }
    reset_stream(stream_id, wire_code(Http3ErrorCode::kRequestRejected));
  }
}

void Http3Server::on_request_stop_sending(uint64_t stream_id, uint64_t error_code) {
  if (ServerStream* stream = find(stream_id)) stream->on_peer_stop_sending(error_code);
}

void Http3Server::on_request_stream_writable(uint64_t stream_id) {
  if (ServerStream* stream = find(stream_id)) stream->on_writable();
}

Status Http3Server::on_section_unblocked(uint64_t stream_id) {
  if (ServerStream* stream = find(stream_id)) return stream->reader().on_unblocked();
  return {};
}

Status Http3Server::on_goaway(uint64_t) {
  // A client's GOAWAY names a push ID; we never push, so there is nothing to stop.
  return {};
}

Status Http3Server::on_priority_update(uint64_t stream_id, std::string_view field_value) {
  if (ServerStream* stream = find(stream_id)) {
    stream->on_priority_update(field_value);
    return {};
  }
  if (!not_yet_seen(stream_id)) return {};  // its response is over
  // RFC 9218 §7: kept for when the stream opens; only the most recent one per stream.
  early_priority_updates_[stream_id] = std::string(field_value);
  if (early_priority_updates_.size() > config().max_pending_priority_updates) {
    return Http3Error::of(Http3ErrorCode::kExcessiveLoad,
                          "too many PRIORITY_UPDATE frames for streams not opened");
  }
  return {};
}

void Http3Server::on_closed() {
  for (auto& [id, stream] : streams_) stream->on_connection_closed(close_code());
}

void Http3Server::after_event() {
  std::erase_if(streams_, [](const auto& entry) { return entry.second->done(); });
}

}  // namespace quasar::http3
