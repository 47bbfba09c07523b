// H3ClientSession: requests, response events, and why a download failed.
#include "tools/client/h3_client_session.h"

#include <cstdio>

#include "http3/http3_error.h"
#include "tools/common/alpn.h"

namespace quasar::tools {

namespace {

std::string hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// "H3_REQUEST_CANCELLED 0x10c" or "error 0x1234" for codes HTTP/3 does not name.
std::string describe_h3_code(uint64_t code) {
  const std::string_view name = http3::http3_error_name(code);
  return (name.empty() ? std::string("error") : std::string(name)) + " " + hex(code);
}

}  // namespace

std::string describe_http_status(int status) {
  // RFC 9110 §15: the reason phrases of the statuses a file server answers with.
  const char* text = "";
  switch (status) {
    case 200:
      text = "ok";
      break;
    case 206:
      text = "partial content";
      break;
    case 400:
      text = "bad request";
      break;
    case 403:
      text = "forbidden";
      break;
    case 404:
      text = "not found";
      break;
    case 405:
      text = "method not allowed";
      break;
    case 416:
      text = "range not satisfiable";
      break;
    case 425:
      text = "too early";
      break;
    case 431:
      text = "request header fields too large";
      break;
    case 500:
      text = "internal server error";
      break;
    case 503:
      text = "service unavailable";
      break;
    default:
      break;
  }
  std::string result = std::to_string(status);
  if (*text != '\0') result += std::string(" ") + text;
  return result;
}

ClientProtocol H3ClientSession::protocol(RequestBody body) {
  ClientProtocol p;
  p.alpn = kAlpnH3;
  p.create = [body](Connection& connection, std::span<uint8_t>) {
    return std::make_unique<H3ClientSession>(connection, body);
  };
  // RFC 9114 §8.1: H3_NO_ERROR when the client has nothing more to ask.
  p.close_error_code = http3::wire_code(http3::Http3ErrorCode::kNoError);
  return p;
}

H3ClientSession::H3ClientSession(Connection& connection, RequestBody body)
    : binding_(connection), body_(std::move(body)) {
  client_ = std::make_unique<http3::Http3Client>(binding_);
  binding_.set_listener(*client_);
  // Control and QPACK streams with our SETTINGS (RFC 9114 §6.2.1).
  client_->start();
}

H3ClientSession::~H3ClientSession() = default;

bool H3ClientSession::start(Instant now, Connection& connection, Download& download) {
  (void)connection;
  binding_.set_now(now);
  http3::RequestHead head;
  head.method = body_ ? "POST" : "GET";
  head.scheme = "https";
  head.authority = download.url.authority();
  head.path = download.url.path;
  // RFC 9110 §8.6: the body's length is known up front.
  if (body_) head.headers.push_back({"content-length", std::to_string(body_->size())});
  // The client queues requests beyond the peer's stream limit itself.
  auto id = client_->send_request(head, /*end_stream=*/body_ == nullptr);
  if (!id.ok()) {
    download.fail(now,
                  "cannot send the request: " + std::string(http3::api_error_name(id.error())));
    return true;
  }
  download.state = DownloadState::kActive;
  download.started = now;
  download.stream_id = client_->stream_id(*id);
  requests_[*id] = &download;
  if (body_) {
    body_sent_[*id] = 0;
    send_body(now, *id);
  }
  drain(now);
  return true;
}

void H3ClientSession::send_body(Instant now, http3::RequestId id) {
  auto sent = body_sent_.find(id);
  if (sent == body_sent_.end()) return;
  auto download = requests_.find(id);
  if (download == requests_.end()) {
    body_sent_.erase(sent);
    return;
  }
  // A call takes one DATA frame at most (Http3Client::kMaxBodyChunk); 0 means flow control
  // holds the rest until a Writable event.
  size_t taken = 0;
  do {
    const std::span<const uint8_t> rest = std::span(*body_).subspan(sent->second);
    auto result = client_->send_body(id, rest, /*end_stream=*/true);
    if (!result.ok()) {
      body_sent_.erase(sent);
      (void)client_->cancel(id);
      fail(now, id, *download->second,
           "cannot send the request body: " + std::string(http3::api_error_name(result.error())));
      return;
    }
    taken = *result;
    sent->second += taken;
  } while (taken > 0 && sent->second < body_->size());
  // Everything taken, the end of the request included.
  if (sent->second == body_->size()) body_sent_.erase(sent);
}

void H3ClientSession::on_event(Instant now, Connection& connection, const ConnectionEvent& event) {
  (void)connection;
  binding_.handle_event(now, event);
  drain(now);
}

void H3ClientSession::on_close(Instant now, const event::ConnectionClosed& closed) {
  // The downloads still open fail with the transport's reason (the caller's job), which says
  // more than HTTP/3's view of the close would.
  binding_.handle_event(now, closed);
  requests_.clear();
}

void H3ClientSession::fail(Instant now, http3::RequestId id, Download& download,
                           std::string reason) {
  download.fail(now, std::move(reason));
  requests_.erase(id);
}

void H3ClientSession::drain(Instant now) {
  binding_.set_now(now);
  while (auto e = client_->poll_event()) {
    if (const auto* h = std::get_if<http3::client_event::Headers>(&*e)) {
      auto it = requests_.find(h->request);
      if (it == requests_.end() || h->interim) continue;
      if (h->head.status != 200) {
        (void)client_->cancel(h->request);
        fail(now, h->request, *it->second, "H3 " + describe_http_status(h->head.status));
        continue;
      }
      if (const std::string* length = http3::find_field(h->head.headers, "content-length")) {
        uint64_t value = 0;
        if (std::sscanf(length->c_str(), "%llu", reinterpret_cast<unsigned long long*>(&value)) ==
            1) {
          it->second->expected_size = value;
        }
      }
    } else if (const auto* b = std::get_if<http3::client_event::Body>(&*e)) {
      auto it = requests_.find(b->request);
      if (it == requests_.end()) continue;
      Download& d = *it->second;
      if (!d.output->write(b->data)) {
        (void)client_->cancel(b->request);
        fail(now, b->request, d, d.output->error());
        continue;
      }
      d.bytes += b->data.size();
    } else if (const auto* c = std::get_if<http3::client_event::Complete>(&*e)) {
      auto it = requests_.find(c->request);
      if (it == requests_.end()) continue;
      it->second->complete(now);
      requests_.erase(it);
    } else if (const auto* f = std::get_if<http3::client_event::Failed>(&*e)) {
      auto it = requests_.find(f->request);
      if (it == requests_.end()) continue;
      std::string reason = "H3 stream error " + describe_h3_code(f->error_code);
      if (!f->reason.empty()) reason += ": " + f->reason;
      fail(now, f->request, *it->second, std::move(reason));
    } else if (const auto* w = std::get_if<http3::client_event::Writable>(&*e)) {
      send_body(now, w->request);
    } else if (const auto* closed = std::get_if<http3::client_event::ConnectionClosed>(&*e)) {
      const std::string reason = "H3 connection closed: " + describe_h3_code(closed->error_code) +
                                 (closed->reason.empty() ? "" : ": " + closed->reason);
      for (auto& [id, download] : requests_) download->fail(now, reason);
      requests_.clear();
    }
  }
}

}  // namespace quasar::tools
