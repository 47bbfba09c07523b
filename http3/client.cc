// Http3Client: requests out, response events in.
#include "http3/client.h"

#include <algorithm>

#include "http3/client_request.h"
#include "http3/message_checker.h"

namespace quasar::http3 {

namespace {

std::optional<RequestId> request_of(const ClientEvent& event) {
  return std::visit(
      [](const auto& e) -> std::optional<RequestId> {
        if constexpr (requires { e.request; }) {
          return e.request;
        } else {
          return std::nullopt;
        }
      },
      event);
}

// The head as the peer will check it (RFC 9114 §4.3.1), to refuse sending what it would
// reject as malformed.
bool head_is_valid(const RequestHead& head) {
  Fields fields;
  fields.push_back({":method", head.method});
  if (!head.scheme.empty()) fields.push_back({":scheme", head.scheme});
  if (!head.authority.empty()) fields.push_back({":authority", head.authority});
  if (!head.path.empty()) fields.push_back({":path", head.path});
  fields.insert(fields.end(), head.headers.begin(), head.headers.end());
  return request_head_from_fields(std::move(fields)).ok();
}

}  // namespace

Http3Client::Http3Client(Transport& transport, const ClientConfig& config)
    : Http3Connection(Role::kClient, transport, config.connection,
                      config.remembered_server_settings),
      client_config_(config) {}

Http3Client::~Http3Client() = default;

Result<RequestId, ApiError> Http3Client::send_request(const RequestHead& head, bool end_stream,
                                                      const Priority& priority) {
  CallScope scope(*this);
  if (is_closed()) return ApiError::kConnectionClosed;
  if (going_away()) return ApiError::kGoingAway;
  RequestHead request = head;
  if (!normalize_outgoing_fields(request.headers, true)) return ApiError::kInvalidMessage;
  if (priority != Priority{} && find_field(request.headers, "priority") == nullptr) {
    request.headers.push_back({"priority", format_priority(priority)});
  }
  if (!head_is_valid(request)) return ApiError::kInvalidMessage;
  std::vector<qpack::FieldLine> lines;
  request_field_lines(request, lines);
  const auto& limit = effective_peer_settings().max_field_section_size;
  if (limit && field_section_size(lines) > *limit) return ApiError::kFieldSectionTooLarge;

  const RequestId id = next_request_id_++;
  requests_.emplace(
      id, std::make_unique<ClientRequest>(*this, id, std::move(request), priority, end_stream));
  ++stats_.requests;
  open_waiting_requests();
  return id;
}

Result<size_t, ApiError> Http3Client::send_body(RequestId request, std::span<const uint8_t> data,
                                                bool end_stream) {
  CallScope scope(*this);
  ClientRequest* r = find(request);
  if (r == nullptr) return ApiError::kUnknownRequest;
  if (is_closed()) return ApiError::kConnectionClosed;
  return r->send_body(data, end_stream);
}

Result<void, ApiError> Http3Client::send_trailers(RequestId request, const Fields& trailers) {
  CallScope scope(*this);
  ClientRequest* r = find(request);
  if (r == nullptr) return ApiError::kUnknownRequest;
  if (is_closed()) return ApiError::kConnectionClosed;
  Fields normalized = trailers;
  if (!normalize_outgoing_fields(normalized, false)) return ApiError::kInvalidMessage;
  std::vector<qpack::FieldLine> lines;
  trailer_field_lines(normalized, lines);
  const auto& limit = effective_peer_settings().max_field_section_size;
  if (limit && field_section_size(lines) > *limit) return ApiError::kFieldSectionTooLarge;
  return r->send_trailers(normalized);
}

Result<void, ApiError> Http3Client::cancel(RequestId request) {
  CallScope scope(*this);
  const auto it = requests_.find(request);
  if (it == requests_.end()) return ApiError::kUnknownRequest;
  ClientRequest& r = *it->second;
  r.cancel();
  if (r.stream_id()) by_stream_.erase(*r.stream_id());
  if (delivered_body_ == request) delivered_body_.reset();
  std::erase_if(events_, [&](const QueuedEvent& q) { return request_of(q.event) == request; });
  requests_.erase(it);
  return {};
}

Result<void, ApiError> Http3Client::update_priority(RequestId request, const Priority& priority) {
  CallScope scope(*this);
  ClientRequest* r = find(request);
  if (r == nullptr) return ApiError::kUnknownRequest;
  if (is_closed()) return ApiError::kConnectionClosed;
  r->update_priority(priority);
  return {};
}

void Http3Client::shutdown() {
  CallScope scope(*this);
  if (is_closed()) return;
  // RFC 9114 §5.2: a client's GOAWAY carries a push ID; we allow no pushes, so 0.
  send_goaway(0);
}

std::optional<ClientEvent> Http3Client::poll_event() {
  CallScope scope(*this);
  release_delivered_body();
  while (!events_.empty()) {
    QueuedEvent queued = std::move(events_.front());
    events_.pop_front();
    const std::optional<RequestId> id = request_of(queued.event);
    ClientRequest* r = id ? find(*id) : nullptr;
    if (queued.body_marker) {
      if (r == nullptr) continue;
      r->clear_body_marker();
      if (r->body_buffer().empty()) continue;
      r->delivered() = r->body_buffer().size();
      delivered_body_ = *id;
      return client_event::Body{*id, r->body_buffer()};
    }
    if (r != nullptr && (std::holds_alternative<client_event::Complete>(queued.event) ||
                         std::holds_alternative<client_event::Failed>(queued.event))) {
      r->on_terminal_event_polled();
    }
    return std::move(queued.event);
  }
  return std::nullopt;
}

std::optional<uint64_t> Http3Client::stream_id(RequestId request) const {
  const auto it = requests_.find(request);
  if (it == requests_.end()) return std::nullopt;
  return it->second->stream_id();
}

// --- Hooks ---

Status Http3Client::on_request_stream_data(uint64_t stream_id, std::span<const uint8_t> data,
                                           bool fin) {
  ClientRequest* r = find_by_stream(stream_id);
  if (r == nullptr) return {};  // a request cancelled or moved to another stream
  return r->on_data(data, fin);
}

void Http3Client::on_request_stream_reset(uint64_t stream_id, uint64_t error_code) {
  if (ClientRequest* r = find_by_stream(stream_id)) r->on_peer_reset(error_code);
}

void Http3Client::on_request_stop_sending(uint64_t stream_id, uint64_t) {
  if (ClientRequest* r = find_by_stream(stream_id)) r->on_peer_stop_sending();
}

void Http3Client::on_request_stream_writable(uint64_t stream_id) {
  if (ClientRequest* r = find_by_stream(stream_id)) r->on_writable();
}

Status Http3Client::on_section_unblocked(uint64_t stream_id) {
  if (ClientRequest* r = find_by_stream(stream_id)) return r->on_unblocked();
  return {};
}

Status Http3Client::on_goaway(uint64_t id) {
  push(client_event::GoawayReceived{id});
  // RFC 9114 §5.2: requests on streams at or above the identifier were not processed and
  // will not be: they fail as retryable, and are cancelled to free their streams.
  for (auto& [request_id, r] : requests_) {
    if (r->response_over()) continue;
    if (r->stream_id() && *r->stream_id() < id) continue;
    r->fail(wire_code(Http3ErrorCode::kRequestRejected), "not processed before GOAWAY", true);
  }
  return {};
}

void Http3Client::on_handshake_completed() { open_waiting_requests(); }

void Http3Client::on_more_streams() { open_waiting_requests(); }

void Http3Client::on_closed() {
  const auto goaway = peer_goaway_id();
  for (auto& [id, r] : requests_) {
    // RFC 9114 §5.4: without GOAWAY, any request sent may have been processed.
    const bool retryable =
        r->waiting_for_stream() || (goaway && r->stream_id() && *r->stream_id() >= *goaway);
    r->fail(close_code(), "connection closed: " + close_reason(), retryable);
  }
  push(client_event::ConnectionClosed{close_code(), close_reason()});
}

void Http3Client::after_event() {
  for (auto it = requests_.begin(); it != requests_.end();) {
    it->second->drop_retired_reader();
    if (it->second->finished()) {
      if (it->second->stream_id()) by_stream_.erase(*it->second->stream_id());
      if (delivered_body_ == it->first) delivered_body_.reset();
      it = requests_.erase(it);
    } else {
      ++it;
    }
  }
  // RFC 9114 §5.2: once the requests in flight are over, close with H3_NO_ERROR.
  if (going_away() && !is_closed() &&
      std::all_of(requests_.begin(), requests_.end(),
                  [](const auto& entry) { return entry.second->over(); })) {
    close_gracefully("graceful shutdown complete");
  }
}

// --- Helpers ---

ClientRequest* Http3Client::find(RequestId id) {
  const auto it = requests_.find(id);
  return it == requests_.end() ? nullptr : it->second.get();
}

ClientRequest* Http3Client::find_by_stream(uint64_t stream_id) {
  const auto it = by_stream_.find(stream_id);
  return it == by_stream_.end() ? nullptr : find(it->second);
}

void Http3Client::open_waiting_requests() {
  if (is_closed()) return;
  for (auto& [id, r] : requests_) {
    if (!r->waiting_for_stream() || !r->may_send_now()) continue;
    const auto stream = transport().open_stream(true);
    if (!stream) return;  // on_streams_available will call again
    by_stream_[*stream] = id;
    r->start(*stream);
  }
}

void Http3Client::push(ClientEvent event) { events_.push_back({std::move(event), false}); }

void Http3Client::push_body_marker(RequestId id) {
  events_.push_back({client_event::Body{id, {}}, true});
}

void Http3Client::release_delivered_body() {
  if (!delivered_body_) return;
  if (ClientRequest* r = find(*delivered_body_)) {
    auto& body = r->body_buffer();
    body.erase(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(r->delivered()));
    r->delivered() = 0;
  }
  delivered_body_.reset();
}

}  // namespace quasar::http3
