// TestRouter's handlers and ResponseCollector.
#include "tests/http3/test_handlers.h"

#include <algorithm>
#include <charconv>

namespace quasar::http3::test {

uint8_t pattern_byte(uint64_t index) {
  return static_cast<uint8_t>((index * 131 + (index >> 8) * 7 + 1) & 0xff);
}

std::vector<uint8_t> pattern(uint64_t size, uint64_t offset) {
  std::vector<uint8_t> out(size);
  for (uint64_t i = 0; i < size; ++i) out[i] = pattern_byte(offset + i);
  return out;
}

uint64_t fnv1a(std::span<const uint8_t> data, uint64_t hash) {
  for (uint8_t b : data) {
    hash ^= b;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

namespace {

uint64_t number_after(std::string_view path, std::string_view prefix) {
  uint64_t value = 0;
  const std::string_view digits = path.substr(prefix.size());
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

class RouterHandler final : public RequestHandler {
 public:
  enum class Mode {
    kEcho,
    kBytes,
    kInterim,
    kTrailers,
    kHold,
    kStatus,
    kCancel,
    kBigHeader,
    kTunnel,
    kNotFound
  };

  RouterHandler(TestRouter& router, size_t seen_index, Mode mode, uint64_t param)
      : router_(router), seen_index_(seen_index), mode_(mode), param_(param) {}

  SeenRequest& seen() { return router_.seen[seen_index_]; }

  void on_request_headers(ServerExchange& ex) override {
    switch (mode_) {
      case Mode::kBytes:
        total_ = param_;
        send_head(ex, 200, total_);
        pump(ex);
        break;
      case Mode::kInterim: {
        ResponseHead early;
        early.status = 103;
        early.headers = {{"link", "</style.css>; rel=preload"}};
        (void)ex.send_headers(early, false);
        send_head(ex, 200, 4);
        finish_with(ex, "done");
        break;
      }
      case Mode::kTrailers:
        send_head(ex, 200, std::nullopt);
        (void)ex.send_body(as_bytes("body"), false);
        (void)ex.send_trailers({{"x-checksum", "abc"}, {"x-count", "1"}});
        finished(ex);
        break;
      case Mode::kHold:
        router_.held_.push_back(&ex);
        break;
      case Mode::kStatus: {
        ResponseHead head;
        head.status = static_cast<uint16_t>(param_);
        (void)ex.send_headers(head, true);
        finished(ex);
        break;
      }
      case Mode::kCancel:
        ex.cancel();
        break;
      case Mode::kBigHeader: {
        ResponseHead head;
        head.headers = {{"x-big", std::string(param_, 'b')}};
        last_error_ = ex.send_headers(head, true).ok() ? std::nullopt : std::optional<int>(1);
        if (last_error_) {
          head.status = 500;
          head.headers.clear();
          (void)ex.send_headers(head, true);
        }
        finished(ex);
        break;
      }
      case Mode::kTunnel: {
        ResponseHead head;
        (void)ex.send_headers(head, false);
        break;
      }
      case Mode::kNotFound: {
        ResponseHead head;
        head.status = 404;
        (void)ex.send_headers(head, true);
        finished(ex);
        break;
      }
      case Mode::kEcho:
        break;
    }
  }

  void on_request_body(ServerExchange& ex, std::span<const uint8_t> data) override {
    seen().body_bytes += data.size();
    if (mode_ == Mode::kEcho) echo_.insert(echo_.end(), data.begin(), data.end());
    if (mode_ == Mode::kTunnel) (void)ex.send_body(data, false);
  }

  void on_request_trailers(ServerExchange&, const Fields& trailers) override {
    seen().trailers = trailers;
  }

  void on_request_end(ServerExchange& ex) override {
    seen().ended = true;
    if (mode_ == Mode::kEcho) {
      total_ = echo_.size();
      send_head(ex, 200, total_);
      pump(ex);
    } else if (mode_ == Mode::kTunnel) {
      (void)ex.send_body({}, true);
      finished(ex);
    }
  }

  void on_writable(ServerExchange& ex) override { pump(ex); }

  void on_reset(ServerExchange& ex, uint64_t error_code) override {
    seen().reset_code = error_code;
    std::erase(router_.held_, &ex);
  }

  void release(ServerExchange& ex) {
    send_head(ex, 200, 8);
    finish_with(ex, "released");
  }

 private:
  void send_head(ServerExchange& ex, uint16_t status, std::optional<uint64_t> length) {
    ResponseHead head;
    head.status = status;
    if (length) head.headers.push_back({"content-length", std::to_string(*length)});
    (void)ex.send_headers(head, false);
  }

  void finish_with(ServerExchange& ex, std::string_view body) {
    (void)ex.send_body(as_bytes(body), true);
    finished(ex);
  }

  void finished(ServerExchange& ex) { router_.finished_streams.push_back(ex.stream_id()); }

  // Sends content until done or blocked: pattern bytes for /bytes, the request for /echo.
  void pump(ServerExchange& ex) {
    while (!done_) {
      const uint64_t left = total_ - offset_;
      const size_t n = static_cast<size_t>(std::min<uint64_t>(left, chunk_.size()));
      std::span<const uint8_t> data;
      if (mode_ == Mode::kEcho) {
        data = std::span<const uint8_t>(echo_).subspan(static_cast<size_t>(offset_), n);
      } else {
        for (size_t i = 0; i < n; ++i) chunk_[i] = pattern_byte(offset_ + i);
        data = std::span<const uint8_t>(chunk_).first(n);
      }
      const bool trailers = mode_ == Mode::kEcho && seen().trailers.has_value();
      const bool last = offset_ + n == total_;
      const auto taken = ex.send_body(data, last && !trailers);
      if (!taken.ok()) return;
      offset_ += *taken;
      if (offset_ == total_ && *taken == n) {
        if (trailers) (void)ex.send_trailers(*seen().trailers);
        done_ = true;
        finished(ex);
        return;
      }
      if (*taken == 0) return;  // on_writable resumes
    }
  }

  TestRouter& router_;
  size_t seen_index_;
  Mode mode_;
  uint64_t param_;
  uint64_t total_ = 0;
  uint64_t offset_ = 0;
  bool done_ = false;
  std::vector<uint8_t> echo_;
  std::vector<uint8_t> chunk_ = std::vector<uint8_t>(16 * 1024);
  std::optional<int> last_error_;
};

std::unique_ptr<RequestHandler> TestRouter::make_handler(ServerExchange& exchange) {
  const RequestHead& head = exchange.request();
  SeenRequest s;
  s.head = head;
  s.early_data = exchange.early_data();
  s.priority = exchange.priority();
  s.stream_id = exchange.stream_id();
  seen.push_back(s);
  using Mode = RouterHandler::Mode;
  Mode mode = Mode::kNotFound;
  uint64_t param = 0;
  const std::string_view path = head.path;
  if (head.method == "CONNECT") {
    mode = Mode::kTunnel;
  } else if (path == "/echo") {
    mode = Mode::kEcho;
  } else if (path.starts_with("/bytes/")) {
    mode = Mode::kBytes;
    param = number_after(path, "/bytes/");
  } else if (path == "/interim") {
    mode = Mode::kInterim;
  } else if (path == "/trailers") {
    mode = Mode::kTrailers;
  } else if (path == "/hold") {
    mode = Mode::kHold;
  } else if (path.starts_with("/status/")) {
    mode = Mode::kStatus;
    param = number_after(path, "/status/");
  } else if (path == "/cancel") {
    mode = Mode::kCancel;
  } else if (path.starts_with("/big-header/")) {
    mode = Mode::kBigHeader;
    param = number_after(path, "/big-header/");
  }
  auto handler = std::make_unique<RouterHandler>(*this, seen.size() - 1, mode, param);
  handlers_by_exchange_[&exchange] = handler.get();
  return handler;
}

void TestRouter::release_held() {
  std::vector<ServerExchange*> held = std::move(held_);
  held_.clear();
  for (ServerExchange* ex : held) handlers_by_exchange_.at(ex)->release(*ex);
}

void ResponseCollector::drain(Http3Client& client) {
  while (auto event = client.poll_event()) {
    std::visit(
        [&](auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, client_event::Headers>) {
            auto& r = responses[e.request];
            if (e.interim) {
              r.interim.push_back(e.head.status);
            } else {
              r.head = e.head;
            }
            if (on_headers) on_headers(e.request);
          } else if constexpr (std::is_same_v<T, client_event::Body>) {
            auto& r = responses[e.request];
            r.body.insert(r.body.end(), e.data.begin(), e.data.end());
            ++r.body_events;
          } else if constexpr (std::is_same_v<T, client_event::Trailers>) {
            responses[e.request].trailers = e.trailers;
          } else if constexpr (std::is_same_v<T, client_event::Complete>) {
            auto& r = responses[e.request];
            r.complete = true;
            r.order = ++finished;
          } else if constexpr (std::is_same_v<T, client_event::Failed>) {
            auto& r = responses[e.request];
            r.failed = e;
            r.order = ++finished;
          } else if constexpr (std::is_same_v<T, client_event::Writable>) {
            writable.push_back(e.request);
            if (on_writable) on_writable(e.request);
          } else if constexpr (std::is_same_v<T, client_event::GoawayReceived>) {
            goaways.push_back(e.stream_id);
          } else if constexpr (std::is_same_v<T, client_event::ConnectionClosed>) {
            closed = e;
          }
        },
        *event);
  }
}

}  // namespace quasar::http3::test
