// Small applications for event loop tests: a server that answers a request for N bytes with a
// known byte pattern, and a client that downloads and verifies it.
#pragma once

#include <csignal>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"
#include "quic/endpoint/endpoint.h"
#include "quic/io/loop_application.h"

namespace quasar::test {

inline uint8_t pattern_byte(uint64_t offset) {
  return static_cast<uint8_t>(offset * 131 + (offset >> 12));
}

inline std::string cert_path(const std::string& name) {
  return std::string(QUASAR_TEST_CERTS_DIR) + "/" + name;
}

inline EndpointConfig server_config() {
  TlsServerConfig tls;
  tls.alpn = {"test"};
  tls.certificate_chain_file = cert_path("leaf-ecdsa.pem");
  tls.private_key_file = cert_path("leaf-ecdsa.key");
  EndpointConfig config;
  config.server_tls = server_tls_factory(TlsServerContext::create(tls).value());
  return config;
}

inline EndpointConfig client_config() {
  TlsClientConfig tls;
  tls.alpn = {"test"};
  tls.ca_file = cert_path("ca.pem");
  EndpointConfig config;
  config.client_tls = client_tls_factory(TlsClientContext::create(tls).value());
  return config;
}

// Answers each bidirectional stream's 8-byte big-endian size with that many pattern bytes.
class PatternServer final : public LoopApplication {
 public:
  // Application error code of the CONNECTION_CLOSE sent on shutdown.
  static constexpr uint64_t kShutdownCode = 0x42;

  void on_turn(Instant now, Endpoint& endpoint) override {
    while (auto e = endpoint.poll_event()) {
      if (std::holds_alternative<event::IncomingConnection>(e->event)) {
        endpoint.accept(e->connection);
        connections_.insert(e->connection);
      } else if (const auto* opened = std::get_if<event::StreamOpened>(&e->event)) {
        streams_[{e->connection, opened->stream_id}];
      } else if (std::holds_alternative<event::ConnectionClosed>(e->event)) {
        connections_.erase(e->connection);
        std::erase_if(streams_, [&](const auto& kv) { return kv.first.first == e->connection; });
      }
    }
    for (auto& [key, stream] : streams_) {
      Connection* c = endpoint.connection(key.first);
      if (c != nullptr) pump(now, *c, key.second, stream);
    }
    if (raise_signal_after_bytes_ && bytes_sent_ >= *raise_signal_after_bytes_) {
      raise_signal_after_bytes_.reset();
      std::raise(SIGTERM);
    }
  }
  void on_stop(Instant now, Endpoint& endpoint) override {
    for (ConnectionHandle h : connections_) {
      if (Connection* c = endpoint.connection(h)) c->close(now, kShutdownCode, "shutting down");
    }
    stopped_ = true;
  }
  bool finished() const override { return stopped_; }

  // Raises SIGTERM in the loop's thread once this many bytes were written.
  void raise_sigterm_after(uint64_t bytes) { raise_signal_after_bytes_ = bytes; }
  uint64_t bytes_sent() const { return bytes_sent_; }

 private:
  struct Stream {
    uint8_t request[8] = {};
    size_t request_bytes = 0;
    bool request_complete = false;
    uint64_t size = 0;
    uint64_t offset = 0;
    bool fin_sent = false;
  };

  void pump(Instant now, Connection& c, uint64_t id, Stream& s) {
    while (!s.request_complete) {
      uint8_t scratch[64];
      auto r = c.read(id, scratch, now);
      if (!r.ok() || (r->bytes == 0 && !r->fin)) return;
      for (size_t i = 0; i < r->bytes && s.request_bytes < 8; ++i) {
        s.request[s.request_bytes++] = scratch[i];
      }
      if (r->fin) {
        s.request_complete = true;
        for (uint8_t b : s.request) s.size = (s.size << 8) | b;
      }
    }
    while (s.offset < s.size) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), s.size - s.offset));
      for (size_t i = 0; i < n; ++i) buffer_[i] = pattern_byte(s.offset + i);
      auto written = c.write(id, std::span(buffer_).first(n));
      if (!written.ok() || *written == 0) return;
      s.offset += *written;
      bytes_sent_ += *written;
    }
    if (!s.fin_sent && c.finish(id).ok()) s.fin_sent = true;
  }

  std::set<ConnectionHandle> connections_;
  std::map<std::pair<ConnectionHandle, uint64_t>, Stream> streams_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(32 * 1024);
  uint64_t bytes_sent_ = 0;
  bool stopped_ = false;
  std::optional<uint64_t> raise_signal_after_bytes_;
};

// Connects, asks for `size` bytes on one stream, checks every byte, then closes.
class PatternClient final : public LoopApplication {
 public:
  PatternClient(SocketAddress local, SocketAddress server, uint64_t size, Duration limit)
      : local_(local), server_(server), size_(size), limit_(limit) {}

  void on_turn(Instant now, Endpoint& endpoint) override {
    if (!handle_) {
      deadline_ = now + limit_;
      ConnectOptions options;
      options.server_name = "localhost";
      auto h = endpoint.connect(now, local_, server_, options);
      if (!h.ok()) {
        fail("connect: " + h.error().message);
        return;
      }
      handle_ = *h;
    }
    if (now >= deadline_) fail("time limit reached");
    while (auto e = endpoint.poll_event()) {
      if (const auto* closed = std::get_if<event::ConnectionClosed>(&e->event)) {
        close_reason_ = closed->reason;
        if (!done_) fail("closed early: " + closed->reason.to_string());
      }
    }
    Connection* c = endpoint.connection(*handle_);
    if (c == nullptr || finished_ || !c->is_handshake_complete()) return;
    if (!stream_) {
      auto id = c->open_stream(true);
      if (!id.ok()) return;
      stream_ = *id;
      uint8_t request[8];
      for (int i = 0; i < 8; ++i) request[i] = static_cast<uint8_t>(size_ >> (56 - 8 * i));
      (void)c->write(*stream_, request);
      (void)c->finish(*stream_);
    }
    for (;;) {
      auto r = c->read(*stream_, buffer_, now);
      if (!r.ok()) return fail("read failed");
      for (size_t i = 0; i < r->bytes; ++i) {
        if (buffer_[i] != pattern_byte(received_ + i)) return fail("corrupted byte");
      }
      received_ += r->bytes;
      if (r->fin) {
        done_ = received_ == size_;
        if (!done_) return fail("short download");
        c->close(now, 0, "done");
        finished_ = true;
        return;
      }
      if (r->bytes == 0) return;
    }
  }
  Instant next_wakeup() const override { return handle_ ? deadline_ : Instant(); }
  void on_stop(Instant now, Endpoint& endpoint) override {
    if (Connection* c = handle_ ? endpoint.connection(*handle_) : nullptr) c->close(now, 0, "stop");
    finished_ = true;
  }
  bool finished() const override { return finished_; }

  bool done() const { return done_; }
  uint64_t received() const { return received_; }
  const std::string& error() const { return error_; }
  const std::optional<CloseReason>& close_reason() const { return close_reason_; }
  // Stop waiting once the server closes: for shutdown tests.
  void finish_when_closed() { finish_when_closed_ = true; }

 private:
  void fail(const std::string& error) {
    if (close_reason_ && finish_when_closed_) {
      finished_ = true;
      return;
    }
    if (error_.empty()) error_ = error;
    finished_ = true;
  }

  SocketAddress local_;
  SocketAddress server_;
  uint64_t size_;
  Duration limit_;
  Instant deadline_ = Instant::infinite_future();
  std::optional<ConnectionHandle> handle_;
  std::optional<uint64_t> stream_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(64 * 1024);
  uint64_t received_ = 0;
  bool done_ = false;
  bool finished_ = false;
  bool finish_when_closed_ = false;
  std::string error_;
  std::optional<CloseReason> close_reason_;
};

}  // namespace quasar::test
