// Connection-level benchmarks with real TLS and AES-128-GCM, in memory (no network, no clock):
// the full sender cycle per packet (build and seal, the peer's ACK, the record freed) and a
// bulk transfer's CPU cost per byte.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "bench/support/alloc_counter.h"
#include "crypto/self_signed_certificate.h"
#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"
#include "quic/endpoint/endpoint.h"

namespace quasar {
namespace {

const SocketAddress kClient = *SocketAddress::parse("10.0.0.1:5000");
const SocketAddress kServer = *SocketAddress::parse("10.0.0.2:443");

// A client and a server endpoint exchanging datagrams directly: everything sent is delivered
// at once, in order.
class Pair {
 public:
  Pair() : rng_(1) {
    static const PemCertificate cert = *generate_self_signed_certificate();
    TlsServerConfig server_tls;
    server_tls.alpn = {"bench"};
    server_tls.certificate_chain_pem = cert.certificate_pem;
    server_tls.private_key_pem = cert.private_key_pem;
    TlsClientConfig client_tls;
    client_tls.alpn = {"bench"};
    client_tls.verify_peer = false;
    EndpointConfig server_config;
    server_config.server_tls = server_tls_factory(*TlsServerContext::create(server_tls));
    server_config.transport.initial_max_data = 64 << 20;
    server_config.transport.initial_max_stream_data_bidi_local = 32 << 20;
    server_config.transport.initial_max_stream_data_bidi_remote = 32 << 20;
    server_config.transport.max_stream_receive_window = 32 << 20;
    server_config.transport.max_connection_receive_window = 64 << 20;
    server_config.transport.stream_send_buffer = 8 << 20;
    EndpointConfig client_config = server_config;
    client_config.server_tls = nullptr;
    client_config.client_tls = client_tls_factory(*TlsClientContext::create(client_tls));
    server_ = Endpoint::create(std::move(server_config), rng_).value();
    client_ = Endpoint::create(std::move(client_config), rng_).value();
    ConnectOptions options;
    options.server_name = "localhost";
    client_handle_ = *client_->connect(now_, kClient, kServer, options);
    while (!server_handle_ || !client().is_handshake_complete() ||
           !server_->connection(*server_handle_)->is_handshake_confirmed()) {
      exchange();
    }
  }

  Connection& client() { return *client_->connection(client_handle_); }
  Connection& server() { return *server_->connection(*server_handle_); }

  // Moves every datagram either side has to send to the other; returns how many moved.
  size_t exchange(size_t max_segments = 16) {
    now_ += Duration::from_micros(10);
    size_t moved = flush(*client_, *server_, kClient, kServer, max_segments);
    moved += flush(*server_, *client_, kServer, kClient, max_segments);
    while (auto e = server_->poll_event()) {
      if (std::holds_alternative<event::IncomingConnection>(e->event)) {
        server_->accept(e->connection);
        server_handle_ = e->connection;
      }
    }
    while (client_->poll_event()) {
    }
    if (client_->next_timeout() <= now_) client_->handle_timeout(now_);
    if (server_->next_timeout() <= now_) server_->handle_timeout(now_);
    return moved;
  }

  Instant now() const { return now_; }

 private:
  size_t flush(Endpoint& from, Endpoint& to, const SocketAddress& src, const SocketAddress& dst,
               size_t max_segments) {
    size_t moved = 0;
    while (auto t = from.poll_transmit(now_, buffer_, max_segments)) {
      for (size_t off = 0; off < t->size; off += t->segment_size) {
        const size_t n = std::min(t->segment_size, t->size - off);
        to.handle_datagram(now_, dst, src, Ecn::kNotEct, std::span(buffer_).subspan(off, n));
        ++moved;
      }
    }
    return moved;
  }

  SeededRng rng_;
  std::unique_ptr<Endpoint> client_;
  std::unique_ptr<Endpoint> server_;
  ConnectionHandle client_handle_ = 0;
  std::optional<ConnectionHandle> server_handle_;
  Instant now_ = Instant::from_nanos(1'000'000'000);
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(65536);
};

// One data packet per iteration: the server writes a packet's worth of stream data, builds and
// seals the packet; the client opens it and acknowledges (every second packet, RFC 9000
// §13.2.2); the server processes the ACK and frees the packet's record.
void BM_SenderCycle(benchmark::State& state) {
  Pair pair;
  auto stream = pair.client().open_stream(true);
  std::vector<uint8_t> data(1100, 0xab);
  (void)pair.client().write(*stream, data);
  pair.exchange();
  std::vector<uint8_t> sink(1 << 16);
  // Warm up pools and buffers.
  for (int i = 0; i < 2000; ++i) {
    (void)pair.server().write(*stream, data);
    pair.exchange(1);
    (void)pair.client().read(*stream, sink, pair.now());
  }
  bench::AllocationScope allocs;
  for (auto _ : state) {
    (void)pair.server().write(*stream, data);
    pair.exchange(1);
    (void)pair.client().read(*stream, sink, pair.now());
  }
  allocs.report(state);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_SenderCycle);

// A bulk download of state.range(0) bytes, in memory with GSO-sized batches: CPU per byte of
// both endpoints together.
void BM_InMemoryTransfer(benchmark::State& state) {
  const uint64_t size = static_cast<uint64_t>(state.range(0));
  std::vector<uint8_t> chunk(64 * 1024, 0x5a);
  std::vector<uint8_t> sink(256 * 1024);
  for (auto _ : state) {
    state.PauseTiming();
    Pair pair;
    auto stream = pair.client().open_stream(true);
    (void)pair.client().finish(*stream);
    pair.exchange();
    state.ResumeTiming();
    uint64_t written = 0;
    uint64_t read = 0;
    while (read < size) {
      while (written < size) {
        auto n = pair.server().write(
            *stream, std::span(chunk).first(
                         static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - written))));
        if (!n.ok() || *n == 0) break;
        written += *n;
      }
      if (written == size) (void)pair.server().finish(*stream);
      pair.exchange();
      while (true) {
        auto r = pair.client().read(*stream, sink, pair.now());
        if (!r.ok() || r->bytes == 0) break;
        read += r->bytes;
      }
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}
BENCHMARK(BM_InMemoryTransfer)->Arg(100 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace quasar
